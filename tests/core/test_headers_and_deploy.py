"""Security headers on every kind of response, and the production configuration."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.personas import Cast, verified_client
from wpsdesk.core.keyconfig import new_dev_keys

ROOT = Path(__file__).resolve().parents[2]


def assert_security_headers(response) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in response.headers["Permissions-Policy"]


@pytest.mark.parametrize(
    "path",
    ["/", "/accounts/login/", "/does-not-exist/", "/api/schema/", "/healthz", "/unit/members/"],
)
def test_headers_on_pages_redirects_errors_and_api(cast: Cast, path: str) -> None:
    for client in (Client(), verified_client(cast.officer)):
        assert_security_headers(client.get(path))


@pytest.mark.parametrize(
    "path", ["/static/engagements/engagements.js", "/static/planning/planning.css"]
)
def test_static_files_carry_the_same_security_headers_and_may_be_cached(path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    assert response.__class__.__name__ == "WhiteNoiseFileResponse"
    assert_security_headers(response)
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_pages_of_logged_in_people_are_not_cached(as_officer) -> None:
    assert "no-store" in as_officer.get("/").headers["Cache-Control"]


def test_error_pages_are_generic(as_officer) -> None:
    response = as_officer.get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Traceback" not in body and "urlpatterns" not in body
    assert "Page not found" in body


def test_a_forged_post_without_csrf_token_changes_nothing(cast: Cast) -> None:
    client = verified_client(cast.officer)
    client.handler.enforce_csrf_checks = True
    response = client.post("/units/switch/", {"unit": cast.bogota.pk})
    assert response.status_code == 403
    assert_security_headers(response)


def test_check_deploy_is_clean_under_production_settings(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("WPSDESK_", "DJANGO_", "DATABASE_URL"))
    }
    env.update(new_dev_keys())  # fresh keys: published ones are refused in production
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "wpsdesk.settings",
            "WPSDESK_ALLOWED_HOSTS": "wpsdesk.example.org",
            # A server of its own: no development keys file from this checkout.
            "WPSDESK_VAR_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{ROOT / 'var' / 'deploy-check.sqlite3'}",
        }
    )
    result = subprocess.run(
        [sys.executable, "-m", "wpsdesk", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_its_keys(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WPSDESK_", "DJANGO_"))}
    env["DJANGO_SETTINGS_MODULE"] = "wpsdesk.settings"
    env["WPSDESK_VAR_DIR"] = str(tmp_path)  # a server of its own: no development keys file
    result = subprocess.run(
        [sys.executable, "-m", "wpsdesk", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "WPSDESK_SECRET_KEY must be set" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_page_names_an_icon_that_is_served(as_officer) -> None:
    body = as_officer.get("/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', body)
    assert icon is not None
    response = Client().get(icon.group(1))
    assert response.status_code == 200
    assert b"<svg" in b"".join(response.streaming_content)


def test_the_footer_leads_to_the_api_docs_and_tokens(as_officer) -> None:
    body = as_officer.get("/").content.decode()
    assert 'href="/api/docs/"' in body and 'href="/api/tokens/"' in body
    assert 'href="/api/docs/"' not in Client().get("/accounts/login/").content.decode()
