"""A client generated from our schema by ``openapi-python-client`` does the main work.

The schema is only as good as the code a program can make from it: this test writes
``/api/schema/`` to a directory, generates a Python package from it (no network), imports
that package and, as an officer with a read-and-write token, lists plans, logs an
engagement with its counts, reads it back, changes it with If-Match (412 when stale, 428
without), lists checklist runs and is refused another unit's record. The generated client
talks to the Django application in-process (httpx's WSGI transport), inside the test's
database transaction.
"""

from __future__ import annotations

import datetime as dt
import importlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

from tests.api.conftest import MakeToken
from tests.engagements.factories import make_engagement
from tests.personas import Cast
from tests.planning.factories import load_guidelines, make_plan, make_run
from wpsdesk.engagements.models import Engagement

PACKAGE = "wpsdesk_generated_client"
BASE_URL = "http://testserver"
# No formatter run after generating: the package is imported, not read.
CONFIG = f"package_name_override: {PACKAGE}\npost_hooks: []\n"

pytestmark = pytest.mark.slow  # generating the package takes a few seconds


@pytest.fixture
def in_process_http() -> Iterator[None]:
    """Keep the test's database connection open across in-process requests.

    Django closes a connection at the end of a request when it is inside a transaction it
    did not expect; the test client switches that off for its requests, and so must we.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def http_client(token: str) -> httpx.Client:
    """An httpx client that sends the token and reaches the app without a server."""
    return httpx.Client(
        transport=httpx.WSGITransport(app=get_wsgi_application()),
        base_url=BASE_URL,
        headers={"Authorization": f"Bearer {token}"},
    )


def generate(schema: bytes, where: Path) -> ModuleType:
    """Generate the client package from ``schema`` under ``where`` and import it."""
    (where / "schema.json").write_bytes(schema)
    (where / "config.yaml").write_text(CONFIG)
    generator = Path(sys.executable).parent / "openapi-python-client"
    result = subprocess.run(
        [
            str(generator),
            "generate",
            "--path",
            str(where / "schema.json"),
            "--meta",
            "none",
            "--output-path",
            str(where / PACKAGE),
            "--config",
            str(where / "config.yaml"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # A construct the generator cannot read is skipped with a warning, not an error.
    assert "Warning" not in output, output
    sys.path.insert(0, str(where))
    return importlib.import_module(PACKAGE)


@pytest.fixture
def generated(tmp_path: Path, cast: Cast, make_token: MakeToken) -> Iterator[Any]:
    """The generated package, made from the schema the officer is served."""
    _token, text = make_token(cast.officer, scopes=("read",))
    with http_client(text) as http:
        response = http.get("/api/schema/", params={"format": "json"})
    assert response.status_code == 200
    try:
        yield generate(response.content, tmp_path)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def module(package: Any, name: str) -> Any:
    return importlib.import_module(f"{PACKAGE}.{name}")


@pytest.mark.usefixtures("in_process_http")
def test_a_generated_client_performs_the_main_flows(
    cast: Cast, make_token: MakeToken, generated: Any
) -> None:
    load_guidelines()
    plan = make_plan(cast.bogota, cast.officer)
    run = make_run(cast.bogota, cast.officer)
    theirs = make_engagement(cast.amman, country="JO")
    _token, text = make_token(cast.officer, scopes=("read", "write"))
    client = generated.AuthenticatedClient(base_url=BASE_URL, token=text)
    client.set_httpx_client(http_client(text))

    api = "api.plans"
    plans = module(generated, f"{api}.plans_list").sync(client=client)
    assert [(p.id, p.unit_code) for p in plans.results] == [(plan.pk, "test-bogota")]

    models = module(generated, "models")
    created = module(generated, "api.engagements.engagements_create").sync_detailed(
        client=client,
        body=models.EngagementRequest(
            unit="test-bogota",
            kind=models.EngagementKindEnum.NEGOTIATION,
            title="Round three",
            date=dt.date(2026, 3, 1),
            country="co",
            participation=[
                models.ParticipationRequest(
                    side=models.SideEnum.NORWAY, category=models.CategoryEnum.WOMEN, count=2
                ),
                models.ParticipationRequest(
                    side=models.SideEnum.NORWAY, category=models.CategoryEnum.MEN, count=3
                ),
                models.ParticipationRequest(  # not known: nothing is stored
                    side=models.SideEnum.NORWAY,
                    category=models.CategoryEnum.ANOTHER_OR_NOT_STATED,
                    count=None,
                ),
            ],
        ),
    )
    assert created.status_code == 201, created.content
    engagement_id = created.parsed.id
    assert Engagement.objects.get(pk=engagement_id).participation.count() == 2

    retrieve = module(generated, "api.engagements.engagements_retrieve")
    read = retrieve.sync_detailed(client=client, id=engagement_id)
    assert read.status_code == 200
    counts = {(p.side.value, p.category.value): p.count for p in read.parsed.participation}
    assert counts[("norway", "women")] == 2 and counts[("norway", "men")] == 3
    etag = read.headers["ETag"]

    update = module(generated, "api.engagements.engagements_partial_update")
    changed = update.sync_detailed(
        client=client,
        id=engagement_id,
        body=models.PatchedEngagementRequest(title="Round three, second day"),
        if_match=etag,
    )
    assert changed.status_code == 200, changed.content
    assert changed.parsed.title == "Round three, second day"
    assert changed.headers["ETag"] != etag

    stale = update.sync_detailed(
        client=client,
        id=engagement_id,
        body=models.PatchedEngagementRequest(title="Lost"),
        if_match=etag,
    )
    assert stale.status_code == 412
    assert stale.parsed.current_version == changed.parsed.version
    without = update.sync_detailed(
        client=client,
        id=engagement_id,
        body=models.PatchedEngagementRequest(title="Lost"),
        if_match="",
    )
    assert without.status_code == 428
    assert Engagement.objects.get(pk=engagement_id).title == "Round three, second day"

    runs = module(generated, f"{api}.plans_checklist_runs_list").sync(client=client)
    assert [r.id for r in runs.results] == [run.pk]

    refused = retrieve.sync_detailed(client=client, id=theirs.pk)
    assert refused.status_code == 404
    attempt = update.sync_detailed(
        client=client,
        id=theirs.pk,
        body=models.PatchedEngagementRequest(title="Mine now"),
        if_match='"1"',
    )
    assert attempt.status_code == 404
    theirs.refresh_from_db()
    assert theirs.title != "Mine now"
