"""Every route × method × person has an expected outcome, and no route is without one.

Rows live in ``tests/<app>/authz_rows.py``; see ``tests/authz.py`` for their meaning.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.authz import PERSONAS, Row
from tests.personas import Cast, verified_client

# Routes of libraries we mount whole; checked through the row named for each.
MOUNTED_WHOLE = {"admin": "admin:index"}


def collect_rows() -> list[Row]:
    rows: list[Row] = []
    for path in sorted(Path(__file__).parent.glob("*/authz_rows.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.authz_rows")
        rows.extend(module.ROWS)
    return rows


ROWS = collect_rows()


def route_names(patterns: list, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            if pattern.namespace in MOUNTED_WHOLE and not namespace:
                names.add(MOUNTED_WHOLE[pattern.namespace])
                continue
            names |= route_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            if pattern.name is None:
                names.add(f"{namespace}<unnamed {pattern.pattern}>")
            else:
                names.add(f"{namespace}{pattern.name}")
    return names


def test_every_route_has_a_row() -> None:
    routes = route_names(get_resolver().url_patterns)
    covered = {row.name for row in ROWS}
    missing = sorted(routes - covered)
    assert not missing, f"Routes without a row in the authorization table: {missing}"


def test_every_row_names_a_real_route() -> None:
    routes = route_names(get_resolver().url_patterns)
    stale = sorted({row.name for row in ROWS} - routes)
    assert not stale, f"Rows for routes that do not exist: {stale}"


def _as_read(client: Client, row: Row, url: str, data: dict) -> dict[str, str]:
    """Send back the version the person read, as a browser or an API client would.

    Edits of a record that two people can change carry the version it was read at (see
    docs/concurrency.md): the page's hidden input, the API's If-Match. The table is about
    who may write, so each person's write is made from a fresh read of the record.
    """
    if row.method not in {"POST", "PUT", "PATCH"} or row.public:
        return {}
    if row.api:
        if row.method == "POST":
            return {}
        read = client.get(url)
        return {"If-Match": read["ETag"]} if read.status_code == 200 and "ETag" in read else {}
    read = client.get(url)
    form = read.context.get("form") if read.status_code == 200 and read.context else None
    name = getattr(form, "version_input_name", None)
    if name and name not in data:
        data[name] = form.version_value  # type: ignore[union-attr]
    return {}


def _request(client: Client, row: Row, cast: Cast, setup: object):
    url = reverse(row.name, kwargs=row.kwargs(cast, setup)) + (f"?{row.query}" if row.query else "")
    data = row.data(cast, setup)
    method = row.method.lower()
    headers = _as_read(client, row, url, data)
    if row.api and method in {"post", "put", "patch"}:
        return client.generic(
            row.method, url, json.dumps(data), content_type="application/json", headers=headers
        )
    if method == "get":
        return client.get(url, data)
    if method == "post":
        return client.post(url, data)
    return client.generic(row.method, url, data)


def _ok(status: int, row: Row) -> bool:
    return status < 400 and status != row.denied


@pytest.mark.database_independent
@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row.method} {row.name}")
def test_row(row: Row, cast: Cast) -> None:
    setup = row.setup(cast)
    failures: list[str] = []

    anonymous = _request(Client(), row, cast, setup)
    if row.public:
        if not anonymous.status_code < 400:
            failures.append(f"anonymous: {anonymous.status_code}, expected success")
    elif row.api:
        if anonymous.status_code not in {401, 403}:
            failures.append(f"anonymous: {anonymous.status_code}, expected 401/403")
    elif anonymous.status_code != 302 or "/accounts/login/" not in anonymous["Location"]:
        failures.append(f"anonymous: {anonymous.status_code}, expected redirect to log-in")

    unverified = Client()
    unverified.force_login(cast.officer, backend="django.contrib.auth.backends.ModelBackend")
    half = _request(unverified, row, cast, setup)
    if row.public:
        pass
    elif row.api:
        if half.status_code not in {401, 403}:
            failures.append(f"password only: {half.status_code}, expected 401/403")
    elif half.status_code != 302 or "/accounts/second-factor/" not in half["Location"]:
        failures.append(f"password only: {half.status_code}, expected the second factor")

    if not row.public:
        for persona in PERSONAS:
            response = _request(verified_client(getattr(cast, persona)), row, cast, setup)
            if persona in row.allowed:
                if not _ok(response.status_code, row):
                    failures.append(f"{persona}: {response.status_code}, expected success")
            elif response.status_code != row.denied_as.get(persona, row.denied):
                expected = row.denied_as.get(persona, row.denied)
                failures.append(f"{persona}: {response.status_code}, expected {expected}")

    assert not failures, f"{row.method} {row.name}:\n" + "\n".join(failures)
