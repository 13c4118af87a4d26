"""SEAH reports never leak: not through other apps' pages, searches or exports, not
through deleting the organisation they name, not on the home page of anyone but their
handlers. Each absence has a sibling showing the same text where it belongs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.civil_society.factories import make_organisation
from tests.grants.factories import make_grant
from tests.personas import Cast, reauthenticated_client, verified_client
from tests.seah.factories import CANARY, make_report
from wpsdesk.civil_society import services as cs_services
from wpsdesk.grants import services as grant_services
from wpsdesk.seah.models import SeahReport

pytestmark = pytest.mark.django_db


def test_other_apps_pages_searches_and_exports_never_show_a_report(cast: Cast) -> None:
    organisation = make_organisation(cast.bogota, "Partner With A Case")
    grant = make_grant(cast.bogota, partner=organisation)
    report = make_report(cast.bogota, cast.lead, organisation=organisation, grant=grant)
    lead = reauthenticated_client(cast.lead)  # the one who may read it, everywhere else
    pages = [
        reverse("core:home"),
        reverse("civil_society:list"),
        reverse("civil_society:list") + "?q=Partner",
        reverse("civil_society:detail", args=[organisation.pk]),
        reverse("civil_society:export", args=["csv"]),
        reverse("engagements:list"),
        reverse("engagements:list") + "?q=Reported+by+the+partner",
        reverse("grants:list"),
        reverse("grants:list") + "?q=Reported+by+the+partner",
        reverse("grants:detail", args=[grant.pk]),
        reverse("grants:export", args=["csv"]),
        reverse("grants:dashboard"),
    ]
    for url in pages:
        response = lead.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert CANARY.encode() not in body, url
        assert b"SEAH report #" not in body, url
    # The sibling: the same person sees it on the report's own page.
    assert CANARY in lead.get(reverse("seah:detail", args=[report.pk])).content.decode()


def test_deleting_the_organisation_named_does_not_tell_of_the_report(cast: Cast) -> None:
    organisation = make_organisation(cast.bogota, "Partner To Delete")
    report = make_report(cast.bogota, cast.lead, organisation=organisation)
    # The officer may not know of the report; the deletion goes through all the same.
    cs_services.organisation_delete(actor=cast.officer, organisation=organisation)
    report = SeahReport.objects.get(pk=report.pk)
    assert report.organisation is None
    assert CANARY in report.summary


def test_deleting_the_grant_named_does_not_tell_of_the_report(cast: Cast) -> None:
    grant = make_grant(cast.bogota)
    report = make_report(cast.bogota, cast.lead, grant=grant)
    grant_services.grant_delete(actor=cast.officer, grant=grant)
    report = SeahReport.objects.get(pk=report.pk)
    assert report.grant is None
    assert report.grant_reference == "COL-23/0001"  # the free-text reference stays


def test_the_bogota_officer_never_learns_a_report_exists(cast: Cast) -> None:
    report = make_report(cast.bogota, cast.lead)
    officer = verified_client(cast.officer)
    for url in (
        reverse("seah:list"),
        reverse("seah:detail", args=[report.pk]),
        reverse("seah:edit", args=[report.pk]),
        reverse("seah:close", args=[report.pk]),
        reverse("seah:export", args=[report.pk, "csv"]),
    ):
        response = officer.get(url)
        assert response.status_code == 404, url
        # The same page as for an address that does not exist at all.
        missing = officer.get(url.replace(f"/{report.pk}/", "/999999/"))
        assert response.content == missing.content or url == reverse("seah:list")
