"""Authorization rows for peace processes: every page, API route and method, for every persona.

Records are built in the Embassy in Bogotá (the lead unit). Another unit's process is 404
(as if it did not exist); the unit's own reader, and the HQ coordinator who may read it,
get 403 on writes. Approving an analysis takes the lead of the unit that wrote it.
"""

from __future__ import annotations

import itertools
from typing import Any

from tests.authz import PERSONAS, Row, not_offered
from tests.personas import Cast
from tests.processes.factories import make_analysis, make_current_plan, make_process
from wpsdesk.processes.models import InclusionEntry

ALL_PEOPLE = frozenset(PERSONAS)
LOGGERS = frozenset({"officer", "lead", "outsider", "coordinator"})
SEE_BOGOTA = frozenset({"officer", "lead", "reader", "coordinator"})
EDIT_BOGOTA = frozenset({"officer", "lead"})
READ_ONLY_HERE = {"reader": 403, "coordinator": 403}
GROUP = "grassroots_women"

_names = itertools.count(1)


def process(cast: Cast) -> Any:
    return make_process(cast.bogota)


def analysis(cast: Cast) -> Any:
    return make_analysis(make_process(cast.bogota))


def entry_with_gaps(cast: Cast) -> Any:
    make_current_plan(cast.bogota, cast.lead)
    return InclusionEntry.objects.create(
        process=make_process(cast.bogota), group=GROUP, gaps="No grassroots network consulted."
    )


def pk(cast: Cast, record: Any) -> dict[str, Any]:
    return {"pk": record.pk}


def group_kwargs(cast: Cast, record: Any) -> dict[str, Any]:
    process_id = getattr(record, "process_id", None) or record.pk
    return {"pk": process_id, "group": GROUP}


def process_data(cast: Cast, setup: Any) -> dict[str, Any]:
    # A new name for every request: a unit's processes have different names.
    return {
        "name": f"Table talks {next(_names)}",
        "countries": "CO",
        "phase": "negotiation",
        "norway_role": "facilitator",
        "classification": "internal",
    }


def analysis_data(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"title": "Analysis", "unit": str(cast.bogota.pk), "classification": "internal"}


def draft_data(cast: Cast, setup: Any) -> dict[str, Any]:
    return {
        "analysed_on": "2026-03-01",
        "authors": "Desk officer",
        "actors-TOTAL_FORMS": "0",
        "actors-INITIAL_FORMS": "0",
    }


def inclusion_data(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"assessment": "Two national networks.", "gaps": "Rural groups not heard."}


def api_process(cast: Cast, setup: Any) -> dict[str, Any]:
    return {
        "unit": "test-bogota",
        "name": f"API talks {next(_names)}",
        "countries": ["CO"],
        "phase": "exploratory",
        "norway_role": "observer",
    }


def edit_rows(name: str, setup: Any, data: Any, kwargs: Any = pk) -> list[Row]:
    return [
        Row(
            name,
            method=method,
            setup=setup,
            kwargs=kwargs,
            data=data if method == "POST" else (lambda cast, setup: {}),
            allowed=EDIT_BOGOTA,
            denied=404,
            denied_as=READ_ONLY_HERE,
            notes="another unit's record is 404; its own reader and HQ get 403",
        )
        for method in ("GET", "POST")
    ]


