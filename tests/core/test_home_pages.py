"""The home page per persona: a unit's year, HQ's service at a glance, an auditor's reviews.

Figures count only what the person may read: a restricted engagement is counted for the
officer who holds clearance and not for the reader who does not (the sibling shows it is
there). Query counts are exact and do not grow with the records.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.engagements.factories import make_engagement
from tests.personas import Cast, verified_client
from tests.planning.factories import load_guidelines, make_chain, make_run
from wpsdesk.engagements.home import quarter_start
from wpsdesk.engagements.models import Engagement, Gender, Side
from wpsdesk.organisation.models import BreakGlass, Classification
from wpsdesk.planning.models import Activity, ActivityStatus

HOME = reverse("core:home")


def page(client: Client) -> str:
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, key: str) -> str:
    """The body of one home panel (empty when the page does not show it)."""
    start = html.find(f'data-panel="{key}"')
    if start < 0:
        return ""
    return html[start : html.find("</section>", start)]


@pytest.fixture
def year_of_work(cast: Cast) -> None:
    """Bogotá this year: a plan with one activity, a checklist, engagements this quarter."""
    load_guidelines()
    year = timezone.localdate().year
    make_chain(cast.bogota, cast.officer, year=year)
    make_run(cast.bogota, cast.lead, year=year)
    day = quarter_start(timezone.localdate())
    make_engagement(
        cast.bogota,
        date=day,
        counts={(Side.COUNTERPART, Gender.WOMAN): 6, (Side.COUNTERPART, Gender.MAN): 14},
    )
    make_engagement(
        cast.bogota,
        date=day,
        title="Confidential round",
        classification=Classification.RESTRICTED,
        counts={(Side.COUNTERPART, Gender.WOMAN): 10, (Side.COUNTERPART, Gender.MAN): 10},
    )


def test_a_unit_member_sees_the_units_year(cast: Cast, year_of_work: None) -> None:
    home = page(verified_client(cast.officer))
    plan = section(home, "plan")
    assert "Activities done" in plan and "0 / 1" in plan
    assert "Answered" in section(home, "checklist")
    quarter = section(home, "engagements-quarter")
    # Two engagements, 16 women of 40 who took part (the restricted one included).
    assert "40%" in quarter and "16 of 40" in quarter
    assert "Follow-ups" in home and "Recent screenings" in home
    assert "The service at a glance" not in home


def test_a_reader_without_clearance_does_not_count_the_restricted_engagement(
    cast: Cast, year_of_work: None
) -> None:
    quarter = section(page(verified_client(cast.reader)), "engagements-quarter")
    assert "30%" in quarter and "6 of 20" in quarter
    assert "16 of 40" not in quarter
    assert Engagement.objects.filter(classification=Classification.RESTRICTED).exists()


def test_hq_sees_the_service_at_a_glance_with_the_ways_to_gaps_and_dashboards(
    cast: Cast, year_of_work: None
) -> None:
    home = page(verified_client(cast.coordinator))
    glance = section(home, "service")
    assert "Plans for" in glance and "Units without a plan" in glance
    assert f'href="{reverse("planning:gaps")}"' in glance
    figures = section(home, "engagement-figures")
    assert f'href="{reverse("engagements:dashboard")}"' in figures
    assert f'href="{reverse("grants:dashboard")}"' in figures
    # HQ reads internal records of every unit, not the restricted one: 6 of 20, shown
    # since no cell is small.
    assert "30%" in figures
    for person in (cast.officer, cast.lead, cast.auditor):
        assert 'data-panel="service"' not in page(verified_client(person))


def test_an_auditor_sees_the_reviews_due_and_nothing_of_a_unit(cast: Cast) -> None:
    record = make_engagement(cast.bogota, classification=Classification.RESTRICTED)
    BreakGlass.objects.create(
        user=cast.reader,
        content_type=ContentType.objects.get_for_model(Engagement),
        object_id=record.pk,
        unit=cast.bogota,
        reason="Minister asked for the summary",
        expires_at=timezone.now() + dt.timedelta(hours=4),
    )
    home = page(verified_client(cast.auditor))
    reviews = section(home, "reviews")
    assert f"engagements.engagement #{record.pk}" in reviews
    assert "Minister asked for the summary" in reviews
    assert record.title not in home
    assert 'data-panel="plan"' not in home
    assert 'data-panel="reviews"' not in page(verified_client(cast.lead))


def test_last_years_open_activity_is_dated_and_not_now(cast: Cast) -> None:
    load_guidelines()
    year = timezone.localdate().year
    old = make_chain(cast.bogota, cast.officer, year=year - 1)
    Activity.objects.filter(pk=old.activity.pk).update(due_date=dt.date(year - 1, 11, 1))
    current = make_chain(cast.bogota, cast.officer, year=year)
    Activity.objects.filter(pk=current.activity.pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=3)
    )
    home = page(verified_client(cast.officer))
    todo = home[home.find('id="todo-heading"') : home.find("</section>")]
    assert todo.count(">Now<") == 1
    assert f"left open in the {year - 1} plan" in todo
    assert f'<time datetime="{dt.date(year - 1, 11, 1).isoformat()}"' in todo
    assert old.activity.status == ActivityStatus.PLANNED


# Session, person, device, roles, units; one query per task provider (memberships ending,
# break-glass openings, grants waiting for approval, screenings, follow-ups, two for plans,
# strategy reviews of peace processes, grantee reports due, SEAH follow-up steps due,
# mediator and people-at-risk reviews where they apply, calendar reminders, deployed
# personnel's reviews for unit members); then the panels: the plan (two),
# the checklist (two), engagements this quarter (two), follow-ups (one), screenings (one).
# HQ: two more for the annual reports submitted this year (reports.home).
HOME_QUERIES = {"officer": 20, "coordinator": 26, "auditor": 6}


@pytest.mark.parametrize("persona", sorted(HOME_QUERIES))
def test_the_home_page_costs_a_fixed_number_of_queries(
    cast: Cast, year_of_work: None, persona: str, django_assert_num_queries
) -> None:
    client = verified_client(getattr(cast, persona))
    client.get(HOME)  # warm the session and content-type caches
    with django_assert_num_queries(HOME_QUERIES[persona]):
        client.get(HOME)
    load_more(cast)
    with django_assert_num_queries(HOME_QUERIES[persona]):
        client.get(HOME)


def load_more(cast: Cast) -> None:
    """More of everything the panels count: the page must not cost more for it."""
    year = timezone.localdate().year
    make_chain(cast.amman, cast.outsider, year=year)
    make_chain(cast.section, cast.coordinator, year=year)
    for _ in range(3):
        make_engagement(cast.bogota, date=timezone.localdate())
        record = make_engagement(cast.amman, classification=Classification.RESTRICTED)
        BreakGlass.objects.create(
            user=cast.outsider,
            content_type=ContentType.objects.get_for_model(Engagement),
            object_id=record.pk,
            unit=cast.amman,
            reason="checking",
            expires_at=timezone.now() + dt.timedelta(hours=4),
        )
