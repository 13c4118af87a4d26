"""Pickers are plain fields marked for the page's script: they work without it.

The goal form's guideline items stay checkboxes (with the server-side search), the
engagement form's WPS messages stay a text input of codes, the process stays a select; the
marks tell the script to add a filter box or an item finder. The item finder asks the items
API, which answers the person's session with the current edition's items only.
"""

from __future__ import annotations

from django.urls import reverse

from tests.personas import Cast, verified_client
from tests.planning.factories import load_guidelines, make_plan


def test_the_engagement_form_marks_the_codes_input_and_the_process_select(cast: Cast) -> None:
    load_guidelines()
    page = verified_client(cast.officer).get(reverse("engagements:create")).content.decode()
    assert 'name="message_codes"' in page
    assert f'data-item-picker="{reverse("api:catalogue:item-list")}"' in page
    assert 'data-picker-label="Find a guideline item by code or words"' in page
    assert 'data-filterable="Type to narrow the list of peace processes"' in page


def test_the_goal_form_marks_its_item_checkboxes(cast: Cast) -> None:
    load_guidelines()
    plan = make_plan(cast.bogota, cast.officer)
    client = verified_client(cast.officer)
    page = client.get(reverse("planning:goal_create", args=[plan.pk]), {"item_q": "mediators"})
    html = page.content.decode()
    assert 'type="checkbox"' in html
    assert 'data-filterable="Type to narrow the items listed"' in html


def test_the_item_finder_asks_the_items_api_with_the_session(cast: Cast) -> None:
    load_guidelines()
    client = verified_client(cast.reader)
    response = client.get(reverse("api:catalogue:item-list"), {"q": "mediation"})
    assert response.status_code == 200
    codes = [item["code"] for item in response.json()["results"]]
    assert codes and all(code.startswith(("P", "CL", "SCR", "R")) for code in codes)
    # Without a session nobody gets them.
    anonymous = client.__class__().get(reverse("api:catalogue:item-list"), {"q": "mediation"})
    assert anonymous.status_code in (401, 403)
