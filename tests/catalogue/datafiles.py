"""Helpers to build and edit catalogue data files in tests."""

from __future__ import annotations

from typing import Any

from wpsdesk.catalogue.datafile import CatalogueSpec, parse_data


def find(items: list[dict[str, Any]], code: str) -> dict[str, Any]:
    """The item with ``code`` anywhere in a data file's item tree."""
    for item in items:
        if item["code"] == code:
            return item
        try:
            return find(item.get("children") or [], code)
        except KeyError:
            continue
    raise KeyError(code)


def remove(items: list[dict[str, Any]], code: str) -> dict[str, Any]:
    """Take the item with ``code`` out of the tree (and every ``related`` mention of it)."""
    for index, item in enumerate(items):
        if item["code"] == code:
            return items.pop(index)
        try:
            return remove(item.get("children") or [], code)
        except KeyError:
            continue
    raise KeyError(code)


def drop_mentions(items: list[dict[str, Any]], code: str) -> None:
    for item in items:
        if code in item.get("related", []):
            item["related"].remove(code)
        drop_mentions(item.get("children") or [], code)


def small_data(edition: str = "2030–2040", **header: Any) -> dict[str, Any]:
    """A tiny catalogue: one priority with a commitment and its sub-point, one resolution."""
    return {
        "catalogue": header.get("catalogue", "no-mfa-wps-guidelines"),
        "edition": edition,
        "title": header.get("title", f"Guidelines ({edition})"),
        "source": "A test file",
        "language": "en",
        "items": [
            {
                "code": "P1",
                "kind": "thematic_priority",
                "title": "Peace processes and implementation of peace agreements",
                "text": "",
                "children": [
                    {
                        "code": "P1.C.1",
                        "kind": "commitment",
                        "text": "Endeavour to ensure a good gender balance in our own teams.",
                        "related": ["SCR.1325"],
                        "children": [
                            {"code": "P1.C.1.a", "kind": "sub_point", "text": "in delegations;"}
                        ],
                    }
                ],
            },
            {
                "code": "SCR",
                "kind": "section",
                "title": "Resolutions",
                "text": "Main message",
                "children": [
                    {
                        "code": "SCR.1325",
                        "kind": "resolution",
                        "title": "SCR 1325 (2000)",
                        "text": "Women’s participation in peace processes.",
                    }
                ],
            },
        ],
    }


def spec_of(data: dict[str, Any]) -> CatalogueSpec:
    return parse_data(data)
