"""Who reads a process: its lead unit, its contributing units, HQ — and nobody else."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.personas import Cast
from tests.processes.factories import make_analysis, make_process
from wpsdesk.organisation.models import AccessGrant, Membership, Role
from wpsdesk.organisation.policy import forget_cached_access, may_edit, may_read, visible_to
from wpsdesk.processes.models import ConflictAnalysis, InclusionEntry, PeaceProcess


def _ids(user) -> set[str]:  # type: ignore[no-untyped-def]
    return set(visible_to(PeaceProcess.objects.all(), user=user).values_list("name", flat=True))


def test_a_contributing_unit_reads_the_process_but_may_not_change_it(cast: Cast) -> None:
    process = make_process(cast.bogota, contributing=[cast.amman])
    assert may_read(cast.outsider, process)
    assert not may_edit(cast.outsider, process)
    assert _ids(cast.outsider) == {process.name}


def test_without_the_contribution_another_unit_sees_nothing(cast: Cast) -> None:
    process = make_process(cast.bogota)
    assert not may_read(cast.outsider, process)
    assert _ids(cast.outsider) == set()


def test_restricted_processes_need_clearance_in_the_contributing_unit(cast: Cast) -> None:
    process = make_process(cast.bogota, classification="restricted", contributing=[cast.amman])
    assert may_read(cast.outsider, process)  # cleared in Amman
    Membership.objects.filter(user=cast.outsider).update(restricted_clearance=False)
    forget_cached_access(cast.outsider)
    assert not may_read(cast.outsider, process)


def test_strictly_restricted_processes_stay_closed_to_contributors(cast: Cast) -> None:
    process = make_process(cast.bogota, classification="strict", contributing=[cast.amman])
    assert not may_read(cast.outsider, process)
    assert not may_read(cast.coordinator, process)


def test_a_grant_opens_a_strictly_restricted_process(cast: Cast) -> None:
    process = make_process(cast.bogota, classification="strict")
    from django.contrib.contenttypes.models import ContentType

    AccessGrant.objects.create(
        user=cast.outsider,
        content_type=ContentType.objects.get_for_model(PeaceProcess),
        object_id=process.pk,
        reason="Joint mission",
        state="active",
        expires_at=timezone.now() + dt.timedelta(days=3),
    )
    assert may_read(cast.outsider, process)


def test_the_list_has_no_repeats_when_several_of_ones_units_contribute(cast: Cast) -> None:
    Membership.objects.create(user=cast.outsider, unit=cast.section, role=Role.READER)
    make_process(cast.bogota, contributing=[cast.amman, cast.section])
    assert visible_to(PeaceProcess.objects.all(), user=cast.outsider).count() == 1


def test_hq_reads_internal_processes_of_every_unit_but_not_restricted_ones(cast: Cast) -> None:
    make_process(cast.bogota, name="Open")
    make_process(cast.amman, name="Closed", classification="restricted")
    assert _ids(cast.coordinator) == {"Open"}


def test_an_analysis_by_a_contributor_is_read_by_the_lead_unit(cast: Cast) -> None:
    process = make_process(cast.bogota, contributing=[cast.amman])
    analysis = make_analysis(process, unit=cast.amman)
    assert may_read(cast.reader, analysis)  # a reader in the lead unit
    assert not may_edit(cast.officer, analysis)  # written by Amman: Amman edits it
    assert may_edit(cast.outsider, analysis)
    elsewhere = make_process(cast.amman, name="Amman only")
    assert not may_read(cast.reader, make_analysis(elsewhere))


def test_the_inclusion_assessment_follows_the_process(cast: Cast) -> None:
    process = make_process(cast.bogota, contributing=[cast.amman])
    entry = InclusionEntry.objects.create(process=process, group="lbt_women")
    assert may_read(cast.outsider, entry) and not may_edit(cast.outsider, entry)
    assert may_edit(cast.officer, entry)
    assert not visible_to(ConflictAnalysis.objects.all(), user=cast.auditor).exists()