ROWS = [
    Row("processes:list", allowed=ALL_PEOPLE, notes="an empty list for people with none"),
    Row("processes:create", allowed=LOGGERS),
    Row("processes:create", method="POST", allowed=LOGGERS, data=process_data),
    Row("processes:detail", setup=process, kwargs=pk, allowed=SEE_BOGOTA, denied=404),
    *edit_rows("processes:edit", process, process_data),
    *edit_rows("processes:analysis_create", process, analysis_data),
    *edit_rows("processes:inclusion_edit", process, inclusion_data, kwargs=group_kwargs),
    Row(
        "processes:inclusion_activity",
        method="POST",
        setup=entry_with_gaps,
        kwargs=group_kwargs,
        data=lambda cast, setup: {"title": "Consult the rural women's network"},
        allowed=EDIT_BOGOTA,
        denied=404,
        denied_as=READ_ONLY_HERE,
    ),
    *not_offered("processes:inclusion_activity", "GET", setup=entry_with_gaps, kwargs=group_kwargs),
    Row("processes:analysis", setup=analysis, kwargs=pk, allowed=SEE_BOGOTA, denied=404),
    Row("processes:analysis_compare", setup=analysis, kwargs=pk, allowed=SEE_BOGOTA, denied=404),
    *edit_rows("processes:analysis_edit", analysis, draft_data),
    Row(
        "processes:analysis_approve",
        method="POST",
        setup=analysis,
        kwargs=pk,
        allowed=frozenset({"lead"}),
        denied=404,
        denied_as={"officer": 403, **READ_ONLY_HERE},
        notes="approving takes the lead of the unit that wrote the analysis",
    ),
    *not_offered("processes:analysis_approve", "GET", setup=analysis, kwargs=pk),
    Row(
        "processes:analysis_new_version",
        method="POST",
        setup=analysis,
        kwargs=pk,
        allowed=EDIT_BOGOTA,
        denied=404,
        denied_as=READ_ONLY_HERE,
    ),
    *not_offered("processes:analysis_new_version", "GET", setup=analysis, kwargs=pk),
    # The API
    Row("api:processes:process-list", api=True, allowed=ALL_PEOPLE),
    Row(
        "api:processes:process-list",
        method="POST",
        api=True,
        data=api_process,
        allowed=EDIT_BOGOTA,
        notes="recording in a unit one may not write in is 403",
    ),
    Row(
        "api:processes:process-detail",
        api=True,
        setup=process,
        kwargs=pk,
        allowed=SEE_BOGOTA,
        denied=404,
    ),
    *[
        Row(
            "api:processes:process-detail",
            method=method,
            api=True,
            setup=process,
            kwargs=pk,
            data=lambda cast, setup: {"phase": "ceasefire"},
            allowed=EDIT_BOGOTA,
            denied=404,
            denied_as=READ_ONLY_HERE,
        )
        for method in ("PATCH",)
    ],
    *not_offered("api:processes:process-detail", "DELETE", setup=process, kwargs=pk),
]


def objective(cast: Cast) -> Any:
    from wpsdesk.processes.models import StrategyObjective

    return StrategyObjective.objects.create(
        process=make_process(cast.bogota),
        objective="Women in both delegations",
        approach="delegations",
    )


def objective_data(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"objective": "Women in both delegations", "approach": "delegations"}


ROWS += [
    *edit_rows("processes:objective_add", process, objective_data),
    *edit_rows("processes:objective_edit", objective, objective_data),
]


# --- agreements and clauses (texts left out: the rows are about who may, not screening) ---


def agreement(cast: Cast) -> Any:
    from tests.processes.factories import make_agreement

    return make_agreement(make_process(cast.bogota), cast.officer, text=None)


def clause(cast: Cast) -> Any:
    from tests.processes.factories import make_clause

    return make_clause(agreement(cast))


def agreement_data(cast: Cast, setup: Any) -> dict[str, Any]:
    # A new title for every request: a process's agreements have different titles.
    return {"title": f"Agreement {next(_names)}", "signed_on": "2026-02-01"}


def clause_data(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"text": "Women hold a third of the commission's seats.", "theme": "participation"}


def status_data(cast: Cast, setup: Any) -> dict[str, Any]:
    return {"status": "partly", "since": "2026-03-01", "evidence": "Decree 12 (2026)"}


def seats_data(cast: Cast, setup: Any) -> dict[str, Any]:
    return {
        "mechanism": "Monitoring commission",
        "seats_total": "12",
        "seats_women": "4",
        "as_of": "2026-03-01",
    }


ROWS += [
    *edit_rows("processes:agreement_create", process, agreement_data),
    Row("processes:agreement", setup=agreement, kwargs=pk, allowed=SEE_BOGOTA, denied=404),
    *edit_rows("processes:agreement_edit", agreement, agreement_data),
    Row(
        "processes:clause_decide",
        method="POST",
        setup=agreement,
        kwargs=pk,
        data=lambda cast, setup: {"provision": "Article 1", "action": "accept"},
        allowed=EDIT_BOGOTA,
        denied=404,
        denied_as=READ_ONLY_HERE,
        notes="a provision the text does not hold comes back as a message, not a change",
    ),
    *not_offered("processes:clause_decide", "GET", setup=agreement, kwargs=pk),
    *edit_rows("processes:clause_add", agreement, clause_data),
    *edit_rows("processes:seats_add", agreement, seats_data),
    Row("processes:clause", setup=clause, kwargs=pk, allowed=SEE_BOGOTA, denied=404),
    *edit_rows("processes:clause_edit", clause, clause_data),
    *edit_rows("processes:clause_status", clause, status_data),
    Row("processes:analyses", allowed=ALL_PEOPLE, notes="an empty list for people with none"),
    Row("processes:analysis_create_country", allowed=LOGGERS),
    Row(
        "processes:analysis_create_country",
        method="POST",
        allowed=LOGGERS,
        data=lambda cast, setup: {
            "title": "Country analysis",
            "country": "CO",
            "classification": "internal",
        },
    ),
]
