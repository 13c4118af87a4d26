"""The home page's registries: tasks deduplicated and dated, panels by audience."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.http import HttpRequest
from django.urls import reverse

from tests.personas import Cast, verified_client
from wpsdesk.core import home
from wpsdesk.core.home import Audience, HomePanel, Task

HOME = reverse("core:home")


@pytest.fixture
def own_registries() -> Iterator[None]:
    """Leave the app's registries as they were after each test."""
    panels, providers = dict(home._panels), list(home._providers)
    yield
    home._panels.clear()
    home._panels.update(panels)
    home._providers[:] = providers


def figures(label: str) -> dict[str, object]:
    return {"figures": [{"label": label, "value": 3, "url": "", "note": ""}]}


def test_a_panel_shows_to_its_audiences_only(cast: Cast, own_registries: None) -> None:
    home.register_panel(
        HomePanel(
            key="test-hq",
            title="Service at a glance (test)",
            template="core/home/_figures.html",
            context=lambda request: figures("Units counted"),
            audiences=frozenset({Audience.HQ}),
        )
    )
    page = verified_client(cast.coordinator).get(HOME).content.decode()
    assert "Service at a glance (test)" in page
    assert 'aria-labelledby="home-test-hq-heading"' in page
    assert "Units counted" in page
    for person in (cast.officer, cast.lead, cast.auditor):
        assert "Units counted" not in verified_client(person).get(HOME).content.decode()


def test_a_panel_with_nothing_to_show_is_left_out(cast: Cast, own_registries: None) -> None:
    def only_for_leads(request: HttpRequest) -> dict[str, object] | None:
        return figures("Lead figure") if request.user == cast.lead else None

    home.register_panel(
        HomePanel(
            key="t", title="Lead panel", template="core/home/_figures.html", context=only_for_leads
        )
    )
    assert "Lead panel" in verified_client(cast.lead).get(HOME).content.decode()
    assert "Lead panel" not in verified_client(cast.officer).get(HOME).content.decode()


def test_panels_come_in_order_and_a_key_registered_again_replaces(
    cast: Cast, own_registries: None
) -> None:
    for key, order in (("late", 900), ("early", 1)):
        home.register_panel(
            HomePanel(
                key=key,
                title=f"Panel {key}",
                template="core/home/_figures.html",
                context=lambda request: figures("x"),
                order=order,
            )
        )
    home.register_panel(
        HomePanel(
            key="late",
            title="Panel late again",
            template="core/home/_figures.html",
            context=lambda request: figures("x"),
            order=900,
        )
    )
    page = verified_client(cast.officer).get(HOME).content.decode()
    assert page.index("Panel early") < page.index("Panel late again")
    assert "Panel late<" not in page


def test_the_same_task_twice_is_shown_once_urgent_first_then_by_date(
    cast: Cast, own_registries: None
) -> None:
    later, sooner = datetime.date(2031, 5, 2), datetime.date(2031, 4, 1)

    def first(request: HttpRequest) -> list[Task]:
        return [
            Task("Write the report", "/r/", due=later),
            Task("Read the brief", "/b/", due=sooner),
        ]

    def second(request: HttpRequest) -> list[Task]:
        return [Task("Write the report", "/r/", urgent=True, due=later), Task("Undated", "/u/")]

    home.register(first)
    home.register(second)
    page = verified_client(cast.outsider).get(HOME).content.decode()
    assert page.count("Write the report") == 1
    assert page.index("Write the report") < page.index("Read the brief") < page.index("Undated")
    assert '<time datetime="2031-04-01"' in page
