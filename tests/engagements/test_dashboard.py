"""The dashboard: figures from what the viewer may open, small cells hidden outside the unit."""

from __future__ import annotations

import datetime as dt
import re
import time
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.accounts.conftest import code_for
from tests.engagements.factories import make_engagement
from tests.personas import Cast, reauthenticated_client, verified_client
from wpsdesk.accounts.reauth import REAUTH_SESSION_KEY
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.engagements import dashboard
from wpsdesk.engagements.models import IssueRaised, Team, TeamMember
from wpsdesk.engagements.selectors import EngagementFilters

NO_FILTERS = EngagementFilters()


def chart(board: dashboard.Dashboard, slug: str) -> dashboard.Chart:
    return next(c for c in [*board.charts, board.leadership] if c.slug == slug)


def cells(board: dashboard.Dashboard, slug: str) -> dict[str, list[str]]:
    return {row.label: [str(c.share) for c in row.cells] for row in chart(board, slug).rows}


def test_women_share_by_year_for_norway_teams_and_counterparts(cast: Cast) -> None:
    make_engagement(
        cast.bogota,
        date=dt.date(2025, 5, 1),
        counts={("norway", "women"): 3, ("norway", "men"): 1, ("counterpart", "men"): 6},
    )
    make_engagement(
        cast.bogota,
        date=dt.date(2026, 5, 1),
        counts={("norway", "women"): 1, ("norway", "men"): 1},
        wps_on_agenda=False,
    )
    team = Team.objects.create(
        unit=cast.bogota, name="Talks", kind="negotiation", start=dt.date(2026, 1, 1)
    )
    TeamMember.objects.create(team=team, role="head", gender="women", count=1)
    TeamMember.objects.create(team=team, role="member", gender="men", count=3)
    board = dashboard.build(user=cast.officer, filters=NO_FILTERS, group="year")
    assert not board.outside
    assert cells(board, "women-share") == {
        "2025": ["75%", "–", "0%"],
        "2026": ["50%", "25%", "–"],
    }
    assert cells(board, "wps-agenda") == {"2025": ["100%"], "2026": ["0%"]}
    assert cells(board, "leadership") == {"Heads of Norway's teams": ["100%"]}


def test_another_unit_sees_nothing_and_hq_sees_small_cells_hidden(cast: Cast) -> None:
    make_engagement(cast.bogota, counts={("norway", "women"): 3, ("norway", "men"): 7})
    outsider = dashboard.build(user=cast.outsider, filters=NO_FILTERS, group="year")
    assert outsider.engagement_count == 0
    assert chart(outsider, "women-share").rows == []
    hq = dashboard.build(user=cast.coordinator, filters=NO_FILTERS, group="year")
    assert hq.outside
    assert cells(hq, "women-share") == {"2026": ["hidden", "–", "–"]}
    own = dashboard.build(user=cast.officer, filters=NO_FILTERS, group="year")
    assert cells(own, "women-share") == {"2026": ["30%", "–", "–"]}


def test_restricted_engagements_never_reach_hq_figures(cast: Cast) -> None:
    make_engagement(
        cast.bogota,
        classification="restricted",
        counts={("civil_society", "women"): 40, ("norway", "women"): 20},
    )
    hq = dashboard.build(user=cast.coordinator, filters=NO_FILTERS, group="unit")
    assert hq.engagement_count == 0
    assert chart(hq, "women-share").rows == []
    reader = dashboard.build(user=cast.reader, filters=NO_FILTERS, group="unit")
    assert reader.engagement_count == 0
    officer = dashboard.build(user=cast.officer, filters=NO_FILTERS, group="unit")
    assert officer.engagement_count == 1


def test_follow_up_on_time(cast: Cast) -> None:
    engagement = make_engagement(cast.bogota)
    due = dt.date(2026, 4, 1)
    IssueRaised.objects.create(
        engagement=engagement, issue="A", due_date=due, status="done", completed_on=due
    )
    IssueRaised.objects.create(
        engagement=engagement,
        issue="B",
        due_date=due,
        status="done",
        completed_on=due + dt.timedelta(days=1),
    )
    IssueRaised.objects.create(engagement=engagement, issue="C", due_date=dt.date(2000, 1, 1))
    board = dashboard.build(user=cast.officer, filters=NO_FILTERS, group="year")
    row = board.issues[0]
    assert (str(row["raised"]), str(row["done"]), str(row["on_time"]), str(row["overdue"])) == (
        "3",
        "2",
        "1",
        "1",
    )
    assert str(row["on_time_share"]) == "33%"


def test_filters_narrow_the_figures(cast: Cast) -> None:
    make_engagement(cast.bogota, country="CO", counts={("norway", "women"): 5})
    make_engagement(cast.bogota, country="", forum="UN", counts={("norway", "men"): 5})
    board = dashboard.build(user=cast.officer, filters=EngagementFilters(forum="un"), group="forum")
    assert cells(board, "women-share") == {"UN": ["0%", "–", "–"]}


