"""The data migration that turns free-text peace processes into linked processes."""

from __future__ import annotations

import importlib

from django.apps import apps

from tests.engagements.factories import make_engagement
from tests.personas import Cast
from tests.processes.factories import make_process
from wpsdesk.engagements.models import Engagement, Team
from wpsdesk.processes.models import PeaceProcess

migration = importlib.import_module(
    "wpsdesk.engagements.migrations.0006_link_engagements_and_teams_to_processes"
)


def test_the_same_name_in_the_same_unit_becomes_one_process(cast: Cast) -> None:
    first = make_engagement(cast.bogota, peace_process="Fictional  Andes talks")
    second = make_engagement(cast.bogota, peace_process="fictional andes TALKS")
    team = Team.objects.create(
        unit=cast.bogota, name="Team", kind="peace_process", peace_process="Fictional Andes talks"
    )
    migration.link_free_text(apps, None)
    process = PeaceProcess.objects.get()
    assert process.name == "Fictional Andes talks" and process.unit == cast.bogota
    assert {e.process_id for e in Engagement.objects.filter(pk__in=[first.pk, second.pk])} == {
        process.pk
    }
    team.refresh_from_db()
    assert team.process == process
    assert process.phases.count() == 1
    # The free text stays on the records.
    assert Engagement.objects.get(pk=second.pk).peace_process == "fictional andes TALKS"


def test_an_existing_process_of_the_unit_is_reused(cast: Cast) -> None:
    existing = make_process(cast.bogota, name="Andes talks")
    engagement = make_engagement(cast.bogota, peace_process="andes talks")
    migration.link_free_text(apps, None)
    assert Engagement.objects.get(pk=engagement.pk).process == existing
    assert PeaceProcess.objects.count() == 1


def test_the_same_name_in_another_unit_is_another_process(cast: Cast) -> None:
    make_engagement(cast.bogota, peace_process="Andes talks")
    make_engagement(cast.amman, country="JO", peace_process="Andes talks")
    migration.link_free_text(apps, None)
    assert set(PeaceProcess.objects.values_list("unit__code", flat=True)) == {
        "test-bogota",
        "test-amman",
    }


def test_a_new_process_is_as_protected_as_its_most_protected_record(cast: Cast) -> None:
    make_engagement(cast.bogota, peace_process="Quiet talks")
    make_engagement(cast.bogota, peace_process="Quiet talks", classification="restricted")
    migration.link_free_text(apps, None)
    assert PeaceProcess.objects.get().classification == "restricted"


def test_records_without_text_are_left_alone_and_going_back_unlinks(cast: Cast) -> None:
    plain = make_engagement(cast.bogota)
    named = make_engagement(cast.bogota, peace_process="Andes talks")
    migration.link_free_text(apps, None)
    assert Engagement.objects.get(pk=plain.pk).process is None
    assert Engagement.objects.get(pk=named.pk).process is not None
    migration.unlink(apps, None)
    assert Engagement.objects.get(pk=named.pk).process is None
    assert Engagement.objects.get(pk=named.pk).peace_process == "Andes talks"
