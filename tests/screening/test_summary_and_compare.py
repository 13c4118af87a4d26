"""The summary, the gap list per document type, and the comparison of two drafts."""

from __future__ import annotations

from tests.screening.docs import AGREEMENT, DRAFT_TWO
from wpsdesk.screening.engine import compare, screen_text
from wpsdesk.screening.engine.compare import word_diff


def test_summary_counts_present_and_absent_themes_and_strongest_provisions() -> None:
    s = screen_text(AGREEMENT).summary
    assert s.doc_type == "peace_agreement"
    assert {"participation", "sgbv", "equality", "resolutions"} <= set(s.present)
    assert "climate" in s.absent and "general" not in s.absent
    assert s.total_findings >= 6 and s.substantive_findings >= 3
    assert s.strongest[0].provision.startswith("Article")


def test_gap_list_for_a_peace_agreement_names_what_is_missing_with_guideline_codes() -> None:
    gaps = {g.requirement: g for g in screen_text(AGREEMENT).summary.gaps}
    assert gaps["participation"].met and gaps["sgbv"].met
    assert not gaps["ddr"].met and "P1.C.13" in gaps["ddr"].guidelines


def test_a_mandate_without_crsv_monitoring_or_protection_advisers_has_those_gaps() -> None:
    text = (
        "The Security Council,\n\nRecalling its resolutions on the mission,\n\n"
        "1. Decides to extend the mandate of the mission until 31 March;\n"
        "2. Requests the mission to support women's participation in the political process;\n"
    )
    s = screen_text(text).summary
    assert s.doc_type == "mandate"
    missing = {g.requirement for g in s.missing}
    assert {"crsv_monitoring", "protection_advisers", "seah"} <= missing
    assert "participation" not in missing


def test_a_mandate_with_monitoring_and_advisers_meets_them() -> None:
    text = (
        "The Security Council,\n\n1. Decides to extend the mandate of the mission;\n"
        "2. Requests the mission to monitor and report on conflict-related sexual violence "
        "and to deploy women protection advisers;\n"
    )
    gaps = {g.requirement: g.met for g in screen_text(text).summary.gaps}
    assert gaps["crsv_monitoring"] and gaps["protection_advisers"]


def test_speaking_points_without_a_wps_message() -> None:
    s = screen_text(
        "Speaking points\n\n• Norway welcomes the ceasefire.\n• We support the talks."
    ).summary
    assert s.doc_type == "speaking_points"
    assert "wps_message" in {g.requirement for g in s.missing}


def test_document_type_can_be_given() -> None:
    assert screen_text(AGREEMENT, doc_type="ceasefire").summary.doc_type == "ceasefire"


def test_compare_aligns_by_provision_and_shows_word_changes() -> None:
    result = compare(screen_text(AGREEMENT), screen_text(DRAFT_TWO))
    by_id = {c.new_id or c.old_id: c for c in result.changes}
    assert by_id["Article 4"].status == "added" and "ddr" in by_id["Article 4"].themes_added
    assert by_id["Article 2"].status == "changed"
    assert "sgbv" in by_id["Article 2"].themes_removed
    changed = by_id["Article 1 › 1.1"]
    assert [(w.old, w.new) for w in changed.words if w.op != "equal"] == [("thirty", "forty")]
    assert "Article 3" not in by_id  # unchanged provisions are not reported


def test_compare_follows_a_renumbered_provision() -> None:
    old = screen_text("Article 5\n\nWomen shall make up one third of the commission.")
    new = screen_text("Article 7\n\nWomen shall make up half of the commission.")
    (change,) = compare(old, new).changes
    assert (change.status, change.old_id, change.new_id) == ("changed", "Article 5", "Article 7")


def test_word_diff_rebuilds_both_texts() -> None:
    ops = word_diff("women shall vote", "women and girls shall vote")
    assert "".join(o.old for o in ops) == "women shall vote"
    assert "".join(o.new if o.op != "equal" else o.old for o in ops) == "women and girls shall vote"
