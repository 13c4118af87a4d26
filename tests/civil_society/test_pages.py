"""The civil-society pages: who sees which organisation, search, filters, paging, query
counts, adding, changing, deleting, and the links to other organisations and engagements."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from tests.civil_society.factories import make_organisation, restricted
from tests.engagements.factories import make_engagement
from tests.personas import Cast, verified_client
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.civil_society.models import Organisation, OrganisationLink

pytestmark = pytest.mark.django_db

LIST = reverse("civil_society:list")
# The session, the person and their second factor, their roles and grants (one query), the
# count, their units (the header's switcher), the page; then one restricted.read event
# (savepoint, chain head, insert, chain update, release).
QUERIES_LIST = 12
# The session, the person and their second factor, their roles and grants, the organisation,
# may they edit it (may read, then a grant to edit for a reader), its engagements, its links
# and the organisations across them, the processes and grants it takes part in, their
# units; an editor's linking forms add two.
QUERIES_DETAIL_READER = 13
QUERIES_DETAIL_EDITOR = 14


def names(response) -> list[str]:
    return [o.name for o in response.context["page"].object_list]


def detail(org: Organisation) -> str:
    return reverse("civil_society:detail", args=[org.pk])


# --- the list ---------------------------------------------------------------------------


def test_the_list_shows_the_units_organisations_and_hides_another_units_restricted_one(
    cast: Cast, as_officer: Client, as_outsider: Client
) -> None:
    make_organisation(cast.bogota, "Colombian Women's Network")
    restricted(cast.bogota, "Discreet Defenders")
    make_organisation(cast.amman, "Amman Forum", country="JO")
    assert names(as_officer.get(LIST)) == ["Colombian Women's Network", "Discreet Defenders"]
    assert names(as_outsider.get(LIST)) == ["Amman Forum"]


def test_the_restricted_organisation_is_listed_only_with_clearance(
    cast: Cast, as_officer: Client, as_reader: Client, as_coordinator: Client
) -> None:
    restricted(cast.bogota, "Discreet Defenders")
    make_organisation(cast.bogota, "Open Network")
    assert "Discreet Defenders" in as_officer.get(LIST).content.decode()
    assert names(as_reader.get(LIST)) == ["Open Network"]
    assert names(as_coordinator.get(LIST)) == ["Open Network"]


def test_search_and_filters_narrow_the_list(cast: Cast, as_officer: Client) -> None:
    make_organisation(
        cast.bogota,
        "Women Mediators",
        kind="network",
        themes="P1",
        stance="ally",
        who_they_are="Mediators from the Pacific coast",
    )
    make_organisation(
        cast.bogota, "Men for Equality", kind="men", themes="P3", stance="mixed", country="VE"
    )
    make_organisation(cast.bogota, "Tradition First", kind="other", themes="", stance="opponent")
    assert names(as_officer.get(LIST, {"q": "pacific"})) == ["Women Mediators"]
    assert names(as_officer.get(LIST, {"country": "ve"})) == ["Men for Equality"]
    assert names(as_officer.get(LIST, {"kind": "men"})) == ["Men for Equality"]
    assert names(as_officer.get(LIST, {"theme": "P1"})) == ["Women Mediators"]
    assert names(as_officer.get(LIST, {"stance": "opponent"})) == ["Tradition First"]
    assert len(names(as_officer.get(LIST))) == 3


def test_a_bad_filter_is_explained_and_narrows_nothing(cast: Cast, as_officer: Client) -> None:
    make_organisation(cast.bogota, "Women Mediators")
    response = as_officer.get(LIST, {"country": "XX"})
    assert response.status_code == 200
    assert "is not a country code" in response.content.decode()
    assert names(response) == ["Women Mediators"]


def test_the_list_pages_by_25(cast: Cast, as_officer: Client) -> None:
    for n in range(27):
        make_organisation(cast.bogota, f"Organisation {n:02d}")
    first = as_officer.get(LIST)
    assert len(names(first)) == 25
    second = as_officer.get(LIST, {"page": 2})
    assert names(second) == ["Organisation 25", "Organisation 26"]


@pytest.mark.parametrize("size", [1, 30])
def test_the_list_costs_the_same_queries_whatever_its_size(
    cast: Cast, as_officer: Client, django_assert_num_queries, size: int
) -> None:
    for n in range(size):
        make_organisation(cast.bogota, f"Organisation {n:02d}")
        restricted(cast.bogota, f"A restricted one {n:02d}")  # on the first page
    with django_assert_num_queries(QUERIES_LIST):
        response = as_officer.get(LIST)
    assert response.status_code == 200


def test_the_list_logs_the_restricted_organisations_it_shows(
    cast: Cast, as_officer: Client
) -> None:
    secret = restricted(cast.bogota)
    as_officer.get(LIST)
    event = SecurityEvent.objects.filter(kind="restricted.read").latest("sequence")
    assert event.details["records"] == [f"civil_society.organisation#{secret.pk}"]


# --- one organisation -----------------------------------------------------------------


def test_another_units_restricted_organisation_is_404(
    cast: Cast, as_outsider: Client, as_reader: Client, as_officer: Client
) -> None:
    secret = restricted(cast.bogota)
    assert as_outsider.get(detail(secret)).status_code == 404
    assert as_reader.get(detail(secret)).status_code == 404
    assert as_officer.get(detail(secret)).status_code == 200


def test_reading_a_restricted_organisation_is_logged(cast: Cast, as_officer: Client) -> None:
    secret = restricted(cast.bogota)
    as_officer.get(detail(secret))
    event = SecurityEvent.objects.filter(kind="restricted.read").latest("sequence")
    assert event.target_id == str(secret.pk)
    assert event.details["records"] == [f"civil_society.organisation#{secret.pk}"]


def test_the_page_shows_the_checklist_answers_and_the_country_by_name(
    cast: Cast, as_reader: Client
) -> None:
    org = make_organisation(
        cast.bogota,
        who_they_are="Rural women's groups",
        alliance_strategies="Joint dialogues with male leaders",
        themes="P1 P3",
    )
    page = as_reader.get(detail(org)).content.decode()
    assert "Rural women&#x27;s groups" in page
    assert "Joint dialogues with male leaders" in page
    assert "Colombia" in page
    assert "Peace processes and implementation of peace agreements" in page
    assert "Change</a>" not in page  # a reader may not change it …


def test_an_editor_is_offered_to_change_it(cast: Cast, as_officer: Client) -> None:
    org = make_organisation(cast.bogota)
    assert "Change</a>" in as_officer.get(detail(org)).content.decode()  # … an editor may


def test_the_page_shows_only_the_engagements_and_links_the_person_may_open(
    cast: Cast, as_officer: Client, as_reader: Client
) -> None:
    org = make_organisation(cast.bogota)
    org.engagements.add(
        make_engagement(cast.bogota, title="Open consultation", kind="civil_society"),
        make_engagement(cast.bogota, title="Restricted meeting", classification="restricted"),
    )
    partner = restricted(cast.bogota, "Hidden Partner")
    OrganisationLink.objects.create(organisation=org, other=partner, kind="partner")
    for_reader = as_reader.get(detail(org)).content.decode()
    assert "Open consultation" in for_reader
    assert "Restricted meeting" not in for_reader
    assert "Hidden Partner" not in for_reader
    for_officer = as_officer.get(detail(org)).content.decode()
    assert "Restricted meeting" in for_officer
    assert "Hidden Partner" in for_officer


def test_a_link_shows_on_both_organisations_pages(cast: Cast, as_officer: Client) -> None:
    norwegian = make_organisation(cast.bogota, "Norwegian Foundation", scope="norwegian")
    partner = make_organisation(cast.bogota, "Local Partner")
    OrganisationLink.objects.create(organisation=norwegian, other=partner, kind="partner")
    links = as_officer.get(detail(norwegian)).context["links"]
    assert [row.other.name for row in links.partners] == ["Local Partner"]
    links = as_officer.get(detail(partner)).context["links"]
    assert [row.other.name for row in links.partner_of] == ["Norwegian Foundation"]


@pytest.mark.parametrize("size", [1, 12])
def test_the_page_costs_the_same_queries_whatever_it_links(
    cast: Cast, django_assert_num_queries, size: int
) -> None:
    org = make_organisation(cast.bogota)
    for n in range(size):
        org.engagements.add(make_engagement(cast.bogota, title=f"Meeting {n}"))
        other = make_organisation(cast.bogota, f"Member {n}")
        OrganisationLink.objects.create(organisation=org, other=other, kind="member")
    # The content type of grants is cached for the process after its first lookup.
    ContentType.objects.get_for_model(Organisation)
    reader = verified_client(cast.reader)
    with django_assert_num_queries(QUERIES_DETAIL_READER):
        assert reader.get(detail(org)).status_code == 200
    officer = verified_client(cast.officer)
    with django_assert_num_queries(QUERIES_DETAIL_EDITOR):
        assert officer.get(detail(org)).status_code == 200


# --- adding, changing, deleting ------------------------------------------------------


def form_data(**overrides: object) -> dict[str, object]:
    return {
        "name": "Mothers for Peace",
        "scope": "local",
        "kind": "womens_org",
        "country": "co",
        "stance": "ally",
        "classification": "internal",
        "theme_codes": ["P1", "P3"],
        "who_they_are": "Mothers of the disappeared",
        **overrides,
    }


def test_an_officer_adds_an_organisation_to_the_unit(cast: Cast, as_officer: Client) -> None:
    response = as_officer.post(reverse("civil_society:create"), form_data())
    org = Organisation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(org)
    assert (org.unit, org.country, org.themes, org.created_by) == (
        cast.bogota,
        "CO",
        "P1 P3",
        cast.officer,
    )


def test_bad_input_is_explained_and_adds_nothing(cast: Cast, as_officer: Client) -> None:
    response = as_officer.post(reverse("civil_society:create"), form_data(country="XX", name="  "))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Give the organisation" in page
    assert "is not a country code" in page
    assert not Organisation.objects.exists()


def test_a_reader_may_not_add_or_change(cast: Cast, as_reader: Client) -> None:
    org = make_organisation(cast.bogota)
    assert as_reader.get(reverse("civil_society:create")).status_code == 403
    edit = reverse("civil_society:edit", args=[org.pk])
    assert as_reader.post(edit, form_data(version=org.version)).status_code == 403
    org.refresh_from_db()
    assert org.name == "Women Peacebuilders Network"


def test_an_officer_changes_an_organisation(cast: Cast, as_officer: Client) -> None:
    org = make_organisation(cast.bogota)
    edit = reverse("civil_society:edit", args=[org.pk])
    version = as_officer.get(edit).context["form"].version_value
    response = as_officer.post(edit, form_data(name="Renamed Network", version=version))
    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.name, org.version) == ("Renamed Network", 2)


def test_a_change_made_after_someone_else_saved_is_refused(cast: Cast, as_officer: Client) -> None:
    org = make_organisation(cast.bogota)
    edit = reverse("civil_society:edit", args=[org.pk])
    version = as_officer.get(edit).context["form"].version_value
    lead = verified_client(cast.lead)
    assert lead.post(edit, form_data(name="The lead's name", version=version)).status_code == 302
    response = as_officer.post(edit, form_data(name="The officer's name", version=version))
    assert response.status_code == 409
    assert "Someone else saved this organisation" in response.content.decode()
    org.refresh_from_db()
    assert org.name == "The lead's name"


def test_only_the_lead_lowers_the_classification_and_says_why(
    cast: Cast, as_officer: Client
) -> None:
    secret = restricted(cast.bogota)
    edit = reverse("civil_society:edit", args=[secret.pk])
    data = form_data(classification="internal", version=secret.version)
    refused = as_officer.post(edit, data)
    assert refused.status_code == 403
    assert "Only the unit lead may lower" in refused.content.decode()
    secret.refresh_from_db()
    assert secret.classification == "restricted"
    lead = verified_client(cast.lead)
    response = lead.post(edit, {**data, "classification_reason": "It now speaks publicly"})
    assert response.status_code == 302
    secret.refresh_from_db()
    assert secret.classification == "internal"
    assert SecurityEvent.objects.filter(kind="classification.changed").count() == 1


def test_delete_asks_first_then_deletes_and_is_recorded(cast: Cast, as_officer: Client) -> None:
    org = make_organisation(cast.bogota)
    url = reverse("civil_society:delete", args=[org.pk])
    page = as_officer.get(url)
    assert page.status_code == 200
    assert "It cannot be undone" in page.content.decode()
    assert Organisation.objects.filter(pk=org.pk).exists()
    response = as_officer.post(url)
    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=org.pk).exists()
    event = SecurityEvent.objects.get(kind="civil_society.organisation_deleted")
    assert (event.actor_id, event.target_id) == (cast.officer.pk, str(org.pk))


def test_a_reader_may_not_delete(cast: Cast, as_reader: Client) -> None:
    org = make_organisation(cast.bogota)
    assert as_reader.post(reverse("civil_society:delete", args=[org.pk])).status_code == 403
    assert Organisation.objects.filter(pk=org.pk).exists()


# --- links -----------------------------------------------------------------------------


def test_an_officer_links_a_partner_and_removes_the_link(cast: Cast, as_officer: Client) -> None:
    norwegian = make_organisation(cast.bogota, "Norwegian Foundation", scope="norwegian")
    partner = make_organisation(cast.bogota, "Local Partner")
    response = as_officer.post(
        reverse("civil_society:link_add", args=[norwegian.pk]),
        {"other": partner.pk, "kind": "partner", "note": "Since 2024"},
    )
    assert response.status_code == 302
    link = OrganisationLink.objects.get()
    assert (link.organisation, link.other, link.kind) == (norwegian, partner, "partner")
    again = as_officer.post(
        reverse("civil_society:link_add", args=[norwegian.pk]),
        {"other": partner.pk, "kind": "partner"},
    )
    assert again.status_code == 400
    assert "already recorded" in again.content.decode()
    remove = reverse("civil_society:link_remove", args=[norwegian.pk, link.pk])
    assert as_officer.post(remove).status_code == 302
    assert not OrganisationLink.objects.exists()


def test_an_organisation_one_may_not_read_cannot_be_linked(cast: Cast, as_officer: Client) -> None:
    org = make_organisation(cast.bogota)
    elsewhere = restricted(cast.amman, "Amman Secret")
    response = as_officer.post(
        reverse("civil_society:link_add", args=[org.pk]),
        {"other": elsewhere.pk, "kind": "member"},
    )
    assert response.status_code == 400
    assert "Choose one of the organisations in the list" in response.content.decode()
    assert not OrganisationLink.objects.exists()


def test_an_officer_links_an_engagement_and_unlinks_it(cast: Cast, as_officer: Client) -> None:
    org = make_organisation(cast.bogota)
    engagement = make_engagement(cast.bogota, kind="civil_society")
    add = reverse("civil_society:engagement_add", args=[org.pk])
    assert as_officer.post(add, {"engagement": engagement.pk}).status_code == 302
    assert list(org.engagements.all()) == [engagement]
    remove = reverse("civil_society:engagement_remove", args=[org.pk, engagement.pk])
    assert as_officer.post(remove).status_code == 302
    assert not org.engagements.exists()


def test_another_units_engagement_cannot_be_linked(cast: Cast, as_officer: Client) -> None:
    org = make_organisation(cast.bogota)
    theirs = make_engagement(cast.amman, country="JO")
    add = reverse("civil_society:engagement_add", args=[org.pk])
    assert as_officer.post(add, {"engagement": theirs.pk}).status_code == 400
    assert not org.engagements.exists()


def test_the_pages_speak_bokmal(cast: Cast, as_officer: Client) -> None:
    org = make_organisation(cast.bogota, stance="opponent", kind="men")
    as_officer.cookies["django_language"] = "nb"
    listing = as_officer.get(LIST).content.decode()
    assert "Legg til en organisasjon" in listing
    assert "Organisasjon som arbeider med menn og mannsroller" in listing
    page = as_officer.get(detail(org)).content.decode()
    assert "Motstander av kvinners rettigheter" in page
    assert "Hvordan kvinner der bygger allianser med menn" in page


def test_the_page_names_the_processes_and_grants_it_takes_part_in_to_those_who_may_see_them(
    cast: Cast,
) -> None:
    from tests.engagements.factories import make_engagement
    from tests.grants.factories import make_grant
    from tests.processes.factories import make_process
    from wpsdesk.organisation.models import Classification

    organisation = make_organisation(cast.bogota)
    open_process = make_process(cast.bogota, name="Andes talks (fictional)")
    closed_process = make_process(
        cast.amman, name="Closed talks (fictional)", classification=Classification.RESTRICTED
    )
    for process in (open_process, closed_process):
        organisation.engagements.add(make_engagement(cast.bogota, process=process))
    make_grant(cast.bogota, "COL-25/0042", partner=organisation, multilateral_partner="")
    html = verified_client(cast.officer).get(organisation.get_absolute_url()).content.decode()
    assert "Andes talks (fictional)" in html
    assert "COL-25/0042" in html
    assert "Closed talks (fictional)" not in html  # Amman's restricted process, via our engagement
    amman = verified_client(cast.outsider).get(organisation.get_absolute_url())
    assert amman.status_code == 404  # the organisation itself is Bogotá's
