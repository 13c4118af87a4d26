"""A made-up report's content of a chosen size, for tests and the rendering benchmark.

It follows SCHEMA.md and is shaped like a service-wide report: three thematic priorities,
each with its commitments and the efforts / results / problems / next-year narratives, a
table across all units per priority, charts with their tables, and the units that have
not reported. Nothing here is real data.
"""

from __future__ import annotations

import random
from typing import Any

PRIORITIES = {
    "en": [
        "Women’s participation in peace processes",
        "Protection of women and girls in conflict",
        "Women, peace and security in Norway’s multilateral work",
    ],
    "nb": [
        "Kvinners deltakelse i fredsprosesser",
        "Beskyttelse av kvinner og jenter i konflikt",
        "Kvinner, fred og sikkerhet i Norges multilaterale arbeid",
    ],
}
WORDS = {
    "en": {
        "title": "Annual WPS report {year} — the Foreign Service",
        "unit_title": "Annual WPS report {year} — {unit}",
        "subtitle": "Efforts, results and problems",
        "status": "Draft — figures as of 6 December {year}",
        "commitment": "Commitment {n}",
        "efforts": "Efforts",
        "results": "Results",
        "problems": "Problems",
        "next": "Next year",
        "unit": "Unit",
        "engagements": "Engagements",
        "women": "Women’s share",
        "spoke": "Women spoke",
        "led": "Women led",
        "figures": "Figures across the service",
        "missing": "Units that have not reported",
        "status_col": "Status",
        "not_submitted": "Not submitted",
        "years": "Women’s share of participants by year",
        "sides": "Government",
        "armed": "Armed group",
        "civil": "Civil society",
        "note": "{n} restricted records are not shown.",
        "text": (
            "The unit raised the participation of women in {n} meetings with the parties and "
            "followed up the issues women raised.\n\nThe work went on through the year; "
            "the results are set out below.\nFigures are as of the report date."
        ),
    },
    "nb": {
        "title": "Årsrapport KFS {year} — utenrikstjenesten",
        "unit_title": "Årsrapport KFS {year} — {unit}",
        "subtitle": "Innsats, resultater og utfordringer",
        "status": "Utkast — tall per 6. desember {year}",
        "commitment": "Forpliktelse {n}",
        "efforts": "Innsats",
        "results": "Resultater",
        "problems": "Utfordringer",
        "next": "Neste år",
        "unit": "Enhet",
        "engagements": "Møter",
        "women": "Kvinneandel",
        "spoke": "Kvinner talte",
        "led": "Kvinner ledet",
        "figures": "Tall for hele tjenesten",
        "missing": "Enheter som ikke har rapportert",
        "status_col": "Status",
        "not_submitted": "Ikke sendt",
        "years": "Kvinneandel blant deltakerne per år",
        "sides": "Regjering",
        "armed": "Væpnet gruppe",
        "civil": "Sivilsamfunn",
        "note": "{n} begrensede oppføringer vises ikke.",
        "text": (
            "Enheten tok opp kvinners deltakelse i {n} møter med partene og fulgte opp "
            "sakene kvinner reiste.\n\nArbeidet fortsatte gjennom året; resultatene står "
            "nedenfor.\nTallene gjelder per rapportdato."
        ),
    },
}


def _unit_rows(rng: random.Random, units: int) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for index in range(units):
        engagements = rng.randint(0, 4000)
        share = None if engagements == 0 else round(rng.uniform(5, 70), 1)
        rows.append(
            [f"Unit {index + 1:03d}", engagements, share, rng.randint(0, 200), rng.randint(0, 80)]
        )
    return rows


