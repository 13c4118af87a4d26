"""The demo's multilateral work: loaded once, seen by the right people, restricted where it is."""

from __future__ import annotations

from django.urls import reverse

from tests.personas import verified_client
from tests.planning.factories import load_guidelines
from wpsdesk.multilateral.demo import FILE_TITLE, load_demo
from wpsdesk.multilateral.models import NegotiationFile, SideEvent, Statement
from wpsdesk.organisation.demo import load_demo as load_organisation
from wpsdesk.organisation.models import User


def test_the_demo_file_loads_once_and_un_officer_sees_it(db, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    load_organisation()
    load_guidelines()
    assert load_demo() == (
        "Multilateral: a negotiation file with two drafts, a statement and a side event."
    )
    assert load_demo() == "Multilateral: already loaded."
    file = NegotiationFile.objects.get(title=FILE_TITLE)
    assert file.unit.code == "demo-un-ny"
    drafts = list(file.drafts.select_related("document").order_by("position"))
    assert [d.document.status for d in drafts] == ["done", "done"]
    outcomes = set(file.objectives.values_list("outcome", flat=True))
    assert outcomes == {"in_full", "in_part", "not_adopted"}
    statement = Statement.objects.get(file=file)
    assert statement.messages.filter(code="P2.C.1").exists()
    event = SideEvent.objects.get()
    assert event.forum.code == "csw"
    assert dict(event.speakers.values_list("gender", "count")) == {
        "women": 4,
        "men": 1,
        "another-or-not-stated": 0,
    }

    un_officer = verified_client(User.objects.get(username="un.officer"))
    html = un_officer.get(reverse("multilateral:list")).content.decode()
    assert FILE_TITLE in html
    restricted = NegotiationFile.objects.get(classification="restricted")
    assert restricted.title not in html
    detail = reverse("multilateral:detail", args=[restricted.pk])
    assert un_officer.get(detail).status_code == 404
    page = un_officer.get(file.get_absolute_url()).content.decode()
    assert f"old={drafts[0].document_id}&amp;new={drafts[1].document_id}" in page

    peace_lead = verified_client(User.objects.get(username="peace.lead"))
    assert restricted.title in peace_lead.get(reverse("multilateral:list")).content.decode()
