"""A year of work in Bogotá to report on: a plan with a goal, an internal and a restricted
engagement, and reports in their states."""

from __future__ import annotations

from typing import Any

from tests.engagements.factories import make_engagement
from tests.personas import Cast
from tests.planning.factories import YEAR, make_chain
from wpsdesk.engagements.models import Side
from wpsdesk.organisation.models import Classification
from wpsdesk.planning import services as planning_services
from wpsdesk.reports import services
from wpsdesk.reports.models import AnnualReport

RESTRICTED_GOAL = "Protect the shelter of the women human rights defenders"


def year_of_work(cast: Cast, *, restricted: bool = True) -> dict[str, Any]:
    """An internal plan serving P1, a restricted plan serving P3, engagements of the year."""
    chain = make_chain(cast.bogota, cast.officer)
    found: dict[str, Any] = {"chain": chain}
    if restricted:
        plan = planning_services.plan_create(
            actor=cast.officer,
            unit=cast.bogota,
            year=YEAR,
            kind="separate",
            classification=Classification.RESTRICTED,
        )
        from tests.planning.factories import item

        goal = planning_services.goal_create(
            actor=cast.officer, plan=plan, title=RESTRICTED_GOAL, items=[item("P1.C.1")]
        )
        found["restricted_plan"] = plan
        found["restricted_goal"] = goal
    found["engagement"] = make_engagement(
        cast.bogota,
        counts={
            (Side.NORWAY, "women"): 6,
            (Side.NORWAY, "men"): 4,
            (Side.COUNTERPART, "women"): 3,
            (Side.COUNTERPART, "men"): 9,
        },
    )
    return found


def make_report(cast: Cast, *, language: str = "en") -> AnnualReport:
    return services.report_start(actor=cast.lead, unit=cast.bogota, year=YEAR, language=language)


def submitted(cast: Cast) -> AnnualReport:
    report = make_report(cast)
    services.report_approve(actor=cast.lead, report=report)
    services.report_submit(actor=cast.lead, report=report)
    report.refresh_from_db()
    return report
