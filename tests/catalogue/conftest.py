"""Fixtures for the catalogue: the bundled guidelines, loaded, and small catalogues to edit."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from wpsdesk.catalogue.datafile import BUNDLED_FILE, parse_data
from wpsdesk.catalogue.models import Edition
from wpsdesk.catalogue.services import catalogue_load, priority_lists_seed


@pytest.fixture(scope="session")
def guidelines_data() -> dict[str, Any]:
    """The bundled data file, parsed; copy it before changing it."""
    with BUNDLED_FILE.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


@pytest.fixture
def edited(guidelines_data: dict[str, Any]) -> dict[str, Any]:
    """A copy of the bundled data file to edit in a test."""
    return copy.deepcopy(guidelines_data)


@pytest.fixture
def guidelines(db: None, guidelines_data: dict[str, Any]) -> Edition:
    """The bundled guidelines loaded as the current edition, with the priority lists seeded."""
    catalogue_load(spec=parse_data(guidelines_data), source_name=BUNDLED_FILE.name)
    priority_lists_seed()
    return Edition.objects.select_related("catalogue").get(is_current=True)