def sample_content(
    *,
    units: int = 120,
    commitments: int = 30,
    charts: int = 20,
    language: str = "en",
    year: int = 2026,
    unit: dict[str, str] | None = None,
    seed: int = 2026,
    commitment_tables: bool = False,
) -> dict[str, Any]:
    """A service-wide (or, with ``unit``, a unit's) report of realistic size.

    With ``commitment_tables`` every commitment also gets a table across all units (the
    heaviest report the service could ask for: priorities x commitments x units rows).
    """
    rng = random.Random(seed)  # noqa: S311 - made-up figures, not security
    w = WORDS[language]
    years = [str(y) for y in range(2023, year + 1)]
    per_priority = max(1, -(-charts // 3))  # rounded up
    sections: list[dict[str, Any]] = []
    figure = 0
    for p_index, priority in enumerate(PRIORITIES[language], start=1):
        subsections: list[dict[str, Any]] = []
        for c_index in range(1, commitments + 1):
            extra: list[dict[str, Any]] = []
            if commitment_tables:
                extra.append(
                    {
                        "kind": "table",
                        "id": f"p{p_index}-c{c_index}-units",
                        "caption": w["commitment"].format(n=f"{p_index}.{c_index}"),
                        "columns": [w["unit"], w["engagements"], w["women"], w["spoke"], w["led"]],
                        "rows": _unit_rows(rng, units),
                        "numeric": [False, True, True, True, True],
                    }
                )
            subsections.append(
                {
                    "id": f"p{p_index}-c{c_index}",
                    "heading": w["commitment"].format(n=f"{p_index}.{c_index}"),
                    "level": 3,
                    "blocks": [
                        {"kind": "paragraph", "text": w["text"].format(n=rng.randint(1, 90))},
                        *extra,
                    ],
                    "sections": [],
                }
            )
        narratives = [
            {
                "id": f"p{p_index}-{key}",
                "heading": w[key],
                "level": 2,
                "blocks": [
                    {
                        "kind": "narrative",
                        "id": f"p{p_index}-{key}-text",
                        "label": w[key],
                        "text": w["text"].format(n=rng.randint(1, 90)),
                    }
                ],
                "sections": subsections if key == "efforts" else [],
            }
            for key in ("efforts", "results", "problems", "next")
        ]
        blocks: list[dict[str, Any]] = [
            {"kind": "paragraph", "text": w["text"].format(n=rng.randint(1, 90))},
            {
                "kind": "table",
                "id": f"p{p_index}-units",
                "caption": f"{priority}: {w['engagements']}",
                "columns": [w["unit"], w["engagements"], w["women"], w["spoke"], w["led"]],
                "rows": _unit_rows(rng, units),
                "numeric": [False, True, True, True, True],
            },
            {"kind": "note", "text": w["note"].format(n=rng.randint(1, 9))},
            {
                "kind": "list",
                "items": [w["commitment"].format(n=f"{p_index}.{i}") for i in range(1, 4)],
            },
        ]
        for _ in range(per_priority):
            figure += 1
            kind = ("bar", "stacked_bar", "line")[figure % 3]
            series: list[dict[str, Any]] = [
                {"name": name, "values": [round(rng.uniform(10, 60), 1) for _ in years]}
                for name in (w["sides"], w["armed"], w["civil"])
            ]
            if kind == "stacked_bar":
                series = [
                    {"name": s["name"], "values": [rng.randint(0, 400) for _ in years]}
                    for s in series
                ]
            percent = kind != "stacked_bar"
            blocks.append(
                {
                    "kind": "chart",
                    "id": f"chart-{figure}",
                    "caption": f"{w['years']} ({figure})",
                    "alt": f"{w['years']}: {', '.join(s['name'] for s in series)}",
                    "chart": kind,
                    "categories": years,
                    "series": series,
                    "unit": "%" if percent else "",
                    "parity": percent,
                }
            )
            blocks.append(
                {
                    "kind": "table",
                    "id": f"chart-{figure}-figures",
                    "caption": f"{w['years']} ({figure})",
                    "columns": [w["unit"], *(str(s["name"]) for s in series)],
                    "rows": [[y, *(s["values"][i] for s in series)] for i, y in enumerate(years)],
                    "numeric": [False, True, True, True],
                }
            )
        sections.append(
            {
                "id": f"p{p_index}",
                "heading": priority,
                "level": 1,
                "blocks": blocks,
                "sections": narratives,
            }
        )
    sections.append(
        {
            "id": "units-missing",
            "heading": w["missing"],
            "level": 1,
            "blocks": [
                {
                    "kind": "table",
                    "id": "units-missing-table",
                    "caption": w["missing"],
                    "columns": [w["unit"], w["status_col"]],
                    "rows": [[f"Unit {i:03d}", w["not_submitted"]] for i in range(1, units + 1, 7)],
                    "numeric": [False, False],
                }
            ],
            "sections": [],
        }
    )
    title = (
        w["unit_title"].format(year=year, unit=unit["name"])
        if unit
        else w["title"].format(year=year)
    )
    return {
        "schema": 1,
        "title": title,
        "subtitle": w["subtitle"],
        "language": language,
        "year": year,
        "unit": unit,
        "generated_at": f"{year}-12-06T09:30:00+00:00",
        "status_line": w["status"].format(year=year),
        "sections": sections,
    }
