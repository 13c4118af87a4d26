"""The OpenAPI schema and the Swagger UI docs: for verified people only, self-hosted, CSP-clean."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openapi_spec_validator import validate

from tests.api.conftest import bearer_client
from tests.personas import Cast, verified_client


def test_anonymous_visitors_get_no_schema(cast: Cast):
    response = Client().get(reverse("api:schema"))
    assert response.status_code == 401
    assert b"/api/units/" not in response.content


def test_the_schema_describes_our_endpoints_and_both_ways_in(cast: Cast, as_officer):
    response = as_officer.get(reverse("api:schema"))
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert set(schema["paths"]) >= {
        "/api/units/",
        "/api/units/{id}/",
        "/api/memberships/",
        "/api/memberships/{id}/",
        "/api/me/",
    }
    assert schema["components"]["securitySchemes"]["tokenAuth"]["scheme"] == "bearer"
    assert schema["components"]["securitySchemes"]["cookieAuth"]["in"] == "cookie"
    assert "/api/schema/" not in schema["paths"]


def test_the_schema_offers_only_reading_of_units_and_memberships(cast: Cast, as_officer):
    schema = yaml.safe_load(as_officer.get(reverse("api:schema")).content)
    for path in ("/api/units/", "/api/units/{id}/", "/api/memberships/", "/api/memberships/{id}/"):
        assert set(schema["paths"][path]) <= {"get", "parameters"}, path


def test_the_schema_is_valid_openapi_and_builds_without_warnings(tmp_path: Path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/me/" in target.read_text()


def test_the_served_schema_passes_an_independent_openapi_validator(cast: Cast, as_officer):
    schema = yaml.safe_load(as_officer.get(reverse("api:schema")).content)
    validate(schema)  # raises with the first offending path


def test_api_paths_read_naturally(cast: Cast, as_officer):
    paths = set(yaml.safe_load(as_officer.get(reverse("api:schema")).content)["paths"])
    assert {"/api/engagements/", "/api/engagements/{id}/", "/api/engagements/issues/"} <= paths
    doubled = [p for p in paths if re.search(r"^/api/([a-z-]+)/\1/", p)]
    assert doubled == []


def test_a_read_token_may_fetch_the_schema(cast: Cast, officer_token: str):
    assert bearer_client(officer_token).get(reverse("api:schema")).status_code == 200


def test_the_docs_page_loads_swagger_ui_from_our_own_static_files(cast: Cast, as_officer):
    response = as_officer.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'<script src="([^"]+)"', html)
    assert sources == [
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-standalone-preset.js",
        "/api/docs/?script=",
    ]
    assert '<link rel="stylesheet" href="/static/drf_spectacular_sidecar/' in html
    assert "<style" not in html
    assert html.count("<script") == len(sources)  # no inline script
    linked = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert linked
    assert all(url.startswith("/") and not url.startswith("//") for url in linked), linked


def test_the_docs_start_up_script_points_at_our_schema(cast: Cast, as_officer):
    response = as_officer.get(reverse("api:docs"), {"script": ""})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert 'url: "/api/schema/"' in response.content.decode()


@pytest.mark.parametrize(
    "asset",
    [
        "swagger-ui-dist/swagger-ui-bundle.js",
        "swagger-ui-dist/swagger-ui-standalone-preset.js",
        "swagger-ui-dist/swagger-ui.css",
    ],
)
def test_the_docs_assets_are_served_from_static(db: None, asset: str):
    response = Client().get(f"/static/drf_spectacular_sidecar/{asset}")
    assert response.status_code == 200
    response.close()


def test_anonymous_visitors_get_no_docs_page_and_no_start_up_script(cast: Cast):
    assert Client().get(reverse("api:docs")).status_code == 401
    assert Client().get(reverse("api:docs"), {"script": ""}).status_code == 401


@pytest.mark.parametrize(
    ("what", "request_"),
    [
        ("a JSON answer", lambda cast: verified_client(cast.officer).get(reverse("api:me"))),
        ("a 401", lambda cast: Client().get(reverse("api:me"))),
        ("a 404", lambda cast: verified_client(cast.officer).get("/api/units/999999/")),
        ("the schema", lambda cast: verified_client(cast.officer).get(reverse("api:schema"))),
        ("the docs", lambda cast: verified_client(cast.officer).get(reverse("api:docs"))),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_api_responses_carry_the_security_headers(cast: Cast, what, request_):
    response = request_(cast)
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "no-store" in response["Cache-Control"]


def test_the_schema_also_comes_as_json(cast: Cast, as_officer):
    response = as_officer.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "wpsdesk API"


def test_every_edit_that_needs_if_match_documents_its_412_and_428(cast: Cast, as_officer):
    schema = yaml.safe_load(as_officer.get(reverse("api:schema")).content)
    edits = [
        (path, method, operation)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method in ("put", "patch")
        and any(p.get("name") == "If-Match" for p in operation.get("parameters", []))
    ]
    assert {("/api/plans/{id}/", "put"), ("/api/engagements/{id}/", "patch")} <= {
        (path, method) for path, method, _ in edits
    }
    for path, method, operation in edits:
        assert {"412", "428"} <= set(operation["responses"]), (path, method)
