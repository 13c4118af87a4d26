"""Screening that clause tracking can rely on, each on a written agreement text.

Every text here is fictional, written for these tests: recitals weigh nothing, a gap
line is met only by a provision that establishes what it names, red flags are raised,
the counts agree with the list of findings, and the taxonomy reads names, titles and
anti-discrimination wording as a coder would.
"""

from __future__ import annotations

from wpsdesk.screening.engine.compare import word_diff
from wpsdesk.screening.engine.screen import Screening, screen_text

# A ceasefire whose preamble and delegations article name women, and whose monitoring
# article does, too; the second draft drops only the women monitors.
CEASEFIRE_WITH_MONITORS = """\
Agreement on a Cessation of Hostilities between the Government of Veloria and the
Northern Liberation Front (fictional)

The Parties,
Recalling Security Council resolution 1325 (2000) and their commitments to the full,
equal and meaningful participation of women in monitoring and verification,
Recognizing the suffering of women and girls in the northern provinces,
Noting that women's organisations have called for a ceasefire,

Have agreed as follows:

Article 1. Cessation of hostilities
1. The Parties shall cease all military operations from the date of signature.
2. Sexual violence shall constitute a violation of this agreement.

Article 2. Delegations
1. Each Party shall include women in its delegation to the talks.

Article 3. Joint Monitoring Commission
1. A Joint Monitoring Commission shall verify compliance with this agreement.
2. At least one third of the members of the Joint Monitoring Commission shall be women.
"""

CEASEFIRE_WITHOUT_MONITORS = CEASEFIRE_WITH_MONITORS.replace(
    "2. At least one third of the members of the Joint Monitoring Commission shall be women.\n",
    "",
)


def _gap(result: Screening, requirement: str):  # type: ignore[no-untyped-def]
    return next(g for g in result.summary.gaps if g.requirement == requirement)


def test_recitals_are_preamble_and_never_substantive() -> None:
    result = screen_text(CEASEFIRE_WITH_MONITORS, doc_type="ceasefire")
    opening = [p for p in result.provisions if p.start < CEASEFIRE_WITH_MONITORS.index("Have")]
    recitals = [p for p in opening if "Recalling" in CEASEFIRE_WITH_MONITORS[p.start : p.end]]
    assert recitals and all(p.preamble for p in recitals)
    in_preamble = [f for f in result.findings if f.provision in {p.id for p in opening}]
    # "Recalling … commitments" has an operative-looking word; it is still a recital.
    assert {f.text for f in in_preamble} >= {"1325", "women", "girls"}
    assert all(f.weight == "passing" for f in in_preamble)
    assert all(f.reason == "a recital in the preamble" for f in in_preamble)
    # The operative part is not preamble: its findings are substantive.
    article_3 = [f for f in result.findings if f.provision == "Article 3 › 2"]
    assert article_3 and all(f.weight == "substantive" for f in article_3)


def test_an_unnumbered_operative_paragraph_after_the_recitals_is_not_preamble() -> None:
    text = (
        "The Security Council,\n"
        "Noting the role of women in the negotiations,\n\n"
        "Requests the parties to ensure that women take part in the ceasefire commission.\n"
    )
    result = screen_text(text)
    by_text = {f.text: f for f in result.findings}
    assert by_text["women"].weight in ("passing", "substantive")
    weights = sorted((f.provision, f.weight) for f in result.findings if f.text == "women")
    assert weights[0][1] == "passing" and weights[-1][1] == "substantive"


def test_a_gap_line_is_met_only_by_a_provision_that_establishes_it() -> None:
    with_monitors = screen_text(CEASEFIRE_WITH_MONITORS, doc_type="ceasefire")
    gap = _gap(with_monitors, "participation_monitoring")
    assert gap.met and gap.where == ("Article 3 › 2",)

    # The preamble and the delegations article name women and monitoring; neither
    # establishes women in the monitoring mechanism.
    without = screen_text(CEASEFIRE_WITHOUT_MONITORS, doc_type="ceasefire")
    assert any(
        f.provision == "Article 2 › 1" and f.weight == "substantive" for f in without.findings
    )
    gap = _gap(without, "participation_monitoring")
    assert not gap.met
    assert gap.why == "not_established"


