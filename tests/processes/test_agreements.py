"""Agreements of a process: the screened text, the clauses offered, tracked and turned down,
their implementation history, the women's seats in the monitoring mechanisms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.mediators.factories import make_mediator, make_request
from tests.personas import Cast, verified_client
from tests.processes.factories import (
    AGREEMENT_TEXT,
    OFFERED,
    make_agreement,
    make_clause,
    make_process,
)
from wpsdesk.core.concurrency import StaleEdit
from wpsdesk.processes import agreements
from wpsdesk.processes.models import (
    Agreement,
    Clause,
    ClauseDecision,
    ClauseStatus,
    MechanismSeats,
    StrategyObjective,
)
from wpsdesk.screening.models import ScreenedDocument

# --- the screened text and what it offers -------------------------------------------------


def test_the_text_is_a_screened_document_of_the_process_classified_as_it(cast: Cast) -> None:
    process = make_process(cast.bogota, classification="restricted")
    agreement = make_agreement(process, cast.officer)
    document = agreement.document
    assert document is not None
    assert (document.unit, document.process, document.classification) == (
        cast.bogota,
        process,
        "restricted",
    )
    assert document.chosen_type == "peace_agreement"
    assert document.status == "done"


def test_substantive_provisions_are_offered_and_recitals_never(cast: Cast) -> None:
    agreement = make_agreement(make_process(cast.bogota), cast.officer)
    offers = agreements.offers_for(agreement)
    assert [o.provision for o in offers] == OFFERED
    assert "Recalling" not in " ".join(o.text for o in offers)  # the preamble's recital
    assert offers[0].theme == "participation"
    assert offers[2].themes == ["sgbv"]


def test_an_agreement_without_a_text_offers_nothing(cast: Cast) -> None:
    agreement = make_agreement(make_process(cast.bogota), cast.officer, text=None)
    assert agreement.document is None
    assert agreements.offers_for(agreement) == []


def test_accepting_tracks_the_clause_once_with_its_first_status(cast: Cast) -> None:
    agreement = make_agreement(make_process(cast.bogota), cast.officer)
    clause = agreements.clause_accept(actor=cast.officer, agreement=agreement, provision=OFFERED[0])
    assert clause.decision == ClauseDecision.TRACKED
    assert clause.text.startswith("1.1 The Parties shall ensure that women make up")
    assert (clause.theme, clause.status) == ("participation", ClauseStatus.NOT_STARTED)
    # Not started since the agreement was reached: later steps are dated after it.
    assert clause.status_history.get().since == agreement.signed_on == dt.date(2026, 2, 1)
    again = agreements.clause_accept(actor=cast.officer, agreement=agreement, provision=OFFERED[0])
    assert again.pk == clause.pk
    assert [o.provision for o in agreements.offers_for(agreement)] == OFFERED[1:]


def test_a_rejected_provision_is_remembered_and_not_offered_again(cast: Cast) -> None:
    agreement = make_agreement(make_process(cast.bogota), cast.officer)
    rejected = agreements.clause_reject(
        actor=cast.officer, agreement=agreement, provision=OFFERED[1]
    )
    assert rejected.decision == ClauseDecision.REJECTED
    assert not rejected.status_history.exists()
    assert OFFERED[1] not in [o.provision for o in agreements.offers_for(agreement)]
    # Tracked after all: the same row, now with a history.
    tracked = agreements.clause_accept(
        actor=cast.officer, agreement=agreement, provision=OFFERED[1]
    )
    assert tracked.pk == rejected.pk and tracked.decision == ClauseDecision.TRACKED
    assert tracked.status_history.count() == 1
    with pytest.raises(ValidationError):
        agreements.clause_reject(actor=cast.officer, agreement=agreement, provision=OFFERED[1])


def test_a_provision_the_text_does_not_hold_is_refused(cast: Cast) -> None:
    agreement = make_agreement(make_process(cast.bogota), cast.officer)
    for service in (agreements.clause_accept, agreements.clause_reject):
        with pytest.raises(ValidationError):
            service(actor=cast.officer, agreement=agreement, provision="Preamble")
    assert not Clause.objects.exists()


def test_a_clause_is_added_by_hand(cast: Cast) -> None:
    agreement = make_agreement(make_process(cast.bogota), cast.officer)
    with pytest.raises(ValidationError):
        agreements.clause_add(actor=cast.officer, agreement=agreement, values={"text": "  "})
    clause = agreements.clause_add(
        actor=cast.officer,
        agreement=agreement,
        values={
            "text": "A gender subcommission follows up the agreement.",
            "theme": "participation",
            "responsible_body": "Follow-up commission",
        },
    )
    assert (clause.decision, clause.status) == (ClauseDecision.TRACKED, "not_started")
    agreements.clause_accept(actor=cast.officer, agreement=agreement, provision=OFFERED[0])
    with pytest.raises(ValidationError):  # a provision already decided is not added twice
        agreements.clause_add(
            actor=cast.officer,
            agreement=agreement,
            values={"text": "Again", "provision": OFFERED[0]},
        )


# --- implementation over time -------------------------------------------------------------


def test_the_status_is_the_newest_in_the_dated_history(cast: Cast) -> None:
    clause = make_clause(make_agreement(make_process(cast.bogota), cast.officer, text=None))
    today = timezone.localdate()
    agreements.clause_status_record(
        actor=cast.officer,
        clause=clause,
        status="partly",
        since=today - dt.timedelta(days=30),
        evidence="Decree 12 names four women of twelve.",
    )
    agreements.clause_status_record(
        actor=cast.officer,
        clause=clause,
        status="implemented",
        since=today,
        evidence="The commission's list, four of twelve.",
    )
    # Filling in the past leaves the current status as it is.
    agreements.clause_status_record(
        actor=cast.officer,
        clause=clause,
        status="reversed",
        since=today - dt.timedelta(days=10),
        evidence="Two women replaced by men.",
    )
    clause.refresh_from_db()
    assert clause.status == "implemented"
    assert [c.status for c in clause.status_history.order_by("-since", "-id")] == [
        "implemented",
        "reversed",
        "partly",
        "not_started",
    ]


def test_a_status_needs_evidence_and_a_past_date(cast: Cast) -> None:
    clause = make_clause(make_agreement(make_process(cast.bogota), cast.officer, text=None))
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        agreements.clause_status_record(
            actor=cast.officer, clause=clause, status="implemented", since=today, evidence=""
        )
    with pytest.raises(ValidationError):
        agreements.clause_status_record(
            actor=cast.officer,
            clause=clause,
            status="partly",
            since=today + dt.timedelta(days=1),
            evidence="Planned",
        )
    assert clause.status_history.count() == 1


def test_a_status_from_an_older_version_is_refused(cast: Cast) -> None:
    clause = make_clause(make_agreement(make_process(cast.bogota), cast.officer, text=None))
    seen = clause.version
    agreements.clause_update(
        actor=cast.lead, clause=clause, values={"responsible_body": "Ministry"}, version=seen
    )
    with pytest.raises(StaleEdit):
        agreements.clause_status_record(
            actor=cast.officer,
            clause=Clause.objects.get(pk=clause.pk),
            status="partly",
            since=timezone.localdate(),
            evidence="Decree",
            version=seen,
        )
    assert clause.status_history.count() == 1


def test_the_womens_seats_are_dated_counts_within_the_total(cast: Cast) -> None:
    agreement = make_agreement(make_process(cast.bogota), cast.officer, text=None)
    other = make_agreement(agreement.process, cast.officer, title="Ceasefire", text=None)
    clause = make_clause(agreement)
    with pytest.raises(ValidationError):
        agreements.seats_record(
            actor=cast.officer,
            agreement=agreement,
            mechanism="Monitoring commission",
            seats_total=5,
            seats_women=6,
            as_of=dt.date(2026, 3, 1),
        )
    with pytest.raises(ValidationError):
        agreements.seats_record(
            actor=cast.officer,
            agreement=other,
            mechanism="Monitoring commission",
            seats_total=5,
            seats_women=1,
            as_of=dt.date(2026, 3, 1),
            clause=clause,
        )
    seats = agreements.seats_record(
        actor=cast.officer,
        agreement=agreement,
        mechanism="  Monitoring   commission ",
        seats_total=12,
        seats_women=4,
        as_of=dt.date(2026, 3, 1),
        clause=clause,
    )
    assert (seats.mechanism, seats.seats_women, seats.seats_total) == (
        "Monitoring commission",
        4,
        12,
    )
    assert MechanismSeats.objects.count() == 1


def test_every_writer_asks_the_policy_layer(cast: Cast) -> None:
    process = make_process(cast.bogota)
    agreement = make_agreement(process, cast.officer)
    clause = make_clause(agreement)
    for person in (cast.reader, cast.outsider, cast.coordinator):
        with pytest.raises(PermissionDenied):
            agreements.agreement_save(actor=person, process=process, values={"title": "Mine"})
        with pytest.raises(PermissionDenied):
            agreements.clause_accept(actor=person, agreement=agreement, provision=OFFERED[0])
        with pytest.raises(PermissionDenied):
            agreements.clause_reject(actor=person, agreement=agreement, provision=OFFERED[0])
        with pytest.raises(PermissionDenied):
            agreements.clause_add(actor=person, agreement=agreement, values={"text": "X"})
        with pytest.raises(PermissionDenied):
            agreements.clause_update(actor=person, clause=clause, values={"text": "X"})
        with pytest.raises(PermissionDenied):
            agreements.clause_status_record(
                actor=person,
                clause=clause,
                status="partly",
                since=timezone.localdate(),
                evidence="X",
            )
        with pytest.raises(PermissionDenied):
            agreements.seats_record(
                actor=person,
                agreement=agreement,
                mechanism="X",
                seats_total=1,
                seats_women=1,
                as_of=timezone.localdate(),
            )
    assert Agreement.objects.count() == 1
    assert Clause.objects.count() == 1


def test_a_text_of_another_process_or_one_not_readable_is_refused(cast: Cast) -> None:
    process = make_process(cast.bogota)
    elsewhere = make_agreement(make_process(cast.bogota, name="Coast talks"), cast.officer)
    with pytest.raises(ValidationError):
        agreements.agreement_save(
            actor=cast.officer,
            process=process,
            values={"title": "Borrowed text"},
            document=elsewhere.document,
        )
    amman = ScreenedDocument.objects.create(
        unit=cast.amman, title="Amman's text", source="paste", added_by=cast.outsider
    )
    with pytest.raises(PermissionDenied):
        agreements.agreement_save(
            actor=cast.officer, process=process, values={"title": "Theirs"}, document=amman
        )
    assert not Agreement.objects.filter(process=process).exists()


# --- pages --------------------------------------------------------------------------------


def test_an_officer_records_an_agreement_and_tracks_what_is_offered(cast: Cast, as_officer) -> None:
    process = make_process(cast.bogota)
    response = as_officer.post(
        reverse("processes:agreement_create", args=[process.pk]),
        {"title": "Final agreement", "signed_on": "2026-02-01", "text": AGREEMENT_TEXT},
    )
    assert response.status_code == 302, response.content.decode()
    agreement = Agreement.objects.get()
    page = as_officer.get(agreement.get_absolute_url()).content.decode()
    assert "Article 1 › 1.1" in page and "Do not track" in page
    decide = reverse("processes:clause_decide", args=[agreement.pk])
    as_officer.post(decide, {"provision": OFFERED[0], "action": "accept"})
    as_officer.post(decide, {"provision": OFFERED[2], "action": "reject"})
    tracked = Clause.objects.get(decision="tracked")
    assert tracked.provision == OFFERED[0]
    page = as_officer.get(agreement.get_absolute_url()).content.decode()
    assert "1 provision not tracked" in page
    response = as_officer.post(
        reverse("processes:clause_status", args=[tracked.pk]),
        {
            "status": "partly",
            "since": timezone.localdate().isoformat(),
            "evidence": "Decree 12",
            "version": tracked.version,
        },
    )
    assert response.status_code == 302, response.content.decode()
    html = as_officer.get(process.get_absolute_url()).content.decode()
    assert "Partly implemented: <strong>1</strong>" in html
    assert "Implemented: <strong>0</strong>" in html


def test_a_stale_status_form_is_a_409_that_keeps_the_input(cast: Cast, as_officer) -> None:
    clause = make_clause(make_agreement(make_process(cast.bogota), cast.officer, text=None))
    seen = clause.version
    agreements.clause_update(actor=cast.lead, clause=clause, values={"responsible_body": "Court"})
    response = as_officer.post(
        reverse("processes:clause_status", args=[clause.pk]),
        {
            "status": "partly",
            "since": timezone.localdate().isoformat(),
            "evidence": "My evidence",
            "version": seen,
        },
    )
    assert response.status_code == 409
    assert "My evidence" in response.content.decode()
    assert clause.status_history.count() == 1


def test_another_units_restricted_process_hides_its_agreements(cast: Cast, as_outsider) -> None:
    process = make_process(cast.bogota, classification="restricted")
    agreement = make_agreement(process, cast.officer)
    clause = make_clause(agreement)
    for url in (
        reverse("processes:agreement_create", args=[process.pk]),
        reverse("processes:agreement", args=[agreement.pk]),
        reverse("processes:agreement_edit", args=[agreement.pk]),
        reverse("processes:clause_add", args=[agreement.pk]),
        reverse("processes:seats_add", args=[agreement.pk]),
        reverse("processes:clause", args=[clause.pk]),
        reverse("processes:clause_edit", args=[clause.pk]),
        reverse("processes:clause_status", args=[clause.pk]),
    ):
        assert as_outsider.get(url).status_code == 404, url
    assert (
        as_outsider.post(
            reverse("processes:clause_decide", args=[agreement.pk]),
            {"provision": OFFERED[0], "action": "accept"},
        ).status_code
        == 404
    )
    # The unit's own officer opens them.
    officer = verified_client(cast.officer)
    assert officer.get(reverse("processes:agreement", args=[agreement.pk])).status_code == 200
    assert officer.get(reverse("processes:clause", args=[clause.pk])).status_code == 200


def test_a_reader_sees_the_clauses_but_not_the_offers_and_may_not_decide(
    cast: Cast, as_reader
) -> None:
    agreement = make_agreement(make_process(cast.bogota), cast.officer)
    make_clause(agreement, text="Women hold a third of the seats.")
    page = as_reader.get(agreement.get_absolute_url()).content.decode()
    assert "Women hold a third of the seats." in page
    assert "Do not track" not in page
    response = as_reader.post(
        reverse("processes:clause_decide", args=[agreement.pk]),
        {"provision": OFFERED[0], "action": "accept"},
    )
    assert response.status_code == 403
    assert Clause.objects.count() == 1


#: Session, person, second factor, unit roles, the agreement, the right to edit it, its
#: clauses and their history, the check that its document may be opened, the seats, the
#: strategy objectives and the units of the page's shell.
QUERIES_AGREEMENT = 12


def test_the_agreement_page_has_a_flat_query_count(
    cast: Cast, as_officer, django_assert_num_queries
) -> None:
    agreement = make_agreement(make_process(cast.bogota), cast.officer)
    make_clause(agreement)
    url = agreement.get_absolute_url()
    as_officer.get(url)
    with django_assert_num_queries(QUERIES_AGREEMENT):
        as_officer.get(url)
    for n in range(5):
        clause = make_clause(agreement, text=f"Clause {n}")
        clause.status_history.create(status="partly", since=dt.date(2026, 3, 1), evidence="E")
        MechanismSeats.objects.create(
            agreement=agreement,
            clause=clause,
            mechanism=f"Committee {n}",
            seats_total=10,
            seats_women=n,
        )
    with django_assert_num_queries(QUERIES_AGREEMENT):
        response = as_officer.get(url)
    assert "Committee 4" in response.content.decode()


# --- the process page: agreements, documents and requests only as far as one may open them


def test_the_process_page_lists_only_the_documents_and_requests_one_may_open(
    cast: Cast, as_reader
) -> None:
    process = make_process(cast.bogota)
    ScreenedDocument.objects.create(
        unit=cast.bogota, title="Open draft", source="paste", process=process
    )
    ScreenedDocument.objects.create(
        unit=cast.bogota,
        title="Restricted draft",
        source="paste",
        process=process,
        classification="restricted",
    )
    mediator = make_mediator(cast)
    make_request(cast, mediator, process=process, purpose="Bogotá's request")
    make_request(cast, mediator, unit=cast.amman, by=cast.outsider, process=process)
    html = as_reader.get(process.get_absolute_url()).content.decode()
    assert "Open draft" in html
    assert "Restricted draft" not in html  # the reader has no restricted clearance …
    assert "1 screened document you may open" in html
    assert "1 request you may open" in html  # … and Amman's request is Amman's
    officer = verified_client(cast.officer).get(process.get_absolute_url()).content.decode()
    assert "Restricted draft" in officer  # the cleared officer opens it
    assert "2 screened documents you may open" in officer


def test_the_process_page_query_count_stays_flat_with_agreements_and_documents(
    cast: Cast, as_officer, django_assert_num_queries
) -> None:
    process = make_process(cast.bogota)
    mediator = make_mediator(cast)
    url = process.get_absolute_url()

    def add(n: int) -> None:
        agreement = make_agreement(process, cast.officer, title=f"Agreement {n}")
        make_clause(agreement)
        make_request(cast, mediator, process=process)
        StrategyObjective.objects.create(
            process=process, agreement=agreement, objective=f"Objective {n}", approach="support"
        )

    add(0)
    as_officer.get(url)
    with django_assert_num_queries(QUERIES_PROCESS_WITH_AGREEMENTS):
        as_officer.get(url)
    add(1)
    add(2)
    with django_assert_num_queries(QUERIES_PROCESS_WITH_AGREEMENTS):
        response = as_officer.get(url)
    html = response.content.decode()
    assert "Agreement 2" in html and "Not started: <strong>3</strong>" in html
    assert "3 screened documents you may open" in html
    assert "3 requests you may open" in html


#: The process page (see ``test_pages.QUERIES_DETAIL``) with agreements, clauses, strategy
#: objectives for the agreements, screened documents and mediator requests: one query each
#: and the objectives' commitments, whatever their number.
QUERIES_PROCESS_WITH_AGREEMENTS = 19


# --- a WPS strategy for an agreement being implemented ------------------------------------


def test_an_objective_for_an_agreement_is_on_its_page_and_a_home_task(
    cast: Cast, as_officer
) -> None:
    process = make_process(cast.bogota, name="Andes talks")
    agreement = make_agreement(process, cast.officer, title="Final agreement", text=None)
    form = as_officer.get(
        reverse("processes:objective_add", args=[process.pk]), {"agreement": agreement.pk}
    )
    assert form.context["form"].initial["agreement"] == agreement.pk
    response = as_officer.post(
        reverse("processes:objective_add", args=[process.pk]),
        {
            "objective": "Women in the follow-up commission",
            "agreement": agreement.pk,
            "approach": "mechanisms",
            "responsible": cast.lead.pk,
            "review_on": (timezone.localdate() + dt.timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert StrategyObjective.objects.get().agreement == agreement
    page = as_officer.get(agreement.get_absolute_url()).content.decode()
    assert "Women in the follow-up commission" in page
    home = verified_client(cast.lead).get("/").content.decode()
    assert (
        "Review the WPS strategy of Final agreement (Andes talks): "
        "Women in the follow-up commission" in home
    )


def test_an_objective_cannot_name_another_processs_agreement(cast: Cast) -> None:
    from wpsdesk.processes import services

    process = make_process(cast.bogota)
    elsewhere = make_agreement(make_process(cast.bogota, name="Coast"), cast.officer, text=None)
    with pytest.raises(ValidationError):
        services.objective_save(
            actor=cast.officer,
            process=process,
            values={"objective": "X", "approach": "support", "agreement": elsewhere},
        )
    assert not StrategyObjective.objects.exists()


# --- analyses of a country ------------------------------------------------------------------


def test_analyses_are_listed_and_filtered_by_country(cast: Cast, as_officer) -> None:
    from tests.processes.factories import load_analysis_guidelines, make_analysis

    load_analysis_guidelines()
    make_analysis(make_process(cast.bogota, countries="CO,VE"), title="Andes analysis")
    response = as_officer.post(
        reverse("processes:analysis_create_country"),
        {"title": "Jordan country analysis", "country": "jo", "classification": "internal"},
    )
    assert response.status_code == 302, response.content.decode()
    url = reverse("processes:analyses")
    titles = lambda r: [a.title for a in r.context["page"].object_list]  # noqa: E731
    assert titles(as_officer.get(url)) == ["Andes analysis", "Jordan country analysis"]
    assert titles(as_officer.get(url, {"country": "JO"})) == ["Jordan country analysis"]
    assert titles(as_officer.get(url, {"country": "VE"})) == ["Andes analysis"]
    assert as_officer.get(url, {"country": "XX"}).status_code == 200  # a plain error, no 500
    detail = as_officer.get(response["Location"].replace("edit/", ""))
    assert "Jordan (JO)" in detail.content.decode()


def test_a_country_code_that_does_not_exist_is_refused(cast: Cast, as_officer) -> None:
    response = as_officer.post(
        reverse("processes:analysis_create_country"),
        {"title": "Nowhere", "country": "QQ", "classification": "internal"},
    )
    assert response.status_code == 400
    assert "is not a country code" in response.content.decode()


# --- screened documents linked to a process ------------------------------------------------


def test_the_upload_form_offers_only_processes_one_may_see(cast: Cast, as_officer) -> None:
    mine = make_process(cast.bogota, name="Andes talks")
    theirs = make_process(cast.amman, name="Secret island talks", classification="restricted")
    form = as_officer.get(reverse("screening:create")).context["form"]
    assert list(form.fields["process"].queryset) == [mine]
    response = as_officer.post(
        reverse("screening:create"),
        {
            "title": "Draft",
            "classification": "internal",
            "text": AGREEMENT_TEXT,
            "process": theirs.pk,
        },
    )
    assert response.status_code == 400
    assert not ScreenedDocument.objects.exists()
    response = as_officer.post(
        reverse("screening:create"),
        {
            "title": "Draft",
            "classification": "internal",
            "text": AGREEMENT_TEXT,
            "process": mine.pk,
        },
    )
    assert response.status_code == 302
    assert ScreenedDocument.objects.get().process == mine


def test_a_screening_service_refuses_a_process_one_may_not_see(cast: Cast) -> None:
    from wpsdesk.screening import services as screening_services

    theirs = make_process(cast.amman, name="Secret island talks", classification="restricted")
    with pytest.raises(PermissionDenied):
        screening_services.add_document(
            actor=cast.officer,
            unit=cast.bogota,
            title="Draft",
            classification="internal",
            text=AGREEMENT_TEXT,
            process=theirs,
        )
    assert not ScreenedDocument.objects.exists()


def test_raising_the_process_classification_hides_its_agreements(cast: Cast, as_reader) -> None:
    process = make_process(cast.bogota)
    agreement = make_agreement(process, cast.officer, text=None)
    url = agreement.get_absolute_url()
    assert as_reader.get(url).status_code == 200
    type(process).objects.filter(pk=process.pk).update(classification="restricted")
    assert as_reader.get(url).status_code == 404  # the reader has no restricted clearance


def test_raising_the_process_raises_its_agreements_texts_and_lowering_does_not(
    cast: Cast,
) -> None:
    from wpsdesk.processes import services

    process = make_process(cast.bogota)
    agreement = make_agreement(process, cast.officer)
    assert agreement.document is not None
    services.process_update(
        actor=cast.officer, process=process, values={"classification": "restricted"}
    )
    agreement.document.refresh_from_db()
    assert agreement.document.classification == "restricted"
    services.process_update(
        actor=cast.lead,
        process=process,
        values={"classification": "internal"},
        classification_reason="Talks are public now",
    )
    agreement.document.refresh_from_db()
    assert agreement.document.classification == "restricted"  # lowered one by one, by a lead
