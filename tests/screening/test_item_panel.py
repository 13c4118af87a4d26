"""A catalogue item's page lists the screened texts whose themes serve it, if readable."""

from __future__ import annotations

import pytest
import yaml
from django.test import Client

from tests.personas import Cast, verified_client
from wpsdesk.catalogue.datafile import BUNDLED_FILE, parse_data
from wpsdesk.catalogue.services import catalogue_load
from wpsdesk.screening import services
from wpsdesk.screening.panels import themes_for_item

pytestmark = pytest.mark.django_db


def test_the_item_page_lists_readable_screened_texts(cast: Cast) -> None:
    with BUNDLED_FILE.open(encoding="utf-8") as handle:
        catalogue_load(spec=parse_data(yaml.safe_load(handle)), source_name=BUNDLED_FILE.name)
    assert "participation" in [theme for theme, _label in themes_for_item("P1.C.5")]
    services.add_document(
        actor=cast.officer,
        unit=cast.bogota,
        title="Draft protocol on the talks",
        classification="internal",
        text="Article 1. The Parties shall ensure the participation of women in the delegations.",
    )
    own: Client = verified_client(cast.reader)
    other: Client = verified_client(cast.outsider)
    assert "Draft protocol on the talks" in own.get("/catalogue/items/P1.C.5/").content.decode()
    page = other.get("/catalogue/items/P1.C.5/").content.decode()
    assert "Draft protocol on the talks" not in page
    assert "Screened texts that address this item" in page
