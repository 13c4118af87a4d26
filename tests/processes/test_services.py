"""The services of peace processes: what they write, and what they refuse."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.personas import Cast
from tests.processes.factories import (
    load_analysis_guidelines,
    make_current_plan,
    make_process,
)
from tests.refusals import assert_refused
from wpsdesk.core.concurrency import StaleEdit
from wpsdesk.engagements.models import Engagement
from wpsdesk.planning.models import Activity
from wpsdesk.processes import services
from wpsdesk.processes.models import (
    AnalysisStatus,
    InclusionEntry,
    PeaceProcess,
    Phase,
)

APPS = ("processes", "planning", "engagements")


def _values(**extra: object) -> dict[str, object]:
    return {
        "name": "Fictional coast talks",
        "countries": "co, ve",
        "phase": Phase.PRE_NEGOTIATION,
        "norway_role": "facilitator",
        "parties": "Government\nFront",
        **extra,
    }


# --- processes ----------------------------------------------------------------------------


def test_recording_a_process_keeps_codes_tidy_and_starts_the_phase_history(cast: Cast) -> None:
    process = services.process_create(
        actor=cast.officer,
        unit=cast.bogota,
        values=_values(),
        contributing_units=[cast.amman],
        phase_since=dt.date(2026, 2, 1),
    )
    assert process.countries == "CO,VE"
    assert process.country_names == "Colombia, Venezuela"
    assert process.party_list == ["Government", "Front"]
    assert list(process.contributing_units.all()) == [cast.amman]
    assert [(p.phase, p.since) for p in process.phases.all()] == [
        (Phase.PRE_NEGOTIATION, dt.date(2026, 2, 1))
    ]


def test_a_new_phase_is_added_to_the_history_and_the_old_one_kept(cast: Cast) -> None:
    process = make_process(cast.bogota, phase=Phase.NEGOTIATION)
    services.process_update(
        actor=cast.officer,
        process=process,
        values={"phase": Phase.CEASEFIRE},
        version=process.version,
        phase_since=dt.date(2026, 5, 1),
        phase_note="Signed in Havana",
    )
    phases = [p.phase for p in process.phases.order_by("-since", "-id")]
    assert phases == [Phase.CEASEFIRE, Phase.NEGOTIATION]
    assert process.phases.get(phase=Phase.CEASEFIRE).note == "Signed in Havana"


def test_a_phase_cannot_start_before_the_current_one(cast: Cast) -> None:
    process = make_process(cast.bogota, phase=Phase.NEGOTIATION)  # since 2026-01-01
    with pytest.raises(ValidationError):
        services.process_update(
            actor=cast.officer,
            process=process,
            values={"phase": Phase.STALLED},
            phase_since=dt.date(2025, 12, 1),
        )
    process.refresh_from_db()
    assert process.phase == Phase.NEGOTIATION and process.phases.count() == 1


def test_saving_without_a_phase_change_adds_nothing_to_the_history(cast: Cast) -> None:
    process = make_process(cast.bogota)
    services.process_update(
        actor=cast.officer, process=process, values={"summary": "New"}, version=process.version
    )
    assert process.phases.count() == 1


def test_a_change_from_an_old_version_is_refused_whole(cast: Cast) -> None:
    process = make_process(cast.bogota)
    seen = process.version
    services.process_update(actor=cast.lead, process=process, values={"summary": "First"})
    with pytest.raises(StaleEdit):
        services.process_update(
            actor=cast.officer, process=process, values={"summary": "Second"}, version=seen
        )
    process.refresh_from_db()
    assert process.summary == "First"


def test_a_unit_has_one_process_of_a_name(cast: Cast) -> None:
    make_process(cast.bogota, name="Fictional coast talks")
    with pytest.raises(ValidationError):
        services.process_create(actor=cast.officer, unit=cast.bogota, values=_values())
    assert PeaceProcess.objects.count() == 1


def test_unknown_country_codes_are_refused_in_plain_words(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        services.process_create(
            actor=cast.officer, unit=cast.bogota, values=_values(countries="Colombia")
        )
    assert not PeaceProcess.objects.exists()


def test_the_lead_unit_cannot_also_contribute(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        services.process_create(
            actor=cast.officer,
            unit=cast.bogota,
            values=_values(),
            contributing_units=[cast.bogota],
        )


def test_process_create_refuses_a_person_who_may_not_write_in_the_unit(cast: Cast) -> None:
    assert_refused(
        lambda: services.process_create(actor=cast.reader, unit=cast.bogota, values=_values()),
        *APPS,
    )
    assert_refused(
        lambda: services.process_create(actor=cast.outsider, unit=cast.bogota, values=_values()),
        *APPS,
    )


def test_process_update_refuses_a_contributing_unit(cast: Cast) -> None:
    process = make_process(cast.bogota, contributing=[cast.amman])
    assert_refused(
        lambda: services.process_update(
            actor=cast.outsider, process=process, values={"summary": "Ours now"}
        ),
        *APPS,
    )


def test_process_update_refuses_an_editor_lowering_the_classification(cast: Cast) -> None:
    process = make_process(cast.bogota, classification="restricted")
    assert_refused(
        lambda: services.process_update(
            actor=cast.officer, process=process, values={"classification": "internal"}
        ),
        *APPS,
    )


# --- analyses -----------------------------------------------------------------------------


@pytest.fixture
def guidelines(db: None) -> None:
    load_analysis_guidelines()


def test_an_analysis_starts_as_a_draft_with_every_question_to_answer(
    cast: Cast, guidelines: None
) -> None:
    process = make_process(cast.bogota, classification="restricted")
    analysis = services.analysis_create(
        actor=cast.officer, unit=cast.bogota, title="Andes analysis", process=process
    )
    assert analysis.classification == "restricted"  # the process's, unless told
    version = analysis.versions.get()
    assert version.number == 1 and version.status == AnalysisStatus.DRAFT
    codes = [a.item.code for a in version.answers.order_by("item__position")]
    assert codes == [f"P1.BOX.ANALYSIS.Q{n}" for n in range(1, 8)] + [
        "CL.2.a",
        "CL.2.b",
        "CL.2.c",
    ]


def test_a_contributing_unit_may_write_an_analysis_of_the_process(
    cast: Cast, guidelines: None
) -> None:
    process = make_process(cast.bogota, contributing=[cast.amman])
    analysis = services.analysis_create(
        actor=cast.outsider, unit=cast.amman, title="Seen from Amman", process=process
    )
    assert analysis.unit == cast.amman


def test_an_unrelated_unit_may_not_attach_an_analysis(cast: Cast, guidelines: None) -> None:
    process = make_process(cast.bogota, contributing=[cast.amman])
    with pytest.raises(ValidationError):
        services.analysis_create(
            actor=cast.coordinator, unit=cast.section, title="From HQ", process=process
        )


def test_analysis_create_refuses_a_process_the_person_may_not_read(
    cast: Cast, guidelines: None
) -> None:
    process = make_process(cast.bogota, classification="restricted")
    assert_refused(
        lambda: services.analysis_create(
            actor=cast.outsider, unit=cast.amman, title="Peek", process=process
        ),
        *APPS,
    )
    other = make_process(cast.bogota, name="Other")
    assert_refused(
        lambda: services.analysis_create(
            actor=cast.reader, unit=cast.bogota, title="Reader", process=other
        ),
        *APPS,
    )


def _save(cast: Cast, analysis, text: str, **extra):  # type: ignore[no-untyped-def]
    draft = analysis.versions.get(status=AnalysisStatus.DRAFT)
    answers = {a.item_id: text for a in draft.answers.all()}
    return services.analysis_version_save(
        actor=extra.pop("actor", cast.officer),
        version=draft,
        values={"authors": "Desk", "sources": "Interviews", "used_in": "Country strategy"},
        answers=answers,
        actors=extra.pop(
            "actors",
            [{"name": "Front", "kind": "armed_group", "stance": "spoiler", "represents": "Rural"}],
        ),
        **extra,
    )


def test_approving_keeps_the_version_and_a_new_draft_copies_it(
    cast: Cast, guidelines: None
) -> None:
    analysis = services.analysis_create(
        actor=cast.officer, unit=cast.bogota, title="A", process=make_process(cast.bogota)
    )
    _save(cast, analysis, "First reading")
    first = services.analysis_approve(actor=cast.lead, analysis=analysis)
    assert first.status == AnalysisStatus.APPROVED and first.approved_by == cast.lead

    second = services.analysis_new_version(actor=cast.officer, analysis=analysis)
    assert second.number == 2 and second.status == AnalysisStatus.DRAFT
    assert {a.answer for a in second.answers.all()} == {"First reading"}
    assert [a.name for a in second.actors.all()] == ["Front"]

    _save(cast, analysis, "Second reading", actors=[])
    first.refresh_from_db()
    assert {a.answer for a in first.answers.all()} == {"First reading"}  # kept as approved
    assert first.actors.count() == 1
    assert {a.answer for a in second.answers.all()} == {"Second reading"}


def test_an_approved_version_is_not_changed(cast: Cast, guidelines: None) -> None:
    analysis = services.analysis_create(
        actor=cast.officer, unit=cast.bogota, title="A", process=make_process(cast.bogota)
    )
    services.analysis_approve(actor=cast.lead, analysis=analysis)
    version = analysis.versions.get()
    with pytest.raises(ValidationError):
        services.analysis_version_save(
            actor=cast.officer, version=version, values={}, answers={}, actors=[]
        )


def test_only_one_draft_at_a_time(cast: Cast, guidelines: None) -> None:
    analysis = services.analysis_create(
        actor=cast.officer, unit=cast.bogota, title="A", process=make_process(cast.bogota)
    )
    with pytest.raises(ValidationError):
        services.analysis_new_version(actor=cast.officer, analysis=analysis)


def test_an_actor_with_an_unknown_kind_is_refused_and_nothing_saved(
    cast: Cast, guidelines: None
) -> None:
    analysis = services.analysis_create(
        actor=cast.officer, unit=cast.bogota, title="A", process=make_process(cast.bogota)
    )
    with pytest.raises(ValidationError):
        _save(cast, analysis, "x", actors=[{"name": "Who", "kind": "martians"}])
    assert not analysis.versions.get().actors.exists()


def test_analysis_services_refuse_people_without_the_right(cast: Cast, guidelines: None) -> None:
    analysis = services.analysis_create(
        actor=cast.officer, unit=cast.bogota, title="A", process=make_process(cast.bogota)
    )
    draft = analysis.versions.get()
    assert_refused(
        lambda: services.analysis_version_save(
            actor=cast.reader, version=draft, values={}, answers={}, actors=[]
        ),
        *APPS,
    )
    assert_refused(lambda: services.analysis_approve(actor=cast.officer, analysis=analysis), *APPS)
    assert_refused(lambda: services.analysis_approve(actor=cast.outsider, analysis=analysis), *APPS)
    services.analysis_approve(actor=cast.lead, analysis=analysis)
    assert_refused(
        lambda: services.analysis_new_version(actor=cast.coordinator, analysis=analysis), *APPS
    )


# --- inclusion ----------------------------------------------------------------------------


def test_inclusion_links_consultations_the_person_may_read(cast: Cast) -> None:
    from tests.engagements.factories import make_engagement

    process = make_process(cast.bogota)
    consultation = make_engagement(cast.bogota, kind="civil_society")
    entry = services.inclusion_save(
        actor=cast.officer,
        process=process,
        group="minorities",
        assessment="Afro-Colombian councils heard once.",
        gaps="No indigenous women's group.",
        consultations=[consultation],
    )
    assert list(entry.consultations.all()) == [consultation]
    elsewhere = make_engagement(cast.amman, country="JO")
    assert_refused(
        lambda: services.inclusion_save(
            actor=cast.officer,
            process=process,
            group="minorities",
            assessment="",
            gaps="",
            consultations=[elsewhere],
        ),
        *APPS,
    )
    assert_refused(
        lambda: services.inclusion_save(
            actor=cast.reader, process=process, group="minorities", assessment="", gaps=""
        ),
        *APPS,
    )


def test_an_unknown_group_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        services.inclusion_save(
            actor=cast.officer, process=make_process(cast.bogota), group="x", assessment="", gaps=""
        )
    assert not InclusionEntry.objects.exists()


def test_a_gap_becomes_an_activity_in_this_years_plan_and_links_back(
    cast: Cast, guidelines: None
) -> None:
    plan = make_current_plan(cast.bogota, cast.lead)
    entry = InclusionEntry.objects.create(
        process=make_process(cast.bogota), group="disabilities", gaps="No disability groups."
    )
    activity = services.inclusion_gap_to_activity(
        actor=cast.officer, entry=entry, title="Consult disability organisations"
    )
    assert activity.goal.plan == plan
    assert [i.code for i in activity.goal.items.all()] == ["P1.BOX.REPRESENT.3.c"]
    assert "No disability groups." in activity.notes
    entry.refresh_from_db()
    assert entry.activity == activity
    again = services.inclusion_gap_to_activity(
        actor=cast.officer, entry=entry, title="Consult disability organisations"
    )
    assert again == activity and Activity.objects.count() == 1


def test_without_gaps_or_a_plan_nothing_is_made(cast: Cast, guidelines: None) -> None:
    entry = InclusionEntry.objects.create(process=make_process(cast.bogota), group="lbt_women")
    with pytest.raises(ValidationError):
        services.inclusion_gap_to_activity(actor=cast.officer, entry=entry, title="T")
    entry.gaps = "Not consulted."
    entry.save()
    with pytest.raises(ValidationError, match="no plan"):
        services.inclusion_gap_to_activity(actor=cast.officer, entry=entry, title="T")
    assert not Activity.objects.exists()


def test_gap_to_activity_refuses_readers_and_other_units(cast: Cast, guidelines: None) -> None:
    make_current_plan(cast.bogota, cast.lead)
    entry = InclusionEntry.objects.create(
        process=make_process(cast.bogota, contributing=[cast.amman]),
        group="lbt_women",
        gaps="Not consulted.",
    )
    for person in (cast.reader, cast.outsider, cast.coordinator):
        assert_refused(
            lambda person=person: services.inclusion_gap_to_activity(
                actor=person, entry=entry, title="T"
            ),
            *APPS,
        )


def test_engagements_keep_their_process_out_of_sight_of_those_who_may_not_read_it(
    cast: Cast,
) -> None:
    from tests.engagements.factories import make_engagement
    from wpsdesk.engagements import services as engagement_services

    hidden = make_process(cast.amman, name="Closed talks", classification="restricted")
    engagement = make_engagement(cast.bogota)
    assert_refused(
        lambda: engagement_services.engagement_save(
            actor=cast.officer,
            unit=cast.bogota,
            values={"process": hidden},
            grid={},
            engagement=engagement,
        ),
        *APPS,
    )
    visible = make_process(cast.bogota)
    engagement_services.engagement_save(
        actor=cast.officer,
        unit=cast.bogota,
        values={"process": visible},
        grid={},
        engagement=engagement,
    )
    assert Engagement.objects.get(pk=engagement.pk).process == visible


# --- WPS strategy -------------------------------------------------------------------------


def test_an_objective_is_added_with_a_responsible_member_of_the_lead_unit(cast: Cast) -> None:
    process = make_process(cast.bogota)
    objective = services.objective_save(
        actor=cast.officer,
        process=process,
        values={
            "objective": "Women in both delegations",
            "approach": "delegations",
            "responsible": cast.lead,
            "review_on": dt.date(2026, 9, 1),
        },
    )
    assert objective.responsible == cast.lead
    with pytest.raises(ValidationError):
        services.objective_save(
            actor=cast.officer,
            process=process,
            values={"objective": "X", "approach": "support", "responsible": cast.outsider},
        )
    assert process.objectives.count() == 1


def test_objective_save_refuses_readers_and_contributors(cast: Cast) -> None:
    process = make_process(cast.bogota, contributing=[cast.amman])
    values = {"objective": "X", "approach": "support"}
    for person in (cast.reader, cast.outsider, cast.coordinator):
        assert_refused(
            lambda person=person: services.objective_save(
                actor=person, process=process, values=values
            ),
            *APPS,
        )