def test_the_page_shows_each_chart_with_its_table(cast: Cast, as_officer) -> None:
    make_engagement(cast.bogota, counts={("norway", "women"): 2, ("counterpart", "men"): 4})
    response = as_officer.get(reverse("engagements:dashboard"), {"group": "country"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<svg") == 2  # women's share, WPS on the agenda; no issues, no leads
    assert "Colombia (CO)" in body
    assert "style=" not in body


def test_the_dashboard_query_count_does_not_grow_with_records(
    cast: Cast, as_coordinator, django_assert_num_queries
) -> None:
    make_engagement(cast.bogota, counts={("norway", "women"): 6})
    as_coordinator.get(reverse("engagements:dashboard"))
    with django_assert_num_queries(QUERIES_DASHBOARD):
        as_coordinator.get(reverse("engagements:dashboard"))
    for year in range(2015, 2026):
        engagement = make_engagement(
            cast.amman,
            country="JO",
            date=dt.date(year, 3, 1),
            counts={("norway", "women"): 6, ("counterpart", "men"): 9},
            led={"norway": "women"},
        )
        IssueRaised.objects.create(engagement=engagement, issue="x", due_date=dt.date(year, 5, 1))
    with django_assert_num_queries(QUERIES_DASHBOARD):
        as_coordinator.get(reverse("engagements:dashboard"), {"group": "unit"})


# Session, person, second factor, shell units, unit roles, filter units, one "outside"
# check (it stops at the first other unit), the two share queries, WPS on the agenda,
# issues, and four leadership queries.
QUERIES_DASHBOARD = 15


def test_export_has_the_rows_neutralised_and_is_logged(cast: Cast) -> None:
    make_engagement(cast.bogota, title="=HYPERLINK(1)", counts={("norway", "women"): 2})
    make_engagement(cast.amman, title="Not yours", country="JO")
    response = reauthenticated_client(cast.officer).get(reverse("engagements:export", args=["csv"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.streaming  # rows go out as they are read
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text
    assert "Not yours" not in text
    assert len(text.strip().splitlines()) == 2
    event = SecurityEvent.objects.filter(kind="engagements.exported").latest("sequence")
    assert event.actor_id == cast.officer.pk
    assert event.details["rows"] == 1


def test_excel_export_neutralises_formulas(cast: Cast) -> None:
    import io

    from openpyxl import load_workbook

    make_engagement(cast.bogota, title="@SUM(A1)", summary="-2+3")
    response = reauthenticated_client(cast.officer).get(
        reverse("engagements:export", args=["xlsx"])
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert rows[1][header.index("title")] == "'@SUM(A1)"
    assert rows[1][header.index("summary")] == "'-2+3"


def exported() -> int:
    return SecurityEvent.objects.filter(kind="engagements.exported").count()


def test_without_a_recent_code_the_export_asks_for_one_and_writes_nothing(cast: Cast) -> None:
    make_engagement(cast.bogota, title="Talks in Bogotá", forum="UN")
    for fmt in ("csv", "xlsx"):
        response = verified_client(cast.officer).get(
            reverse("engagements:export", args=[fmt]), {"forum": "UN"}
        )
        assert response.status_code == 302
        location = urlsplit(response["Location"])
        assert location.path == reverse("accounts:reauthenticate")
        # The filters come back with the person after the code.
        assert parse_qs(location.query)["next"] == [
            reverse("engagements:export", args=[fmt]) + "?forum=UN"
        ]
        assert b"Talks in Bogot" not in response.content
    assert exported() == 0


def test_a_code_given_more_than_five_minutes_ago_no_longer_counts(cast: Cast) -> None:
    client = verified_client(cast.officer)
    session = client.session
    session[REAUTH_SESSION_KEY] = int(time.time()) - 5 * 60 - 1
    session.save()
    response = client.get(reverse("engagements:export", args=["csv"]))
    assert response["Location"].startswith(reverse("accounts:reauthenticate"))
    assert exported() == 0


def test_after_the_code_the_person_comes_back_to_the_file(cast: Cast) -> None:
    make_engagement(cast.bogota, title="Talks in Bogotá")
    client = verified_client(cast.officer)
    detour = client.get(reverse("engagements:export", args=["csv"]))
    back = client.post(
        detour["Location"],
        {
            "code": code_for(cast.officer, steps_ahead=1),
            "next": parse_qs(urlsplit(detour["Location"]).query)["next"][0],
        },
    )
    assert back["Location"] == reverse("engagements:export", args=["csv"])
    response = client.get(back["Location"])
    assert response.status_code == 200
    assert "Talks in Bogotá" in b"".join(response.streaming_content).decode("utf-8-sig")
    assert exported() == 1


def test_an_outsider_gets_the_same_detour_and_then_only_their_own_rows(cast: Cast) -> None:
    make_engagement(cast.bogota, title="Talks in Bogotá")
    url = reverse("engagements:export", args=["csv"])
    officer = verified_client(cast.officer).get(url)
    outsider = verified_client(cast.outsider).get(url)
    assert (outsider.status_code, outsider["Location"]) == (302, officer["Location"])
    response = reauthenticated_client(cast.outsider).get(url)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Talks in Bogot" not in text
    assert len(text.strip().splitlines()) == 1  # the header row alone
    event = SecurityEvent.objects.get(kind="engagements.exported")
    assert (event.actor_id, event.details["rows"]) == (cast.outsider.pk, 0)


def test_an_unknown_format_is_404_before_any_detour(cast: Cast) -> None:
    response = verified_client(cast.officer).get(reverse("engagements:export", args=["pdf"]))
    assert response.status_code == 404
    assert exported() == 0


def test_a_grant_on_a_parent_reaches_its_children_in_figures(cast: Cast) -> None:
    """A grant is given on the engagement; its participation rows count for the grantee."""
    from django.contrib.contenttypes.models import ContentType

    from wpsdesk.engagements.models import Engagement
    from wpsdesk.organisation.models import AccessGrant

    engagement = make_engagement(
        cast.bogota,
        classification="strict",
        counts={("norway", "women"): 12, ("norway", "men"): 8},
    )
    before = dashboard.build(user=cast.outsider, filters=NO_FILTERS, group="year")
    assert before.engagement_count == 0
    assert chart(before, "women-share").rows == []
    AccessGrant.objects.create(
        user=cast.outsider,
        content_type=ContentType.objects.get_for_model(Engagement),
        object_id=engagement.pk,
        reason="joint follow-up",
        state="active",
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    after = dashboard.build(user=cast.outsider, filters=NO_FILTERS, group="year")
    assert after.engagement_count == 1
    assert cells(after, "women-share") == {"2026": ["60%", "–", "–"]}


def test_the_grouped_figures_are_paged(cast: Cast, monkeypatch) -> None:
    monkeypatch.setattr(dashboard, "GROUPS_PER_PAGE", 1)
    make_engagement(cast.bogota, date=dt.date(2025, 5, 1), counts={("norway", "women"): 6})
    make_engagement(cast.bogota, date=dt.date(2026, 5, 1), counts={("norway", "men"): 6})
    first = dashboard.build(user=cast.officer, filters=NO_FILTERS, group="year")
    second = dashboard.build(user=cast.officer, filters=NO_FILTERS, group="year", page=2)
    assert cells(first, "women-share") == {"2025": ["100%", "–", "–"]}
    assert cells(second, "women-share") == {"2026": ["0%", "–", "–"]}
    assert first.engagement_count == second.engagement_count == 2
    assert first.page is not None and first.page.paginator.num_pages == 2


@pytest.mark.parametrize("language", ["en", "nb"])
def test_every_chart_parses_with_numeric_coordinates_in_both_languages(
    cast: Cast, language: str
) -> None:
    make_engagement(cast.bogota, counts={("norway", "women"): 3, ("counterpart", "men"): 4})
    make_engagement(cast.bogota, counts={("norway", "men"): 1, ("counterpart", "women"): 2})
    client = verified_client(cast.officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("engagements:dashboard"), HTTP_ACCEPT_LANGUAGE=language)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'lang="{language}"' in body
    svgs = re.findall(r"<svg .*?</svg>", body, flags=re.S)
    assert len(svgs) == 2
    decimals = 0
    for svg in svgs:
        root = ElementTree.fromstring(svg)  # noqa: S314 (our own page, in a test)
        for element in root.iter():
            for name in ("x", "y", "x1", "x2", "y1", "y2", "width", "height"):
                if name in element.attrib:
                    float(element.attrib[name])  # raises on "375,0"
                    decimals += "." in element.attrib[name]
        width, height = root.attrib["viewBox"].split()[2:]
        assert float(width) > 0 and float(height) > 0
    # Bars of fractional length exist, so a localised comma would have been written here.
    assert decimals > 0


def test_the_even_balance_line_is_drawn_only_on_shares_of_women(cast: Cast, as_officer) -> None:
    make_engagement(cast.bogota, counts={("norway", "women"): 2, ("counterpart", "men"): 4})
    body = as_officer.get(reverse("engagements:dashboard")).content.decode()
    svgs = dict(
        re.findall(
            r'<section aria-labelledby="([a-z-]+)-heading".*?(<svg .*?</svg>)', body, flags=re.S
        )
    )
    assert 'class="target"' in svgs["women-share"]
    assert 'class="target"' not in svgs["wps-agenda"]


def test_a_streamed_export_logs_the_restricted_engagements_it_sent(cast: Cast) -> None:
    secret = make_engagement(cast.bogota, classification="restricted", title="Closed talks")
    open_one = make_engagement(cast.bogota, title="Open meeting")
    response = reauthenticated_client(cast.officer).get(reverse("engagements:export", args=["csv"]))
    before = SecurityEvent.objects.filter(kind="restricted.read").count()
    body = b"".join(response.streaming_content).decode()  # the rows are read only now
    assert "Closed talks" in body and "Open meeting" in body
    read = SecurityEvent.objects.filter(kind="restricted.read")
    assert read.count() == before + 1
    event = read.latest("sequence")
    assert event.details["records"] == [f"engagements.engagement#{secret.pk}"]
    assert event.actor == cast.officer
    assert f"#{open_one.pk}" not in str(event.details)
