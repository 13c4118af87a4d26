"""The recorded peace process in the engagements API and export: named only to a reader
who may see the process, empty (neither id nor name) to anyone else."""

from __future__ import annotations

import csv
import io

from django.urls import reverse

from tests.engagements.factories import make_engagement
from tests.engagements.test_api import QUERIES_API_LIST
from tests.personas import Cast, reauthenticated_client
from tests.processes.factories import make_process

URL = "/api/engagements/"


def _two_rounds(cast: Cast) -> tuple[int, int]:
    seen = make_process(cast.bogota, name="Andes talks")
    # Another unit's restricted process: the officer may not see it, though the engagement
    # that names it is the officer's own.
    hidden = make_process(cast.amman, name="Secret island talks", classification="restricted")
    make_engagement(cast.bogota, title="Round one", process=seen)
    make_engagement(cast.bogota, title="Round two", process=hidden)
    return seen.pk, hidden.pk


def test_the_api_names_a_process_one_may_see_and_leaves_the_other_empty(
    cast: Cast, as_officer, django_assert_num_queries
) -> None:
    seen, _hidden = _two_rounds(cast)
    as_officer.get(URL)
    # The processes the officer may see are read once for the whole list.
    with django_assert_num_queries(QUERIES_API_LIST + 1):
        response = as_officer.get(URL)
    rows = {row["title"]: row for row in response.json()["results"]}
    assert (rows["Round one"]["process"], rows["Round one"]["process_name"]) == (
        seen,
        "Andes talks",
    )
    assert (rows["Round two"]["process"], rows["Round two"]["process_name"]) == (None, None)
    assert "Secret island talks" not in response.content.decode()
    detail = as_officer.get(f"{URL}{_pk(rows['Round one'])}/").json()
    assert detail["process_name"] == "Andes talks"


def _pk(row: dict) -> int:
    return int(row["id"])


def test_the_export_names_a_process_one_may_see_and_leaves_the_other_empty(cast: Cast) -> None:
    seen, _hidden = _two_rounds(cast)
    response = reauthenticated_client(cast.officer).get(reverse("engagements:export", args=["csv"]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {row["title"]: row for row in csv.DictReader(io.StringIO(text))}
    assert (rows["Round one"]["process_id"], rows["Round one"]["process_name"]) == (
        str(seen),
        "Andes talks",
    )
    assert (rows["Round two"]["process_id"], rows["Round two"]["process_name"]) == ("", "")
    assert "Secret island talks" not in text


def test_the_process_owner_sees_the_name_in_the_export(cast: Cast) -> None:
    _seen, hidden = _two_rounds(cast)
    make_engagement(
        cast.amman,
        title="Amman's round",
        country="JO",
        process_id=hidden,
        classification="restricted",
    )
    response = reauthenticated_client(cast.outsider).get(
        reverse("engagements:export", args=["csv"])
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {row["title"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["Amman's round"]["process_name"] == "Secret island talks"
    assert "Round one" not in rows  # Bogotá's engagements are Bogotá's
