"""A request names the peace process it serves, among those the requester may open."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.mediators.factories import make_keeper, make_mediator, make_request
from tests.personas import Cast, verified_client
from tests.processes.factories import make_process
from wpsdesk.mediators import services
from wpsdesk.mediators.models import MediatorRequest


def _post(client, mediator, process_id) -> object:
    return client.post(
        reverse("mediators:request_create"),
        {
            "mediator": mediator.pk,
            "purpose": "Advise the delegation",
            "process": process_id,
            "start": "2026-05-01",
            "end": "2026-05-02",
            "classification": "internal",
        },
    )


def test_an_officer_links_a_process_of_her_unit(cast: Cast, as_officer) -> None:
    process = make_process(cast.bogota, "Andes talks")
    mediator = make_mediator(cast)
    form = as_officer.get(reverse("mediators:request_create"))
    assert list(form.context["form"].fields["process"].queryset) == [process]
    assert _post(as_officer, mediator, process.pk).status_code == 302
    request = MediatorRequest.objects.get()
    assert request.process == process
    page = as_officer.get(reverse("mediators:request_detail", args=[request.pk]))
    assert "Andes talks" in page.content.decode()
    listed = as_officer.get(reverse("mediators:requests"))
    assert "Andes talks" in listed.content.decode()


def test_another_units_restricted_process_is_not_offered_and_changes_nothing(
    cast: Cast, as_officer
) -> None:
    hidden = make_process(cast.amman, "Hidden talks", classification="restricted")
    mediator = make_mediator(cast)
    form = as_officer.get(reverse("mediators:request_create"))
    assert "Hidden talks" not in form.content.decode()
    assert _post(as_officer, mediator, hidden.pk).status_code == 400
    assert not MediatorRequest.objects.exists()


def test_the_service_refuses_a_process_the_requester_may_not_read(cast: Cast) -> None:
    hidden = make_process(cast.amman, "Hidden talks", classification="restricted")
    with pytest.raises(PermissionDenied):
        services.request_create(
            actor=cast.officer,
            unit=cast.bogota,
            mediator=make_mediator(cast),
            purpose="x",
            peace_process="",
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 1, 1),
            process=hidden,
        )
    assert not MediatorRequest.objects.exists()


def test_the_section_sees_the_request_but_not_the_name_of_a_restricted_process(
    cast: Cast,
) -> None:
    process = make_process(cast.bogota, "Quiet talks", classification="restricted")
    request = make_request(cast, make_mediator(cast), process=process)
    url = reverse("mediators:request_detail", args=[request.pk])
    keeper = verified_client(make_keeper(cast)).get(url)
    assert keeper.status_code == 200
    assert "Quiet talks" not in keeper.content.decode()
    assert "Quiet talks" in verified_client(cast.officer).get(url).content.decode()
