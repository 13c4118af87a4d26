"""``wpsdesk bench scale``: a generated organisation at N times Norway, and every page timed.

1× is Norway after a few years: 100 units, 500 people, 20,000 engagements with 200,000
participation rows, 5,000 activities over 8 plan years, checklist runs, indicators with
values, screened documents, and a mix of internal, restricted and strictly restricted
records with grants. The data is the same for the same scale (a seeded generator) and is
written with bulk inserts of the real models; what the application derives from records
(the catalogue's search rows, screened documents' themes and counts) is there too.

Then each page, detail page, dashboard, API list and export is requested through the Django
test client against that database with debug off, as an HQ coordinator and as an embassy
lead: after a warm-up, ``repeat`` timed requests give p50 and p95, the SQL query count and
the response size; exports also give their peak memory (``tracemalloc``).
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
import tracemalloc
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from wpsdesk.core import heap

#: Records per unit of scale (1 = Norway).
PER_SCALE = {
    "units": 100,
    "people": 500,
    "engagements": 20_000,
    "participation_per_engagement": 10,
    "activities": 5_000,
    "indicators": 1_400,
    "documents": 350,
}
PLAN_YEARS = 8
SEED = 20261206
BATCH = 2_000


@dataclass
class Measurement:
    """One timed page for one persona (the keys of ``--json``)."""

    page: str
    persona: str
    kind: str
    p50_ms: float
    p95_ms: float
    queries: int
    kb: float
    peak_mb: float | None = None
    status: int = 200
    cpu_ms: float | None = None  # the annual report only: CPU time, median of the runs


def counts_for(scale: float) -> dict[str, int]:
    """How many of each record a scale gives (at least one of each)."""
    counts = {key: max(1, round(value * scale)) for key, value in PER_SCALE.items()}
    counts["people"] = max(2, counts["people"])  # the coordinator and the lead
    return counts


def _choices(model: Any, field_name: str) -> list[str]:
    return [value for value, _label in model._meta.get_field(field_name).choices]


def _bulk(model: Any, objects: Iterable[Any]) -> None:
    batch: list[Any] = []
    for obj in objects:
        batch.append(obj)
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)


def generate(scale: float, *, say: Callable[[str], None] = print) -> dict[str, Any]:
    """Fill an empty database with the organisation at ``scale``; return the personas."""
    from django.contrib.contenttypes.models import ContentType
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from wpsdesk.catalogue.models import Item
    from wpsdesk.catalogue.selectors import current_edition
    from wpsdesk.engagements import services as engagement_services
    from wpsdesk.engagements import tallies
    from wpsdesk.engagements.models import (
        CATEGORIES,
        Dimension,
        Engagement,
        IssueRaised,
        Participation,
        Side,
    )
    from wpsdesk.organisation.models import (
        AccessGrant,
        Classification,
        GrantState,
        Membership,
        Role,
        Unit,
        User,
    )
    from wpsdesk.planning.models import (
        Activity,
        ChecklistAnswer,
        ChecklistRun,
        Goal,
        GoalServesItem,
        Indicator,
        IndicatorValue,
        WorkPlan,
    )
    from wpsdesk.screening.models import ScreenedDocument

    rng = random.Random(SEED)  # noqa: S311 - made-up data, the same on every run
    n = counts_for(scale)
    today = timezone.localdate()
    this_year = today.year
    years = list(range(this_year - PLAN_YEARS + 1, this_year + 1))
    classes = [Classification.INTERNAL] * 8 + [Classification.RESTRICTED, "strict"]

    say(f"Units and people ({n['units']} units, {n['people']} people)…")
    unit_kinds = _choices(Unit, "kind")
    _bulk(
        Unit,
        (
            Unit(code=f"u{i:05d}", name=f"Unit {i:05d}", kind=unit_kinds[i % len(unit_kinds)])
            for i in range(n["units"])
        ),
    )
    units = list(Unit.objects.order_by("pk"))
    _bulk(
        User,
        (
            User(
                username=f"person{i:06d}",
                password="!",  # noqa: S106 - an unusable password: nobody logs in
                is_hq_coordinator=i == 0,
                first_name="Person",
                last_name=f"{i:06d}",
            )
            for i in range(n["people"])
        ),
    )
    people = list(User.objects.order_by("pk"))
    roles = [Role.READER, Role.EDITOR, Role.EDITOR, Role.LEAD]
    _bulk(
        Membership,
        (
            Membership(
                user=person,
                unit=units[i % len(units)],
                role=Role.LEAD if i == 1 else roles[i % len(roles)],
                restricted_clearance=i == 1 or i % 3 == 0,
                valid_from=today - dt.timedelta(days=3000),
            )
            for i, person in enumerate(people)
        ),
    )
    coordinator, lead = people[0], people[1]
    for person in (coordinator, lead):
        TOTPDevice.objects.create(user=person, name="bench", confirmed=True)

    say(f"Engagements ({n['engagements']}) and participation rows…")
    kinds = _choices(Engagement, "kind")
    countries = ["CO", "JO", "AF", "SS", "ML", "MM", "PH", "UA", "YE", "SD"]
    start = dt.date(this_year - PLAN_YEARS + 1, 1, 1)
    span = (today - start).days or 1
    _bulk(
        Engagement,
        (
            Engagement(
                unit=units[rng.randrange(len(units))],
                classification=rng.choice(classes),
                kind=rng.choice(kinds),
                date=start + dt.timedelta(days=rng.randrange(span)),
                country=rng.choice(countries),
                forum="UN" if i % 7 == 0 else "",
                title=f"Meeting {i} with the women's network",
                summary="Talks on women's participation in the peace process.",
                wps_on_agenda=rng.random() < 0.6,
            )
            for i in range(n["engagements"])
        ),
    )
    vocabulary = engagement_services.vocabulary()  # the shared categories' ids
    cells = [
        (side, vocabulary[(dimension, category)])
        for side in (Side.NORWAY, Side.COUNTERPART)
        for dimension, categories in CATEGORIES.items()
        if dimension in (Dimension.GENDER, Dimension.AGE)
        for category in categories
    ]
    per = n["participation_per_engagement"]
    engagement_ids = list(Engagement.objects.order_by("pk").values_list("pk", flat=True))
    _bulk(
        Participation,
        (
            Participation(engagement_id=pk, side=side, category_id=category, count=count)
            for pk in engagement_ids
            for side, category in cells[:per]
            for count in [rng.randrange(0, 12)]
        ),
    )
    _bulk(
        IssueRaised,
        (
            IssueRaised(
                engagement_id=pk,
                issue="Women's seats at the table",
                due_date=today - dt.timedelta(days=rng.randrange(-90, 400)),
            )
            for pk in engagement_ids[:: max(1, 10)]
        ),
    )

    say("Kept engagement figures…")
    tallies.rebuild()  # what the services keep as engagements are written, counted at once

    say("Plans, goals, activities, indicators and values…")
    edition = current_edition()
    items = list(Item.objects.filter(edition=edition).values_list("pk", flat=True)[:200])
    _bulk(
        WorkPlan,
        (
            WorkPlan(
                unit=unit,
                year=year,
                classification=rng.choice(classes),
                title=f"WPS plan {unit.code} {year}",
                created_by=lead,
            )
            for unit in units
            for year in years
        ),
    )
    plans = list(WorkPlan.objects.order_by("pk").values_list("pk", flat=True))
    _bulk(
        Goal,
        (
            Goal(plan_id=plan, title=f"Goal {g} of plan {plan}", position=g)
            for plan in plans
            for g in range(2)
        ),
    )
    goals = list(Goal.objects.order_by("pk").values_list("pk", flat=True))
    if items:
        through = GoalServesItem
        _bulk(
            through,
            (
                through(record_id=goal, item_id=items[i % len(items)])
                for i, goal in enumerate(goals)
            ),
        )
    statuses = _choices(Activity, "status")
    _bulk(
        Activity,
        (
            Activity(
                goal_id=goals[i % len(goals)],
                title=f"Activity {i}",
                status=statuses[i % len(statuses)],
                drop_reason="Overtaken by events"
                if statuses[i % len(statuses)] == "dropped"
                else "",
                due_date=today + dt.timedelta(days=rng.randrange(-700, 300)),
            )
            for i in range(n["activities"])
        ),
    )
    indicator_kinds = _choices(Indicator, "kind")
    _bulk(
        Indicator,
        (
            Indicator(
                goal_id=goals[(i * 7) % len(goals)],
                name=f"Indicator {i}",
                kind=indicator_kinds[0],
            )
            for i in range(n["indicators"])
        ),
    )
    indicators = list(Indicator.objects.order_by("pk").values_list("pk", flat=True))
    _bulk(
        IndicatorValue,
        (
            IndicatorValue(
                indicator_id=pk, period=str(this_year - p), target=10, actual=rng.randrange(12)
            )
            for pk in indicators
            for p in range(2)
        ),
    )

    say("Checklist runs and answers…")
    checklist = list(
        Item.objects.filter(edition=edition, code__startswith="CL.").values_list("pk", flat=True)
    )
    run_status = _choices(ChecklistRun, "status")
    if edition is not None:
        _bulk(
            ChecklistRun,
            (
                ChecklistRun(
                    unit=unit,
                    year=year,
                    edition=edition,
                    status=run_status[0],
                    classification=Classification.INTERNAL,
                    created_by=lead,
                )
                for unit in units
                for year in years[-3:]
            ),
        )
        answers = _choices(ChecklistAnswer, "answer")
        runs = list(ChecklistRun.objects.order_by("pk").values_list("pk", flat=True))
        _bulk(
            ChecklistAnswer,
            (
                ChecklistAnswer(run_id=run, item_id=item, answer=rng.choice(answers))
                for run in runs
                for item in checklist[:24]
            ),
        )

    say(f"Screened documents ({n['documents']})…")
    done = "done"
    _bulk(
        ScreenedDocument,
        (
            ScreenedDocument(
                unit=units[i % len(units)],
                classification=rng.choice(classes),
                title=f"Agreement text {i}",
                source=_choices(ScreenedDocument, "source")[0],
                status=done,
                themes=f" {1 + i % 9} {10 + i % 5} ",
                findings_count=rng.randrange(40),
                screened_at=timezone.now(),
                added_by=lead,
            )
            for i in range(n["documents"])
        ),
    )

    say("Grants…")
    # In force, as after the second approval the services ask for on strict records.
    grants_end = timezone.now() + dt.timedelta(days=90)
    engagement_type = ContentType.objects.get_for_model(Engagement)
    strict = list(
        Engagement.objects.filter(classification="strict").values_list("pk", flat=True)[:20]
    )
    _bulk(
        AccessGrant,
        (
            AccessGrant(
                user=people[(i * 13) % len(people)],
                content_type=engagement_type,
                object_id=pk,
                reason="joint follow-up",
                state=GrantState.ACTIVE,
                expires_at=grants_end,
            )
            for i, pk in enumerate(strict)
            if (i * 13) % len(people) not in (0, 1)
        ),
    )
    if strict:  # the lead holds one grant: the filter shape with grants is timed too
        AccessGrant.objects.create(
            user=lead,
            content_type=engagement_type,
            object_id=strict[0],
            reason="case",
            state=GrantState.ACTIVE,
            expires_at=grants_end,
        )
    return {"coordinator": coordinator, "lead": lead}


def personas() -> dict[str, Any]:
    """The two people every page is timed as (made by :func:`generate`)."""
    from wpsdesk.organisation.models import User

    return {
        "hq": User.objects.get(username="person000000"),
        "embassy": User.objects.get(username="person000001"),
    }


def _client(user: Any) -> Client:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    session = client.session
    if device is not None:
        session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def _reauthenticate(client: Client) -> None:
    """A code given just now (exports ask for one within the last minutes)."""
    from wpsdesk.accounts.reauth import REAUTH_SESSION_KEY

    session = client.session
    session[REAUTH_SESSION_KEY] = int(time.time())
    session.save()


def targets(user: Any = None) -> list[tuple[str, str, str]]:
    """(name, kind, URL) of everything that is timed; details open a record the viewer may."""
    from wpsdesk.engagements.models import Engagement
    from wpsdesk.organisation.policy import visible_to
    from wpsdesk.planning.models import WorkPlan

    engagement = visible_to(Engagement.objects.order_by("-pk"), user=user).first()
    plan = visible_to(WorkPlan.objects.order_by("-pk"), user=user).first()
    details = {
        "engagement detail": f"/engagements/{engagement.pk}/" if engagement else "",
        "plan detail": f"/plans/{plan.pk}/" if plan else "",
    }
    year = timezone.localdate().year
    return [
        ("engagements list", "page", "/engagements/"),
        ("engagement detail", "page", details["engagement detail"]),
        ("follow-ups", "page", "/engagements/follow-ups/"),
        ("teams", "page", "/engagements/teams/"),
        ("dashboard all years", "dashboard", "/engagements/dashboard/"),
        ("dashboard one year", "dashboard", f"/engagements/dashboard/?start={year}-01-01"),
        ("dashboard by unit", "dashboard", "/engagements/dashboard/?group=unit"),
        ("plans list", "page", "/plans/"),
        ("plan detail", "page", details["plan detail"]),
        ("activities list", "page", "/plans/activities/"),
        ("indicators list", "page", "/plans/indicators/"),
        ("checklist list", "page", "/plans/checklist/"),
        ("serving", "page", "/plans/serving/P1/"),
        ("catalogue item", "page", "/catalogue/items/P1/"),
        ("screening list", "page", "/screening/"),
        ("API engagements", "api", "/api/engagements/"),
        ("API figures", "api", "/api/engagements/figures/"),
        ("API plans", "api", "/api/plans/"),
        ("API activities", "api", "/api/plans/activities/"),
        ("API checklist runs", "api", "/api/plans/checklist-runs/"),
        ("API serving", "api", "/api/plans/serving/P1/"),
        ("API screening", "api", "/api/screening/documents/"),
        ("export one year CSV", "export", f"/engagements/dashboard/export.csv?start={year}-01-01"),
        ("export engagements CSV", "export", "/engagements/dashboard/export.csv"),
        ("export engagements XLSX", "export", "/engagements/dashboard/export.xlsx"),
        ("export plans XLSX", "export", f"/plans/export/?format=xlsx&year={year}"),
    ]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def _body_size(response: Any) -> int:
    if getattr(response, "streaming", False):
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def measure(
    client: Client, url: str, *, kind: str, repeat: int, warmup: int = 2
) -> tuple[list[float], int, int, int, float | None]:
    """Times (ms), queries, bytes, status and peak MB (exports) of ``repeat`` requests.

    An export is timed untraced (a third as many runs, at least 3, after one warm-up), then
    requested once more under tracemalloc for its peak memory; each export request comes
    with a fresh re-authentication, as a person's would.
    """
    exporting = kind == "export"

    def get() -> tuple[Any, int]:
        if exporting:
            _reauthenticate(client)
        response = client.get(url)
        return response, _body_size(response)

    for _ in range(1 if exporting else warmup):
        get()
    heap.settle()  # as a worker's start-up does (core/heap.py): the page's templates are loaded
    times: list[float] = []
    size = status = queries = 0
    for _ in range(max(3, repeat // 3) if exporting else max(1, repeat)):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response, size = get()
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured.captured_queries)
        status = response.status_code
    peak: float | None = None
    if exporting:
        tracemalloc.start()
        try:
            get()
            peak = tracemalloc.get_traced_memory()[1] / 1e6
        finally:
            tracemalloc.stop()
    return times, queries, size, status, peak


def run(
    *, repeat: int = 10, say: Callable[[str], None] = print, only: Iterable[str] = ()
) -> list[Measurement]:
    """Time every target as both personas."""
    results: list[Measurement] = []
    wanted = set(only)
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver", "localhost"]):
        who = personas()
        clients = {name: _client(user) for name, user in who.items()}
        urls = {name: {t[0]: t[2] for t in targets(user)} for name, user in who.items()}
        for name, kind, _url in targets(who["hq"]):
            if wanted and name not in wanted:
                continue
            for persona, client in clients.items():
                url = urls[persona][name]
                if not url:
                    continue
                times, queries, size, status, peak = measure(client, url, kind=kind, repeat=repeat)
                result = Measurement(
                    page=name,
                    persona=persona,
                    kind=kind,
                    p50_ms=round(statistics.median(times), 1),
                    p95_ms=round(_percentile(times, 0.95), 1),
                    queries=queries,
                    kb=round(size / 1024, 1),
                    peak_mb=None if peak is None else round(peak, 1),
                    status=status,
                )
                results.append(result)
                say(table_row(result))
        if not wanted or "annual report" in wanted:
            results.extend(_annual_report(who["hq"], repeat, say))
    return results


def _annual_report(hq: Any, repeat: int, say: Callable[[str], None]) -> list[Measurement]:
    """The service-wide annual report for 120 units, as DOCX and PDF (target: 10 s each)."""
    from wpsdesk.reports import bench as report_bench

    timed = report_bench.time_service_report(hq, repeat=max(1, repeat // 5), say=say)
    return [
        Measurement(
            page=f"annual report {timing.format.upper()} ({timing.units} units)",
            persona="hq",
            kind="report",
            p50_ms=round(timing.seconds * 1000, 1),
            p95_ms=round(timing.max_seconds * 1000, 1),
            queries=timing.queries,
            kb=timing.kb,
            cpu_ms=round(timing.cpu_seconds * 1000, 1),
        )
        for timing in timed.values()
    ]


HEADER = (
    f"{'page':34} {'persona':8} {'kind':9} {'p50 ms':>8} {'p95 ms':>8} {'queries':>7} "
    f"{'kB':>8} {'peak MB':>8} status"
)


def table_row(m: Measurement) -> str:
    peak = "" if m.peak_mb is None else f"{m.peak_mb:.1f}"
    return (
        f"{m.page:34} {m.persona:8} {m.kind:9} {m.p50_ms:8.1f} {m.p95_ms:8.1f} "
        f"{m.queries:7d} {m.kb:8.1f} {peak:>8} {m.status}"
    )


def as_json(results: list[Measurement]) -> list[dict[str, Any]]:
    return [asdict(m) for m in results]


@transaction.atomic
def generate_atomic(scale: float, say: Callable[[str], None] = print) -> dict[str, Any]:
    """:func:`generate` in one transaction (much faster on SQLite, all or nothing)."""
    return generate(scale, say=say)
