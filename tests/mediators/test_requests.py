"""Requests: a mission asks, the Section decides, the requesting unit and the Section see them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.mediators.factories import make_keeper, make_mediator, make_request
from tests.personas import Cast, verified_client
from wpsdesk.core.concurrency import StaleEdit
from wpsdesk.mediators import services
from wpsdesk.mediators.models import MediatorRequest, RequestStatus, StatusChange

REQUESTS = reverse("mediators:requests")


def test_an_officer_requests_a_mediator(cast: Cast, as_officer) -> None:
    mediator = make_mediator(cast)
    form = as_officer.get(reverse("mediators:request_create") + f"?mediator={mediator.pk}")
    assert form.context["form"].initial["mediator"] == mediator.pk
    response = as_officer.post(
        reverse("mediators:request_create"),
        {
            "mediator": mediator.pk,
            "purpose": "Advise the women's delegation",
            "peace_process": "Andean dialogue",
            "start": "2026-05-01",
            "end": "2026-05-04",
            "classification": "internal",
        },
    )
    request = MediatorRequest.objects.get()
    assert response.status_code == 302
    assert (request.unit, request.status, request.requested_by) == (
        cast.bogota,
        RequestStatus.ASKED,
        cast.officer,
    )
    assert [(c.status, c.by) for c in request.changes.all()] == [("asked", cast.officer)]


def test_a_request_with_the_dates_the_wrong_way_round_changes_nothing(
    cast: Cast, as_officer
) -> None:
    mediator = make_mediator(cast)
    response = as_officer.post(
        reverse("mediators:request_create"),
        {"mediator": mediator.pk, "purpose": "x", "start": "2026-05-04", "end": "2026-05-01"},
    )
    assert response.status_code == 400
    assert "The last day cannot be before the first." in response.content.decode()
    assert not MediatorRequest.objects.exists()


def test_a_reader_may_not_request(cast: Cast, as_reader) -> None:
    make_mediator(cast)
    assert as_reader.get(reverse("mediators:request_create")).status_code == 403


def test_an_officer_cannot_send_a_request_in_another_units_name(cast: Cast, as_officer) -> None:
    mediator = make_mediator(cast)
    response = as_officer.post(
        reverse("mediators:request_create"),
        {
            "unit": cast.amman.pk,
            "mediator": mediator.pk,
            "purpose": "x",
            "start": "2026-05-01",
            "end": "2026-05-01",
            "classification": "internal",
        },
    )
    assert response.status_code == 400
    assert not MediatorRequest.objects.exists()


def test_the_requesting_unit_and_the_section_see_a_request_and_others_do_not(
    cast: Cast, as_officer, as_outsider, as_coordinator
) -> None:
    request = make_request(cast, make_mediator(cast), purpose="Bogotá's own request")
    url = reverse("mediators:request_detail", args=[request.pk])
    assert as_officer.get(url).status_code == 200
    assert as_coordinator.get(url).status_code == 200
    assert as_outsider.get(url).status_code == 404
    assert "Bogotá's own request" not in as_outsider.get(REQUESTS).content.decode()
    assert as_officer.get(REQUESTS).context["page"].paginator.count == 1
    assert as_coordinator.get(REQUESTS).context["page"].paginator.count == 1


def test_a_restricted_request_reaches_only_cleared_people_in_the_section(cast: Cast) -> None:
    request = make_request(cast, make_mediator(cast), classification="restricted")
    url = reverse("mediators:request_detail", args=[request.pk])
    assert verified_client(cast.coordinator).get(url).status_code == 404  # no clearance
    assert verified_client(make_keeper(cast)).get(url).status_code == 200
    assert verified_client(cast.reader).get(url).status_code == 404
    assert verified_client(cast.officer).get(url).status_code == 200


def test_another_sections_roster_does_not_open_requests(cast: Cast) -> None:
    from wpsdesk.organisation.models import Unit, UnitKind

    other = Unit.objects.create(code="other-section", name="Other", kind=UnitKind.SECTION)
    keeper = verified_client(make_keeper(cast))
    theirs = make_request(cast, make_mediator(cast, unit=other))
    ours = make_request(cast, make_mediator(cast))
    assert keeper.get(reverse("mediators:request_detail", args=[theirs.pk])).status_code == 404
    assert keeper.get(reverse("mediators:request_detail", args=[ours.pk])).status_code == 200


def test_the_section_agrees_and_the_history_says_who_and_when(cast: Cast, as_coordinator) -> None:
    request = make_request(cast, make_mediator(cast))
    response = as_coordinator.post(
        reverse("mediators:request_decide", args=[request.pk]),
        {"status": "agreed", "note": "She can go", "version": request.version},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.AGREED
    last = request.changes.order_by("-at", "-id").first()
    assert last is not None
    assert (last.status, last.by, last.note) == ("agreed", cast.coordinator, "She can go")
    page = as_coordinator.get(reverse("mediators:request_detail", args=[request.pk]))
    assert "She can go" in page.content.decode()


def test_the_requesting_unit_may_not_decide(cast: Cast, as_officer) -> None:
    request = make_request(cast, make_mediator(cast))
    response = as_officer.post(
        reverse("mediators:request_decide", args=[request.pk]),
        {"status": "agreed", "version": request.version},
    )
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == RequestStatus.ASKED


def test_a_decision_from_an_old_page_changes_nothing(cast: Cast, as_coordinator) -> None:
    request = make_request(cast, make_mediator(cast))
    seen = request.version
    services.request_decide(actor=cast.coordinator, request=request, status="agreed", version=seen)
    response = as_coordinator.post(
        reverse("mediators:request_decide", args=[request.pk]),
        {"status": "declined", "version": seen},
    )
    assert response.status_code == 409  # the page again, saying who changed what
    request.refresh_from_db()
    assert request.status == RequestStatus.AGREED
    assert StatusChange.objects.filter(request=request).count() == 2


def test_a_done_request_cannot_be_declined(cast: Cast) -> None:
    request = make_request(cast, make_mediator(cast), status=RequestStatus.DONE)
    with pytest.raises(ValidationError):
        services.request_decide(
            actor=cast.coordinator, request=request, status="declined", version=request.version
        )
    request.refresh_from_db()
    assert request.status == RequestStatus.DONE


def test_decide_service_refuses_the_requesting_unit(cast: Cast) -> None:
    request = make_request(cast, make_mediator(cast))
    with pytest.raises(PermissionDenied):
        services.request_decide(
            actor=cast.lead, request=request, status="agreed", version=request.version
        )


def test_decide_service_refuses_a_stale_version(cast: Cast) -> None:
    request = make_request(cast, make_mediator(cast))
    with pytest.raises(StaleEdit):
        services.request_decide(
            actor=cast.coordinator, request=request, status="agreed", version=request.version + 1
        )


def test_create_service_refuses_a_reader_and_another_unit(cast: Cast) -> None:
    mediator = make_mediator(cast)
    kwargs = {
        "mediator": mediator,
        "purpose": "x",
        "peace_process": "",
        "start": dt.date(2026, 1, 1),
        "end": dt.date(2026, 1, 2),
    }
    with pytest.raises(PermissionDenied):
        services.request_create(actor=cast.reader, unit=cast.bogota, **kwargs)
    with pytest.raises(PermissionDenied):
        services.request_create(actor=cast.officer, unit=cast.amman, **kwargs)
    with pytest.raises(PermissionDenied):
        services.request_create(actor=cast.auditor, unit=cast.bogota, **kwargs)
    assert not MediatorRequest.objects.exists()


def test_the_request_list_filters_and_pages(cast: Cast, as_officer) -> None:
    mediator = make_mediator(cast, "Ada")
    for n in range(26):
        make_request(cast, mediator, purpose=f"Purpose {n}")
    make_request(cast, mediator, purpose="Unique words", status=RequestStatus.DECLINED)
    assert len(as_officer.get(REQUESTS).context["page"].object_list) == 25
    assert as_officer.get(REQUESTS + "?status=declined").context["page"].paginator.count == 1
    assert as_officer.get(REQUESTS + "?q=unique").context["page"].paginator.count == 1


def test_the_section_filters_requests_by_requesting_unit(cast: Cast) -> None:
    mediator = make_mediator(cast)
    make_request(cast, mediator, purpose="From Bogotá")
    make_request(cast, mediator, unit=cast.amman, by=cast.outsider, purpose="From Amman")
    keeper = verified_client(make_keeper(cast))
    everything = keeper.get(REQUESTS)
    assert everything.context["page"].paginator.count == 2
    amman = keeper.get(REQUESTS + f"?unit={cast.amman.pk}")
    assert [r.purpose for r in amman.context["page"].object_list] == ["From Amman"]
    # a mission filtering by another unit learns nothing
    officer = verified_client(cast.officer).get(REQUESTS + f"?unit={cast.amman.pk}")
    assert officer.context["page"].paginator.count == 0


@pytest.mark.parametrize("size", [1, 6])
def test_the_request_list_query_count(
    cast: Cast, as_coordinator, django_assert_num_queries, size: int
) -> None:
    mediator = make_mediator(cast)
    for _n in range(size):
        make_request(cast, mediator)
    as_coordinator.get(REQUESTS)
    # session, user, device, memberships, count, page (with unit and mediator), the units
    # of the filter, shell units
    with django_assert_num_queries(8):
        as_coordinator.get(REQUESTS)


def test_the_request_page_query_count(
    cast: Cast, as_coordinator, django_assert_num_queries
) -> None:
    request = make_request(cast, make_mediator(cast))
    url = reverse("mediators:request_detail", args=[request.pk])
    as_coordinator.get(url)
    # session, user, device, memberships, request, deployment, changes, shell units
    with django_assert_num_queries(8):
        as_coordinator.get(url)
