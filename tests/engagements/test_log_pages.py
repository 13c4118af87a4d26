"""Logging, listing, opening and changing engagements through the pages."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tests.engagements.factories import make_engagement
from tests.personas import Cast, verified_client
from wpsdesk.engagements.models import Engagement, IssueRaised, Measure, Side

# Session, person, second factor, units (shell), unit roles, count, page, its counts, units
# for the filter and for logging.
QUERIES_LIST = 10


def typical_meeting(**extra: str) -> dict[str, str]:
    data = {
        "title": "Consultation with women's organisations in Cauca",
        "date": "2026-03-12",
        "kind": "civil_society",
        "country": "co",
        "forum": "",
        "n_norway_women": "2",
        "n_norway_men": "1",
        "n_civil_society_women": "9",
        "n_civil_society_men": "1",
        "lead_norway": "women",
        "lead_civil_society": "women",
        "s_civil_society_women": "6",
        "wps_on_agenda": "on",
        "message_codes": "",
    }
    data.update(extra)
    return data


def test_the_log_form_offers_today_my_unit_and_my_last_place(cast: Cast, as_officer) -> None:
    make_engagement(cast.bogota, created_by=cast.officer, country="VE", kind="negotiation")
    response = as_officer.get(reverse("engagements:create"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["date"] == timezone.localdate()
    assert form.initial["unit"] == cast.bogota.pk
    assert form.initial["country"] == "VE"
    assert form.initial["kind"] == "negotiation"


def test_an_officer_logs_a_meeting_and_the_counts_add_up(cast: Cast, as_officer) -> None:
    response = as_officer.post(reverse("engagements:create"), typical_meeting())
    assert response.status_code == 302, response.content.decode()
    engagement = Engagement.objects.get()
    assert (engagement.unit, engagement.country, engagement.created_by) == (
        cast.bogota,
        "CO",
        cast.officer,
    )
    cells = {(p.side, p.measure, p.category_code): p.count for p in engagement.participation.all()}
    assert cells[(Side.NORWAY, Measure.ATTENDED, "women")] == 2
    # A blank beside filled counts is unknown: nothing is stored for it.
    assert (Side.NORWAY, Measure.ATTENDED, "another-or-not-stated") not in cells
    assert (Side.COUNTERPART, Measure.ATTENDED, "women") not in cells  # not recorded
    assert cells[(Side.CIVIL_SOCIETY, Measure.LED, "women")] == 1
    assert cells[(Side.CIVIL_SOCIETY, Measure.SPOKE, "women")] == 6
    detail = as_officer.get(response["Location"]).content.decode()
    assert "Consultation with women" in detail
    assert "90%" in detail  # 9 of 10 in civil society


def test_counts_that_do_not_add_up_are_refused_in_plain_words(cast: Cast, as_officer) -> None:
    response = as_officer.post(
        reverse("engagements:create"), typical_meeting(s_civil_society_women="12")
    )
    assert response.status_code == 400
    assert "Civil society – women: 12 spoke, but only 9 took part." in response.content.decode()
    assert not Engagement.objects.exists()


def test_a_place_and_known_codes_are_needed(cast: Cast, as_officer) -> None:
    response = as_officer.post(
        reverse("engagements:create"), typical_meeting(country="", message_codes="ZZ.9")
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Give a country, a forum or both." in body
    assert "These codes are not in the current guidelines: ZZ.9." in body


def test_the_page_without_javascript_shows_the_totals_again(cast: Cast, as_officer) -> None:
    response = as_officer.post(reverse("engagements:create"), typical_meeting(title=""))
    assert response.status_code == 400
    assert response.context["totals"]["all"] == 13
    assert response.context["totals"]["women_share"] == "85%"


def test_a_reader_may_not_log_or_edit(cast: Cast, as_reader) -> None:
    engagement = make_engagement(cast.bogota)
    assert as_reader.get(reverse("engagements:create")).status_code == 403
    assert as_reader.post(reverse("engagements:create"), typical_meeting()).status_code == 403
    assert as_reader.get(reverse("engagements:edit", args=[engagement.pk])).status_code == 403
    response = as_reader.post(reverse("engagements:edit", args=[engagement.pk]), typical_meeting())
    assert response.status_code == 403
    assert as_reader.get(reverse("engagements:detail", args=[engagement.pk])).status_code == 200


def test_another_units_engagement_is_not_found(cast: Cast, as_outsider) -> None:
    engagement = make_engagement(cast.bogota)
    for name in ("engagements:detail", "engagements:edit"):
        assert as_outsider.get(reverse(name, args=[engagement.pk])).status_code == 404
    response = as_outsider.post(
        reverse("engagements:edit", args=[engagement.pk]), typical_meeting()
    )
    assert response.status_code == 404
    assert Engagement.objects.get().title == "Meeting with the women's network"


def test_editing_changes_only_what_changed(cast: Cast, as_officer) -> None:
    as_officer.post(reverse("engagements:create"), typical_meeting())
    engagement = Engagement.objects.get()
    form = as_officer.get(reverse("engagements:edit", args=[engagement.pk])).context["form"]
    assert form["n_civil_society_women"].value() == 9
    assert form["lead_norway"].value() == "women"
    response = as_officer.post(
        reverse("engagements:edit", args=[engagement.pk]),
        typical_meeting(n_norway_men="2", version=str(form.version_value)),
    )
    assert response.status_code == 302
    assert (
        engagement.participation.get(side="norway", measure="attended", category__code="men").count
        == 2
    )
    assert engagement.participation.get(side="norway", category__code="men").history.count() == 2


def test_the_list_searches_filters_and_pages(cast: Cast, as_officer) -> None:
    for day in range(30):
        make_engagement(cast.bogota, date=dt.date(2026, 1, 1) + dt.timedelta(days=day))
    make_engagement(
        cast.bogota, title="Debate on 1325", forum="UN", country="", wps_on_agenda=False
    )
    make_engagement(cast.amman, title="Amman meeting", country="JO")
    response = as_officer.get(reverse("engagements:list"))
    assert response.context["page"].paginator.count == 31
    assert "Amman meeting" not in response.content.decode()
    response = as_officer.get(reverse("engagements:list"), {"q": "1325"})
    assert [r["engagement"].title for r in response.context["rows"]] == ["Debate on 1325"]
    response = as_officer.get(reverse("engagements:list"), {"wps": "no", "forum": "un"})
    assert response.context["page"].paginator.count == 1
    response = as_officer.get(
        reverse("engagements:list"), {"start": "2026-01-10", "end": "2026-01-19"}
    )
    assert response.context["page"].paginator.count == 10
    response = as_officer.get(reverse("engagements:list"), {"page": "2", "country": "CO"})
    assert len(response.context["rows"]) == 5


def test_the_list_query_count_does_not_grow_with_rows(
    cast: Cast, as_officer, django_assert_num_queries
) -> None:
    make_engagement(cast.bogota, counts={("norway", "women"): 1})
    as_officer.get(reverse("engagements:list"))
    with django_assert_num_queries(QUERIES_LIST):
        as_officer.get(reverse("engagements:list"))
    for _ in range(20):
        make_engagement(cast.bogota, counts={("norway", "women"): 1, ("counterpart", "men"): 3})
    with django_assert_num_queries(QUERIES_LIST):
        as_officer.get(reverse("engagements:list"), {"page": "1", "wps": "yes"})


def test_the_coordinator_sees_every_units_internal_engagements(cast: Cast, as_coordinator) -> None:
    make_engagement(cast.bogota)
    make_engagement(cast.amman, country="JO")
    make_engagement(cast.amman, country="JO", classification="restricted")
    response = as_coordinator.get(reverse("engagements:list"))
    assert response.context["page"].paginator.count == 2


def test_issues_are_recorded_and_followed_up(cast: Cast, as_officer) -> None:
    engagement = make_engagement(cast.bogota)
    response = as_officer.post(
        reverse("engagements:issue_add", args=[engagement.pk]),
        {
            "issue": "Safe transport to the consultations",
            "side": "civil_society",
            "follow_up": "Raise with the ministry",
            "owner": cast.officer.pk,
            "due_date": "2026-04-01",
        },
    )
    assert response.status_code == 302
    issue = IssueRaised.objects.get()
    response = as_officer.post(
        reverse("engagements:issue_edit", args=[issue.pk]),
        {
            "issue": issue.issue,
            "side": "civil_society",
            "owner": cast.officer.pk,
            "due_date": "2026-04-01",
            "status": "done",
            "completed_on": "2026-03-30",
            "version": issue.version,
        },
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.on_time is True


def test_a_follow_up_owner_must_belong_to_the_unit(cast: Cast, as_officer) -> None:
    engagement = make_engagement(cast.bogota)
    response = as_officer.post(
        reverse("engagements:issue_add", args=[engagement.pk]),
        {"issue": "Quota", "side": "counterpart", "owner": cast.outsider.pk},
    )
    assert response.status_code == 400
    assert not IssueRaised.objects.exists()


def test_overdue_follow_ups_are_on_the_owners_home_page(cast: Cast, as_officer) -> None:
    engagement = make_engagement(cast.bogota, title="Round table")
    IssueRaised.objects.create(
        engagement=engagement,
        issue="Childcare during the talks",
        owner=cast.officer,
        due_date=timezone.localdate() - dt.timedelta(days=3),
    )
    IssueRaised.objects.create(
        engagement=engagement, issue="Far away", owner=cast.officer, due_date=dt.date(2999, 1, 1)
    )
    body = as_officer.get(reverse("core:home")).content.decode()
    assert "Follow up: Childcare during the talks" in body
    assert "Far away" not in body
    assert "Childcare" not in verified_client(cast.lead).get(reverse("core:home")).content.decode()
    response = as_officer.get(reverse("engagements:follow_ups"))
    assert response.context["page"].paginator.count == 2


def test_follow_ups_and_teams_pages_have_a_flat_query_count(
    cast: Cast, as_officer, django_assert_num_queries
) -> None:
    from wpsdesk.engagements.models import Team, TeamMember

    def add(n: int) -> None:
        for i in range(n):
            engagement = make_engagement(cast.bogota, title=f"E{i}")
            IssueRaised.objects.create(
                engagement=engagement, issue="x", owner=cast.officer, due_date=dt.date(2026, 1, 1)
            )
            team = Team.objects.create(
                unit=cast.bogota, name=f"T{i}", kind="meeting", start=dt.date(2026, 1, 1)
            )
            TeamMember.objects.create(team=team, role="head", gender="women", count=1)

    add(1)
    counts = {}
    for name in ("engagements:follow_ups", "engagements:teams"):
        as_officer.get(reverse(name))
        with django_assert_num_queries(QUERIES_PAGES[name]):
            as_officer.get(reverse(name))
    add(15)
    for name in ("engagements:follow_ups", "engagements:teams"):
        with django_assert_num_queries(QUERIES_PAGES[name]):
            response = as_officer.get(reverse(name))
        counts[name] = response.status_code
    assert counts == {"engagements:follow_ups": 200, "engagements:teams": 200}


QUERIES_PAGES = {"engagements:follow_ups": 7, "engagements:teams": 10}


def test_reading_a_restricted_engagement_is_logged_and_needs_clearance(
    cast: Cast, as_officer, as_reader
) -> None:
    from wpsdesk.audit.models import SecurityEvent

    engagement = make_engagement(cast.bogota, classification="restricted")
    issue = IssueRaised.objects.create(engagement=engagement, issue="Threats after the meeting")
    assert as_reader.get(reverse("engagements:detail", args=[engagement.pk])).status_code == 404
    assert as_reader.get(reverse("engagements:issue_edit", args=[issue.pk])).status_code == 404
    assert as_officer.get(reverse("engagements:detail", args=[engagement.pk])).status_code == 200
    assert as_officer.get(reverse("engagements:issue_edit", args=[issue.pk])).status_code == 200
    reads = SecurityEvent.objects.filter(kind="restricted.read", actor_id=cast.officer.pk)
    assert reads.count() == 2


def test_a_date_far_off_and_an_overlong_summary_are_refused_in_plain_words(
    cast: Cast, as_officer
) -> None:
    response = as_officer.post(
        reverse("engagements:create"), typical_meeting(date="2099-03-12", summary="x" * 5001)
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Give a date between 1990 and a year from today." in body
    assert "Keep the summary to 5000 characters (it has 5001)." in body
    assert not Engagement.objects.exists()
    near = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    response = as_officer.post(
        reverse("engagements:create"), typical_meeting(date=near, summary="x" * 5000)
    )
    assert response.status_code == 302  # a meeting planned next month, a full summary


def test_one_woman_leading_a_side_reads_as_a_woman(cast: Cast, as_officer) -> None:
    response = as_officer.post(reverse("engagements:create"), typical_meeting())
    html = as_officer.get(response["Location"]).content.decode()
    assert "<td>a woman</td>" in html
    assert "<td>Women</td>" not in html
