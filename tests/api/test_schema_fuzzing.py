"""Fuzzing the whole API against its own OpenAPI schema, in-process.

Every operation the schema describes gets a handful of generated requests, sent with an
officer's read+write token to the Django app itself (WSGI, no server). Each response must
not be a server error, must have a status code the schema documents for that operation, and
must match the documented response body. The examples are derandomised, so a run is the
same every time and a failure is reproducible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import CheckFunction, not_a_server_error
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from tests.engagements.factories import make_engagement
from tests.personas import Cast
from tests.planning.factories import load_guidelines, make_plan
from tests.screening import docs
from wpsdesk.api.services import api_token_create
from wpsdesk.screening import services as screening

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 15

# DRF answers a malformed query or body with 400 and a missing record, or a page past the end,
# with 404; drf-spectacular documents neither on any operation. Those two are the framework's
# generic client errors, not a contract of ours, so the status check skips them; every other
# status (a 5xx, a stray 403, 405, 409, 413, ...) must be documented.
GENERIC_CLIENT_ERRORS = {400, 404}


def documented_status(ctx: Any, response: Any, case: Any) -> bool | None:
    """``status_code_conformance``, except for DRF's generic 400 and 404."""
    if response.status_code in GENERIC_CLIENT_ERRORS:
        return None
    return status_code_conformance(ctx, response, case)


CHECKS: list[CheckFunction] = [
    not_a_server_error,
    documented_status,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def own_media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def connection_kept_between_requests() -> Iterator[None]:
    """Keep the test's database connection open across the WSGI requests.

    Django's handler closes a connection at the end of each request when it is not in
    autocommit mode, which a test's transaction never is: on PostgreSQL the next query
    would find it closed. Django's own test client disconnects the same receivers.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def records_in_bogota(cast: Cast) -> None:
    """A plan, an engagement and a screened document, so detail routes have something to find."""
    load_guidelines()
    make_plan(cast.bogota, cast.officer)
    make_engagement(cast.bogota)
    screening.add_document(
        actor=cast.officer,
        unit=cast.bogota,
        title="Agreement",
        classification="internal",
        text=docs.AGREEMENT,
    )


def test_every_operation_keeps_to_the_schema(cast: Cast) -> None:
    records_in_bogota(cast)
    _token, text = api_token_create(
        owner=cast.officer,
        name="fuzzing",
        scopes=("read", "write"),
        lifetime=dt.timedelta(days=1),
        actor=cast.officer,
    )
    auth = {"Authorization": f"Bearer {text}"}
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", get_wsgi_application(), headers=auth
    )

    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            failures.append(f"The schema has an operation that cannot be loaded: {result.err()}")
            continue
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case: Any) -> None:
            response = case.call(headers=auth)
            case.validate_response(response, checks=CHECKS, headers=auth)

        # The user rate limit counts across operations; each operation starts afresh.
        cache.clear()
        try:
            fuzz()
        # Schemathesis raises its failures as an exception group; collect every operation's.
        except (Exception, BaseExceptionGroup) as error:
            failures.append(f"{operation.label}: {error}")

    assert operations > 40
    assert not failures, "\n\n".join(failures)
