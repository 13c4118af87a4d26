"""The screening demo: loaded once, and each text tells its part of the story."""

from __future__ import annotations

from wpsdesk.organisation.demo import load_demo as load_organisation
from wpsdesk.organisation.models import User
from wpsdesk.screening import services
from wpsdesk.screening.demo import load_demo
from wpsdesk.screening.models import ScreenedDocument, Status


def test_the_demo_texts_load_once_screened(db) -> None:
    load_organisation()
    assert load_demo() == "Screening: 4 demo documents screened."
    assert load_demo() == "Screening: 0 demo documents screened."
    documents = {d.title: d for d in ScreenedDocument.objects.all()}
    assert len(documents) == 4
    assert all(d.status == Status.DONE for d in documents.values())
    points = next(d for t, d in documents.items() if t.startswith("Speaking points"))
    assert points.findings_count == 0 and points.gaps_count > 0  # no WPS message
    mandate = next(d for t, d in documents.items() if t.startswith("Verification"))
    assert "sgbv" in mandate.theme_ids and "ddr" in mandate.theme_ids

    first, second = (
        next(d for t, d in documents.items() if t.startswith(f"Ceasefire protocol, {n}"))
        for n in ("first", "second")
    )
    # The second draft's blanket amnesty is a red flag; the first draft has none.
    assert [f["flag"] for f in second.result_data()["summary"]["red_flags"]] == [
        "amnesty_sexual_violence"
    ]
    assert first.result_data()["summary"]["red_flags"] == []
    officer = User.objects.get(username="bogota.officer")
    comparison = services.compare_documents(actor=officer, old=first, new=second)
    removed_themes = {t for c in comparison.changes for t in c.themes_removed}
    added_themes = {t for c in comparison.changes for t in c.themes_added}
    assert "sgbv" in removed_themes  # the sexual-violence clause was dropped
    assert comparison.added  # the gender sub-commission is new
    assert added_themes or comparison.changed
