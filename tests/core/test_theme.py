"""wpsdesk's look: Designsystemet's typeface served from our own origin, the header's logo
and service name, and the setting that names them."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.test import Client, override_settings
from django.urls import reverse

from wpsdesk.core.checks import logo_is_a_static_file

HOME = reverse("core:home")
LOGIN = reverse("accounts:login")
FONT_CSS = "/static/vendor/inter/inter.css"
FONT_FILES = [
    "inter-5.3.0-latin-wght-normal.woff2",
    "inter-5.3.0-latin-ext-wght-normal.woff2",
    "inter-5.3.0-latin-wght-italic.woff2",
    "inter-5.3.0-latin-ext-wght-italic.woff2",
]


def body(response) -> str:  # type: ignore[no-untyped-def]
    return "".join(part.decode() for part in response.streaming_content)


# --- the typeface -----------------------------------------------------------------------


def test_every_page_links_the_bundled_font_stylesheet_before_the_theme(as_officer: Client) -> None:
    for page in (as_officer.get(HOME), Client().get(LOGIN)):
        html = page.content.decode()
        assert f'<link rel="stylesheet" href="{FONT_CSS}">' in html
        assert html.index(FONT_CSS) < html.index("designsystemet-theme-1.22.0.css")
        assert "fonts.googleapis" not in html and "fontsource" not in html


def test_the_font_stylesheet_is_served_from_static_and_names_only_our_own_files() -> None:
    response = Client().get(FONT_CSS)
    assert response.status_code == 200
    css = body(response)
    assert sorted(re.findall(r'url\("([^"]+)"\)', css)) == sorted(FONT_FILES)
    assert css.count("font-display: swap;") == 4
    assert "font-family: Inter;" in css  # the name the theme's --ds-font-family gives


@pytest.mark.parametrize("name", FONT_FILES)
def test_each_font_file_is_served_from_static_as_woff2(name: str) -> None:
    response = Client().get(f"/static/vendor/inter/{name}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "font/woff2"
    assert b"".join(response.streaming_content)[:4] == b"wOF2"


def test_the_font_comes_with_its_licence() -> None:
    response = Client().get("/static/vendor/inter/LICENSE")
    assert response.status_code == 200
    assert b"SIL OPEN FONT LICENSE Version 1.1" in b"".join(response.streaming_content)


def test_fonts_may_come_from_our_own_origin_only(as_officer: Client) -> None:
    csp = as_officer.get(HOME).headers["Content-Security-Policy"]
    assert "font-src 'self';" in csp + ";"


def test_wpsdesk_css_points_the_theme_font_variable_at_inter() -> None:
    css = body(Client().get("/static/wpsdesk/wpsdesk.css"))
    assert re.search(r"--ds-font-family: Inter, system-ui", css)
    assert "font-family: var(--ds-font-family)" in css


# --- the logo and the service's name -----------------------------------------------------


def test_the_header_shows_the_bundled_logo_and_wpsdesk_by_default(as_officer: Client) -> None:
    html = as_officer.get(HOME).content.decode()
    assert '<img class="shell-logo" src="/static/wpsdesk/logo.svg" alt="" height="32">' in html
    assert '<span class="shell-service-name">wpsdesk</span>' in html
    assert "</title>" in html and re.search(r"– wpsdesk</title>", html)
    assert Client().get("/static/wpsdesk/logo.svg").status_code == 200


@override_settings(WPSDESK_LOGO="wpsdesk/favicon.svg", WPSDESK_SERVICE_NAME="WPS-skranken")
def test_an_installation_names_its_own_logo_and_service(as_officer: Client) -> None:
    for page in (as_officer.get(HOME), Client().get(LOGIN)):
        html = page.content.decode()
        assert '<img class="shell-logo" src="/static/wpsdesk/favicon.svg" alt=""' in html
        assert '<span class="shell-service-name">WPS-skranken</span>' in html
        assert "– WPS-skranken</title>" in html
        assert "/static/wpsdesk/logo.svg" not in html


@override_settings(WPSDESK_SERVICE_NAME="<b>Ministry</b>")
def test_the_service_name_is_text_not_markup() -> None:
    html = Client().get(LOGIN).content.decode()
    assert "&lt;b&gt;Ministry&lt;/b&gt;" in html and "<b>Ministry</b>" not in html


def test_the_check_accepts_the_bundled_logo_and_refuses_one_that_is_not_a_static_file() -> None:
    assert logo_is_a_static_file() == []
    with override_settings(WPSDESK_LOGO="ministry/no-such-logo.svg"):
        errors = logo_is_a_static_file()
        assert [error.id for error in errors] == ["wpsdesk.E002"]
        assert "wpsdesk.E002" in [message.id for message in run_checks()]


def test_the_logo_setting_refuses_a_path_outside_the_static_files(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import ImproperlyConfigured

    from wpsdesk.settings import env_static_path

    for bad in ("../etc/logo.svg", "/srv/logo.svg", "https://example.org/logo.svg", " "):
        monkeypatch.setenv("WPSDESK_LOGO", bad)
        with pytest.raises(ImproperlyConfigured):
            env_static_path("WPSDESK_LOGO", "wpsdesk/logo.svg")
    monkeypatch.setenv("WPSDESK_LOGO", "ministry/logo.svg")
    assert env_static_path("WPSDESK_LOGO", "wpsdesk/logo.svg") == "ministry/logo.svg"
    assert settings.WPSDESK_LOGO == "wpsdesk/logo.svg"