def test_a_sexual_violence_term_does_not_meet_the_women_monitors_line() -> None:
    text = (
        "Article 1. Prohibited acts\n"
        "1. Sexual violence shall be reported to the monitoring mechanism.\n"
    )
    result = screen_text(text, doc_type="ceasefire")
    assert any(f.theme == "participation" for f in result.findings)
    assert not _gap(result, "participation_monitoring").met
    assert _gap(result, "sgbv_prohibited").met is False  # reported, not prohibited
    prohibited = screen_text(
        text + "2. Sexual violence shall constitute a violation of the ceasefire.\n",
        doc_type="ceasefire",
    )
    assert _gap(prohibited, "sgbv_prohibited").met


def test_a_reference_line_is_met_by_a_recital_and_nothing_else_is() -> None:
    text = (
        "The Parties,\n"
        "Recalling resolution 1325 (2000) on the protection of women from sexual violence,\n\n"
        "Article 1. Elections\n"
        "1. Elections shall be held within a year.\n"
    )
    result = screen_text(text, doc_type="peace_agreement")
    assert _gap(result, "resolutions").met
    sgbv = _gap(result, "sgbv")
    assert not sgbv.met and sgbv.why == "preamble_only"


AMNESTY_BLANKET = """\
Comprehensive Peace Agreement for Kesh (fictional)

Article 9. Amnesty
1. A general amnesty shall be granted to all members of the armed groups for all acts
committed in the course of the conflict, including rape and other acts of sexual violence.

Article 10. Elections
1. Women shall make up at least thirty per cent of the candidates on every list.
"""

AMNESTY_WITHOUT_EXCLUSION = """\
Article 9. Amnesty
1. The Government shall grant amnesty for all acts committed in the course of the
conflict, except genocide, war crimes and crimes against humanity.
"""

AMNESTY_EXCLUDING_SEXUAL_VIOLENCE = AMNESTY_WITHOUT_EXCLUSION + (
    "2. The amnesty shall not apply to rape or to any other form of sexual violence.\n"
)


def test_an_amnesty_covering_sexual_violence_is_a_red_flag() -> None:
    result = screen_text(AMNESTY_BLANKET, doc_type="peace_agreement")
    flags = result.summary.red_flags
    assert [(f.flag, f.provision, f.names_theme) for f in flags] == [
        ("amnesty_sexual_violence", "Article 9 › 1", True)
    ]
    assert flags[0].guidelines[0] == "P1.C.17"
    assert result.to_dict()["summary"]["red_flags"][0]["flag"] == "amnesty_sexual_violence"


def test_an_amnesty_that_excludes_other_crimes_but_not_sexual_violence_is_flagged() -> None:
    flags = screen_text(AMNESTY_WITHOUT_EXCLUSION).summary.red_flags
    assert [(f.flag, f.names_theme) for f in flags] == [("amnesty_sexual_violence", False)]


def test_an_amnesty_that_excludes_sexual_violence_raises_no_flag() -> None:
    assert screen_text(AMNESTY_EXCLUDING_SEXUAL_VIOLENCE).summary.red_flags == []


def test_an_amnesty_in_a_recital_raises_no_flag() -> None:
    text = (
        "The Parties,\nRecalling the amnesty law of 1994,\n\nArticle 1. Scope\n1. This applies.\n"
    )
    assert screen_text(text).summary.red_flags == []


def test_sexual_violence_left_to_customary_justice_is_a_red_flag() -> None:
    text = (
        "Article 5. Community justice\n"
        "1. Cases of rape shall be settled through mediation by traditional leaders.\n"
    )
    flags = screen_text(text).summary.red_flags
    assert [f.flag for f in flags] == ["sexual_violence_settlement"]
    refused = text.replace("shall be settled", "shall never be settled")
    assert screen_text(refused).summary.red_flags == []


