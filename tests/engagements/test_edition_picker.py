"""With two guideline catalogues loaded, the engagement form's item picker offers both.

The codes typed are read in the edition chosen beside them, not always the default's
current one; a code of the other edition only is refused in plain words, both ways.
"""

from __future__ import annotations

import json

from django.urls import reverse

from tests.catalogue.test_catalogue_switcher import OTHER_TITLE, load_other
from tests.engagements.factories import make_engagement
from tests.engagements.test_log_pages import typical_meeting
from tests.personas import Cast
from tests.planning.factories import load_guidelines
from wpsdesk.catalogue.models import Edition, Item
from wpsdesk.engagements.models import Engagement

CREATE = "engagements:create"


def two_catalogues() -> tuple[Edition, Edition]:
    load_guidelines()
    guidelines = Edition.objects.get(catalogue__key="no-mfa-wps-guidelines", is_current=True)
    return guidelines, load_other()


def test_with_one_edition_loaded_the_form_offers_no_choice(cast: Cast, as_officer) -> None:
    load_guidelines()
    response = as_officer.get(reverse(CREATE))
    assert "edition" not in response.context["form"].fields
    assert "data-picker-edition" not in response.content.decode()
    assert "data-item-picker" in response.content.decode()


def test_with_two_loaded_the_picker_offers_both_the_current_first_chosen(
    cast: Cast, as_officer
) -> None:
    guidelines, other = two_catalogues()
    response = as_officer.get(reverse(CREATE))
    field = response.context["form"]["edition"]
    assert field.initial == guidelines.pk
    assert [value for value, _label in field.field.choices] == [guidelines.pk, other.pk]
    queries = json.loads(field.field.widget.attrs["data-edition-queries"])
    assert queries == {str(guidelines.pk): "", str(other.pk): "catalogue=se-wps-nap"}
    assert 'data-picker-edition="id_edition"' in response.content.decode()


def test_codes_are_read_in_the_other_edition_when_it_is_chosen(cast: Cast, as_officer) -> None:
    _guidelines, other = two_catalogues()
    data = typical_meeting(edition=str(other.pk), message_codes="SCR.1325 P1.C.1")
    response = as_officer.post(reverse(CREATE), data)
    assert response.status_code == 302, response.content.decode()
    served = Engagement.objects.get().messages.all()
    assert {(item.edition_id, item.code) for item in served} == {
        (other.pk, "SCR.1325"),
        (other.pk, "P1.C.1"),
    }
    # Opened again, the form reads its codes in that edition.
    edit = as_officer.get(reverse("engagements:edit", args=[Engagement.objects.get().pk]))
    assert edit.context["form"]["edition"].initial == other.pk


def test_a_code_only_in_the_other_edition_is_refused_both_ways(cast: Cast, as_officer) -> None:
    guidelines, other = two_catalogues()
    only_ours = as_officer.post(
        reverse(CREATE), typical_meeting(edition=str(other.pk), message_codes="CL.1 P1.C.1")
    )
    assert only_ours.status_code == 400
    assert only_ours.context["form"].errors["message_codes"] == [
        f"These codes are not in {OTHER_TITLE} (2024–2028, current): CL.1."
    ]
    only_theirs = as_officer.post(
        reverse(CREATE), typical_meeting(edition=str(guidelines.pk), message_codes="SCR.1325")
    )
    assert only_theirs.status_code == 400
    assert only_theirs.context["form"].errors["message_codes"] == [
        f"These codes are not in {guidelines.title} ({guidelines.name}, current): SCR.1325."
    ]
    assert not Engagement.objects.exists()
    # Without a choice sent (a page opened before the second was loaded), the codes are
    # read in the default's current edition.
    default = as_officer.post(reverse(CREATE), typical_meeting(message_codes="CL.1"))
    assert default.status_code == 302, default.content.decode()
    assert [i.edition_id for i in Engagement.objects.get().messages.all()] == [guidelines.pk]


def test_an_edition_that_is_not_loaded_is_refused(cast: Cast, as_officer) -> None:
    two_catalogues()
    response = as_officer.post(
        reverse(CREATE), typical_meeting(edition="999999", message_codes="CL.1")
    )
    assert response.status_code == 400
    assert "edition" in response.context["form"].errors
    assert not Engagement.objects.exists()


def test_the_items_api_searches_the_catalogue_the_picker_asks_for(cast: Cast, as_officer) -> None:
    _guidelines, other = two_catalogues()
    url = reverse("api:catalogue:item-list")
    theirs = as_officer.get(url, {"catalogue": "se-wps-nap", "q": "resolutions"}).json()
    assert "SCR" in [item["code"] for item in theirs["results"]]
    assert {item["edition"] for item in theirs["results"]} == {other.name}
    ours = as_officer.get(url, {"q": "resolutions"}).json()
    assert other.name not in {item["edition"] for item in ours["results"]}
    assert as_officer.get(url, {"catalogue": "no-such-catalogue"}).status_code == 404


def test_an_engagement_serving_the_default_edition_opens_with_it_chosen(
    cast: Cast, as_officer
) -> None:
    guidelines, _other = two_catalogues()
    engagement = make_engagement(cast.bogota)
    engagement.messages.set([Item.objects.get(edition=guidelines, code="CL.1")])
    edit = as_officer.get(reverse("engagements:edit", args=[engagement.pk]))
    assert edit.context["form"]["edition"].initial == guidelines.pk