def test_personal_law_without_an_equality_guarantee_is_a_red_flag() -> None:
    text = (
        "Article 7. Personal status\n"
        "1. Marriage, divorce and inheritance shall be governed by customary law.\n"
    )
    assert [f.flag for f in screen_text(text).summary.red_flags] == ["discriminatory_personal_law"]
    guaranteed = text + "2. Women and men shall be equal before the law.\n"
    assert screen_text(guaranteed).summary.red_flags == []


def test_the_summary_counts_the_findings_the_list_shows() -> None:
    # "women" in Article 3 › 2 is filed under two themes: two entries in the list.
    result = screen_text(CEASEFIRE_WITH_MONITORS, doc_type="ceasefire")
    assert len({(f.start, f.end) for f in result.findings}) < len(result.findings)
    assert result.summary.total_findings == len(result.findings)
    assert result.summary.substantive_findings == sum(
        f.weight == "substantive" for f in result.findings
    )
    assert sum(t.findings for t in result.summary.themes) == result.summary.total_findings


def test_the_word_diff_keeps_the_space_between_words() -> None:
    words = word_diff(
        "The Commission shall submit its report.", "The Commission shall submit Its report."
    )
    assert "".join(w.old for w in words) == "The Commission shall submit its report."
    assert "".join(w.new for w in words) == "The Commission shall submit Its report."
    changed = [w for w in words if w.op != "equal"]
    assert [(w.old, w.new) for w in changed] == [("its", "Its")]


SIGNATORIES = """\
Signed at Port Aleron on 3 March (fictional)

For the Government: MRS. HELENA VOSS, MINISTER OF THE INTERIOR
For the Front: Tomas Adler (Mr) and Rena Kalu (Ms)
Witnesses: Daw Khin Thida; Baroness Alma Reyes; Dra. Lucía Ferrer, Ministra de Justicia
"""


def test_gendered_forms_in_lists_of_names_and_titles_are_found() -> None:
    result = screen_text(SIGNATORIES)
    found = {f.text.strip(" .(") for f in result.findings}
    assert {"MRS", "Ms", "Daw", "Baroness", "Dra", "Ministra"} <= found
    assert all(f.weight == "passing" for f in result.findings)
    assert "Mr" not in found


def test_anti_discrimination_wording_is_found() -> None:
    text = (
        "Article 4. Equality\n"
        "1. No one shall be discriminated against on grounds of marital status.\n"
        "2. The State shall eliminate sexist stereotypes from school books.\n"
    )
    found = {(f.text, f.theme) for f in screen_text(text).findings}
    assert ("marital status", "equality") in found
    assert ("sexist", "equality") in found
    plain = (
        "Article 4. Equality\n1. No one shall be discriminated against on grounds of religion.\n"
    )
    assert screen_text(plain).findings == []


def test_the_command_line_reports_show_red_flags() -> None:
    from wpsdesk.screening.engine.render import screening_html, screening_text

    result = screen_text(AMNESTY_BLANKET, doc_type="peace_agreement")
    report = screening_text(result)
    assert "Red flags:" in report
    assert "[RED FLAG] Amnesty that does not exclude sexual violence — Article 9 › 1" in report
    assert "<h2>Red flags</h2>" in screening_html(result)
    clean = screen_text(AMNESTY_EXCLUDING_SEXUAL_VIOLENCE)
    assert "Red flags" not in screening_text(clean) and "Red flags" not in screening_html(clean)


def test_the_command_line_comparison_marks_words_with_more_than_colour() -> None:
    import re

    from wpsdesk.screening.engine.compare import compare
    from wpsdesk.screening.engine.render import comparison_html

    old = screen_text("Article 1\n\nWomen shall submit its report to the commission.\n")
    new = screen_text("Article 1\n\nWomen shall submit their report to the commission.\n")
    page = comparison_html(compare(old, new))
    assert '<del><span class="sr">removed </span>its</del> <ins>' in page
    seen = re.sub(r"<[^>]+>", "", re.sub(r'<span class="sr">.*?</span>', "", page))
    assert "submit its their report" in seen
    assert 'del::before{content:"−"}' in page and "text-decoration:line-through" in page
