"""Screening through the pages: adding, waiting, reading the results, changing, deleting.

Documents are added through the form with real files (the ``files`` fixture) and pasted
texts, and screened by the real engine; queued and running states are what a worker would
leave behind. The highlighting function is tested on its own at the end.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.personas import Cast, verified_client
from tests.screening import docs
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.organisation.models import Unit
from wpsdesk.screening import services, views
from wpsdesk.screening.highlight import Segment, Span, highlight
from wpsdesk.screening.models import ScreenedDocument, Status

pytestmark = pytest.mark.django_db

# Session, person, second factor, unit roles, units (shell), count, page of documents, units
# for the filter.
QUERIES_LIST = 8
# Session, person, second factor, the document, unit roles, may it be edited (read check),
# units (shell).
QUERIES_DETAIL = 7


@pytest.fixture(autouse=True)
def own_media(settings: Any, tmp_path: Path) -> None:
    """Each test its own storage for uploads waiting to be read."""
    settings.MEDIA_ROOT = tmp_path


def form_data(cast: Cast, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "unit": cast.bogota.pk,
        "title": "",
        "classification": "internal",
        "chosen_type": "",
        "text": "",
    }
    data.update(extra)
    return data


def paste(client: Client, cast: Cast, text: str = docs.AGREEMENT, **extra: Any) -> Any:
    return client.post(reverse("screening:create"), form_data(cast, text=text, **extra))


def upload(client: Client, cast: Cast, name: str, data: bytes) -> Any:
    return client.post(
        reverse("screening:create"),
        form_data(cast, file=SimpleUploadedFile(name, data)),
    )


def screened(cast: Cast, text: str = docs.AGREEMENT, unit: Unit | None = None, **kw: Any) -> Any:
    return services.add_document(
        actor=cast.outsider if unit is not None and unit == cast.amman else cast.officer,
        unit=unit or cast.bogota,
        title=kw.pop("title", "Agreement"),
        classification=kw.pop("classification", "internal"),
        text=text,
        **kw,
    )


def row(unit: Unit, **fields: Any) -> ScreenedDocument:
    """A document row as a finished screening leaves it, without running the engine."""
    values: dict[str, Any] = {
        "title": "Draft",
        "source": "paste",
        "status": Status.DONE,
        "detected_type": "peace_agreement",
        "findings_count": 3,
        "substantive_count": 2,
        "gaps_count": 1,
        "themes": " participation ",
    }
    values.update(fields)
    return ScreenedDocument.objects.create(unit=unit, **values)


def marks(html: str) -> list[str]:
    return re.findall(r"<mark[^>]*>(.*?)</mark>", html, flags=re.S)


def provision_headings(html: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", h).strip()
        for h in re.findall(
            r'<h3 class="ds-heading" data-size="xs" id="provision-\d+">(.*?) <span', html
        )
    ]


# --- Adding -------------------------------------------------------------------------------


def test_the_form_offers_the_current_unit_and_both_ways_in(cast: Cast, as_officer: Client) -> None:
    response = as_officer.get(reverse("screening:create"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'accept=".txt,.pdf,.docx,.html,.htm"' in html
    assert response.context["form"]["unit"].value() == cast.bogota.pk
    assert "Recognise it from the text" in html
    assert [u.pk for u in response.context["form"].fields["unit"].queryset] == [cast.bogota.pk]


def test_a_pasted_text_is_screened_and_its_findings_marked(cast: Cast, as_officer: Client) -> None:
    response = paste(as_officer, cast, title="Agreement of Cartagena")
    document = ScreenedDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("screening:detail", args=[document.pk])
    response = as_officer.get(response["Location"])
    html = response.content.decode()
    assert "The document was screened." in html
    assert "Agreement of Cartagena" in html
    assert "Peace agreement" in html
    assert "Article 2" in html and "Article 1 › 1.2" in html
    found = marks(html)
    assert any(m.startswith('rape<span class="ds-sr-only">') for m in found)
    assert "Substantive" in html and "a recital in the preamble" in html
    assert 'href="/catalogue/items/SCR.1325/"' in html
    assert "Gap list" in html and "Not met" in html
    assert "Protection of women and girls" in html  # a theme absent
    for fmt in ("csv", "xlsx", "json"):
        assert reverse("screening:export", args=[document.pk, fmt]) in html
    assert reverse("screening:compare") in html


def test_several_themes_on_the_same_words_are_one_mark_naming_all(
    cast: Cast, as_officer: Client
) -> None:
    document = screened(cast)
    html = as_officer.get(reverse("screening:detail", args=[document.pk])).content.decode()
    shared = [m for m in marks(html) if m.startswith("Women<span")]
    assert len(shared) == 1
    for label in (
        "Participation and representation",
        "Transitional justice and reparations for survivors",
        "Women human rights defenders",
    ):
        assert label in shared[0]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("agreement.txt", "sexual violence"),
        ("agreement.pdf", "Rape"),
        ("agreement.docx", "Widows"),
        ("points.html", None),
    ],
)
def test_uploads_in_each_format_are_screened_through_the_page(
    cast: Cast, as_officer: Client, files: dict[str, Path], name: str, expected: str | None
) -> None:
    response = upload(as_officer, cast, name, files[name].read_bytes())
    assert response.status_code == 302, response.content.decode()
    document = ScreenedDocument.objects.get()
    assert document.status == Status.DONE, document.error
    assert document.file_name == name
    html = as_officer.get(response["Location"]).content.decode()
    assert name in html  # the source
    assert marks(html)
    if expected:
        assert any(m.startswith(expected) for m in marks(html))


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("encrypted.pdf", "password-protected"),
        ("bomb.docx", "zip bomb"),
    ],
)
def test_a_broken_file_is_explained_on_its_page(
    cast: Cast, as_officer: Client, files: dict[str, Path], name: str, words: str
) -> None:
    response = upload(as_officer, cast, name, files[name].read_bytes())
    assert response.status_code == 302
    html = as_officer.get(response["Location"]).content.decode()
    assert "This document could not be screened" in html
    assert words in html
    assert "add the document again in another format" in html
    assert reverse("screening:delete", args=[ScreenedDocument.objects.get().pk]) in html
    assert "Screen again" not in html  # nothing of the file was kept


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("binary.txt", None, "does not look like text"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 600, "old-format Office file"),
        ("empty.txt", b" \n ", "The file is empty."),
    ],
)
def test_an_unreadable_file_is_refused_on_the_form(
    cast: Cast,
    as_officer: Client,
    files: dict[str, Path],
    name: str,
    data: bytes | None,
    words: str,
) -> None:
    response = upload(as_officer, cast, name, data or files[name].read_bytes())
    html = response.content.decode()
    if response.status_code == 302:  # refused while screening rather than before
        html = as_officer.get(response["Location"]).content.decode()
        assert "This document could not be screened" in html
    else:
        assert response.status_code == 400
        assert "To go on, correct the following:" in html
        assert not ScreenedDocument.objects.exists()
    assert words in html


def test_a_file_and_a_text_together_or_neither_are_refused(cast: Cast, as_officer: Client) -> None:
    both = as_officer.post(
        reverse("screening:create"),
        form_data(cast, text="Women.", file=SimpleUploadedFile("a.txt", b"Women.")),
    )
    assert both.status_code == 400
    assert "Upload a file or paste a text, not both." in both.content.decode()
    neither = as_officer.post(reverse("screening:create"), form_data(cast))
    assert neither.status_code == 400
    assert "Choose a file or paste a text." in neither.content.decode()
    assert not ScreenedDocument.objects.exists()


def test_nobody_adds_in_a_unit_they_may_not_write_in(
    cast: Cast, as_officer: Client, as_reader: Client
) -> None:
    assert as_reader.get(reverse("screening:create")).status_code == 403
    response = paste(as_officer, cast, unit=cast.amman.pk)
    assert response.status_code == 400  # Amman is not among the officer's choices
    assert not ScreenedDocument.objects.exists()


# --- Waiting --------------------------------------------------------------------------------


def test_a_long_document_shows_its_progress_and_polls_until_done(
    cast: Cast, as_officer: Client, settings: Any
) -> None:
    settings.SCREENING_INLINE_BYTES = 10
    response = paste(as_officer, cast)
    document = ScreenedDocument.objects.get()
    assert document.status == Status.QUEUED
    html = as_officer.get(response["Location"]).content.decode()
    assert "it is being screened" in html
    assert "Waiting to be screened" in html
    assert '<progress class="screening-progress" max="100" value="0"' in html
    assert "0 % done." in html
    progress_url = reverse("screening:progress", args=[document.pk])
    assert f'hx-get="{progress_url}"' in html and 'hx-trigger="every 2s"' in html
    assert f'href="{reverse("screening:detail", args=[document.pk])}">Refresh' in html
    assert "Gap list" not in html

    ScreenedDocument.objects.filter(pk=document.pk).update(
        status=Status.RUNNING, stage="matching", progress=40
    )
    fragment = as_officer.get(progress_url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "HX-Refresh" not in fragment
    text = fragment.content.decode()
    assert "<html" not in text
    assert "Being screened" in text and "Finding provisions and WPS content" in text
    assert 'value="40"' in text and "40 % done." in text

    services.run_screening(document.pk)
    fragment = as_officer.get(progress_url, headers={"HX-Request": "true"})
    assert fragment["HX-Refresh"] == "true"
    assert "hx-trigger" not in fragment.content.decode()  # polling stops
    assert "Show the results" in fragment.content.decode()
    html = as_officer.get(reverse("screening:detail", args=[document.pk])).content.decode()
    assert "Gap list" in html and marks(html)


def test_the_list_shows_how_far_a_screening_has_come(cast: Cast, as_officer: Client) -> None:
    row(cast.bogota, title="Mandate draft", status=Status.RUNNING, progress=40, findings_count=0)
    html = as_officer.get(reverse("screening:list")).content.decode()
    assert "Being screened" in html and "40 % done" in html


# --- Reading the results --------------------------------------------------------------------


def test_findings_filter_by_theme_weight_and_page(
    cast: Cast, as_officer: Client, files: dict[str, Path]
) -> None:
    document = screened(cast)
    url = reverse("screening:detail", args=[document.pk])
    everything = provision_headings(as_officer.get(url).content.decode())
    assert everything == [
        "Preamble",
        "Article 1 › 1.1",
        "Article 1 › 1.2",
        "Article 2",
        "Article 3",
    ]

    html = as_officer.get(url, {"theme": "sgbv"}).content.decode()
    assert provision_headings(html) == ["Article 2"]
    assert [m.split("<")[0] for m in marks(html)] == ["rape", "sexual violence"]
    assert "2 findings in 1 provisions shown." in html
    assert "Show all findings" in html

    html = as_officer.get(url, {"weight": "passing"}).content.decode()
    assert provision_headings(html) == ["Preamble", "Article 3"]

    upload(as_officer, cast, "agreement.pdf", files["agreement.pdf"].read_bytes())
    pdf = ScreenedDocument.objects.get(file_name="agreement.pdf")
    pdf_url = reverse("screening:detail", args=[pdf.pk])
    assert provision_headings(as_officer.get(pdf_url, {"on_page": "2"}).content.decode()) == [
        "Article 2"
    ]
    html = as_officer.get(pdf_url, {"on_page": "3"}).content.decode()
    assert provision_headings(html) == []
    assert "No findings match." in html


def test_long_texts_show_their_provisions_page_by_page(
    cast: Cast, as_officer: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "PROVISIONS_PER_PAGE", 2)
    document = screened(cast)
    url = reverse("screening:detail", args=[document.pk])
    first = as_officer.get(url, {"weight": "substantive"}).content.decode()
    assert provision_headings(first) == ["Article 1 › 1.1", "Article 1 › 1.2"]
    assert "?weight=substantive&amp;page=2" in first
    second = as_officer.get(url, {"weight": "substantive", "page": "2"}).content.decode()
    assert provision_headings(second) == ["Article 2"]


def test_the_text_of_a_document_is_shown_escaped(cast: Cast, as_officer: Client) -> None:
    text = (
        'Article 1\n\n<script>alert("x")</script> The Parties shall ensure that women '
        "<b>participate</b> & lead.\n"
    )
    document = screened(cast, text=text, title="<img src=x onerror=alert(1)>")
    html = as_officer.get(reverse("screening:detail", args=[document.pk])).content.decode()
    assert "<script>alert" not in html and "<b>participate" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;participate&lt;/b&gt; &amp; lead." in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert any(m.startswith("women<span") for m in marks(html))


def test_theme_labels_follow_the_language(cast: Cast, as_officer: Client) -> None:
    document = screened(cast)
    as_officer.cookies["django_language"] = "nb"
    html = as_officer.get(reverse("screening:detail", args=[document.pk])).content.decode()
    assert "Seksualisert og kjønnsbasert vold" in html


def test_the_detail_query_count_does_not_grow_with_findings(
    cast: Cast, as_officer: Client, django_assert_num_queries: Any
) -> None:
    small = screened(cast, text="Article 1\n\nWomen shall participate.\n")
    large = screened(cast, text=docs.AGREEMENT + "\n" + docs.DRAFT_TWO)
    assert large.findings_count > 3 * small.findings_count
    for document in (small, large):
        with django_assert_num_queries(QUERIES_DETAIL):
            as_officer.get(reverse("screening:detail", args=[document.pk]))


# --- The list -----------------------------------------------------------------------------


def test_the_list_searches_filters_and_pages(cast: Cast, as_officer: Client) -> None:
    for n in range(24):
        row(cast.bogota, title=f"Agreement draft {n}")
    row(cast.bogota, title="Ceasefire of May", detected_type="ceasefire", themes=" sgbv ddr ")
    row(cast.bogota, title="Queued mandate", status=Status.QUEUED, themes="", detected_type="")
    row(cast.amman, title="Amman agreement")
    url = reverse("screening:list")

    response = as_officer.get(url)
    assert response.context["page"].paginator.count == 26
    assert len(response.context["page"].object_list) == 25
    assert "Amman agreement" not in response.content.decode()
    assert len(as_officer.get(url, {"page": "2"}).context["page"].object_list) == 1

    def titles(**query: str) -> list[str]:
        return [d.title for d in as_officer.get(url, query).context["page"].object_list]

    assert titles(q="ceasefire") == ["Ceasefire of May"]
    assert titles(doc_type="ceasefire") == ["Ceasefire of May"]
    assert titles(theme="ddr") == ["Ceasefire of May"]
    assert titles(status="queued") == ["Queued mandate"]
    refused = as_officer.get(url, {"unit": str(cast.amman.pk)})  # not a unit of theirs
    assert refused.context["form"].errors["unit"]
    assert "Amman agreement" not in refused.content.decode()
    assert len(titles(unit=str(cast.bogota.pk), theme="participation")) == 24
    html = as_officer.get(url, {"q": "draft"}).content.decode()
    assert "Screen a document" in html and reverse("screening:compare") in html


def test_the_list_query_count_does_not_grow_with_rows(
    cast: Cast, as_officer: Client, django_assert_num_queries: Any
) -> None:
    row(cast.bogota)
    url = reverse("screening:list")
    with django_assert_num_queries(QUERIES_LIST):
        as_officer.get(url)
    for n in range(30):
        row(cast.bogota, title=f"Draft {n}", status=Status.RUNNING if n % 2 else Status.DONE)
    with django_assert_num_queries(QUERIES_LIST):
        as_officer.get(url, {"theme": "participation"})


def test_restricted_documents_stay_with_those_cleared(
    cast: Cast, as_officer: Client, as_reader: Client, as_coordinator: Client
) -> None:
    secret = row(cast.bogota, title="Back-channel draft", classification="restricted")
    row(cast.bogota, title="Open draft")
    url = reverse("screening:list")
    assert as_officer.get(url).context["page"].paginator.count == 2
    assert as_reader.get(url).context["page"].paginator.count == 1
    assert as_coordinator.get(url).context["page"].paginator.count == 1
    assert "Back-channel draft" not in as_reader.get(url, {"q": "draft"}).content.decode()
    assert as_reader.get(reverse("screening:detail", args=[secret.pk])).status_code == 404
    before = SecurityEvent.objects.filter(kind="restricted.read").count()
    assert as_officer.get(reverse("screening:detail", args=[secret.pk])).status_code == 200
    assert SecurityEvent.objects.filter(kind="restricted.read").count() == before + 1
    assert "Screen a document" not in as_reader.get(url).content.decode()


# --- Who may do what ------------------------------------------------------------------------


def test_another_units_document_is_404_everywhere(cast: Cast, as_outsider: Client) -> None:
    document = screened(cast)
    for name in ("detail", "progress", "edit", "delete"):
        assert as_outsider.get(reverse(f"screening:{name}", args=[document.pk])).status_code == 404
    for name in ("edit", "delete", "rescreen"):
        assert as_outsider.post(reverse(f"screening:{name}", args=[document.pk])).status_code == 404
    assert ScreenedDocument.objects.filter(pk=document.pk).exists()


def test_a_reader_sees_the_results_but_cannot_change_them(cast: Cast, as_reader: Client) -> None:
    document = screened(cast)
    html = as_reader.get(reverse("screening:detail", args=[document.pk])).content.decode()
    assert marks(html)
    assert reverse("screening:edit", args=[document.pk]) not in html
    assert "Screen again" not in html
    assert as_reader.get(reverse("screening:edit", args=[document.pk])).status_code == 403
    response = as_reader.post(
        reverse("screening:edit", args=[document.pk]),
        {"title": "Mine", "classification": "internal", "chosen_type": ""},
    )
    assert response.status_code == 403
    assert as_reader.get(reverse("screening:delete", args=[document.pk])).status_code == 403
    assert as_reader.post(reverse("screening:delete", args=[document.pk])).status_code == 403
    assert as_reader.post(reverse("screening:rescreen", args=[document.pk])).status_code == 403
    document.refresh_from_db()
    assert document.title == "Agreement"


def test_rescreen_is_post_only(cast: Cast, as_officer: Client) -> None:
    document = screened(cast)
    assert as_officer.get(reverse("screening:rescreen", args=[document.pk])).status_code == 405


# --- Changing and deleting ------------------------------------------------------------------


def test_changing_the_type_screens_again(cast: Cast, as_officer: Client) -> None:
    document = screened(cast)
    url = reverse("screening:edit", args=[document.pk])
    form = as_officer.get(url)
    assert form.context["form"]["title"].value() == "Agreement"

    def version() -> int:
        return ScreenedDocument.objects.get(pk=document.pk).version

    response = as_officer.post(
        url,
        {
            "title": "Mandate text",
            "classification": "restricted",
            "chosen_type": "mandate",
            "version": version(),
        },
    )
    assert response.status_code == 302
    html = as_officer.get(response["Location"]).content.decode()
    assert "The document was saved and screened again." in html
    document.refresh_from_db()
    assert (document.title, document.classification, document.detected_type) == (
        "Mandate text",
        "restricted",
        "mandate",
    )
    assert "Peace-operation mandate" in html

    renamed = as_officer.post(
        url,
        {
            "title": "Renamed",
            "classification": "restricted",
            "chosen_type": "mandate",
            "version": version(),
        },
    )
    assert "The document was saved." in as_officer.get(renamed["Location"]).content.decode()
    bad = as_officer.post(url, {"title": "", "classification": "secret", "chosen_type": "x"})
    assert bad.status_code == 400
    assert "To go on, correct the following:" in bad.content.decode()


def test_screen_again_from_the_page(cast: Cast, as_officer: Client) -> None:
    document = screened(cast)
    response = as_officer.post(reverse("screening:rescreen", args=[document.pk]))
    assert response.status_code == 302
    html = as_officer.get(response["Location"]).content.decode()
    assert "The document is being screened again." in html
    document.refresh_from_db()
    assert document.status == Status.DONE
    assert SecurityEvent.objects.filter(kind="screening.rescreened").count() == 1


def test_a_failed_upload_cannot_be_screened_again_and_says_why(
    cast: Cast, as_officer: Client, files: dict[str, Path]
) -> None:
    upload(as_officer, cast, "encrypted.pdf", files["encrypted.pdf"].read_bytes())
    document = ScreenedDocument.objects.get()
    response = as_officer.post(reverse("screening:rescreen", args=[document.pk]))
    html = as_officer.get(response["Location"]).content.decode()
    assert "Nothing is kept of this document to screen again." in html


def test_deleting_asks_first_then_deletes_and_records_it(cast: Cast, as_officer: Client) -> None:
    document = screened(cast, title="Old draft")
    url = reverse("screening:delete", args=[document.pk])
    page = as_officer.get(url).content.decode()
    assert "This deletes “Old draft” of Embassy in Bogotá" in page
    assert "recorded in the security log" in page
    assert ScreenedDocument.objects.filter(pk=document.pk).exists()
    response = as_officer.post(url)
    assert response["Location"] == reverse("screening:list")
    assert "“Old draft” was deleted." in as_officer.get(response["Location"]).content.decode()
    assert not ScreenedDocument.objects.filter(pk=document.pk).exists()
    assert SecurityEvent.objects.filter(kind="screening.document_deleted").count() == 1


def test_the_menu_leads_to_screening(cast: Cast) -> None:
    client = verified_client(cast.reader)
    html = client.get(reverse("screening:list")).content.decode()
    assert f'<a href="{reverse("screening:list")}" aria-current="page">Screening</a>' in html


# --- The highlighting function ------------------------------------------------------------


def test_highlight_without_spans_is_the_plain_text() -> None:
    assert highlight("Women shall participate.", []) == [Segment("Women shall participate.")]
    assert highlight("", [Span(0, 3, "x")]) == []


def test_highlight_marks_a_span_in_the_middle() -> None:
    text = "The women shall lead."
    assert highlight(text, [Span(4, 9, "Participation")]) == [
        Segment("The "),
        Segment("women", ("Participation",)),
        Segment(" shall lead."),
    ]


def test_overlapping_spans_become_one_mark_listing_each_theme_once() -> None:
    text = "Women's organisations shall be consulted."
    spans = [
        Span(0, 5, "Participation"),
        Span(0, 5, "Defenders"),
        Span(0, 21, "Defenders"),
        Span(8, 21, "Justice"),
    ]
    assert highlight(text, spans) == [
        Segment("Women's organisations", ("Participation", "Defenders", "Justice")),
        Segment(" shall be consulted."),
    ]


def test_adjacent_spans_stay_separate_marks() -> None:
    text = "sexualviolence"
    assert highlight(text, [Span(6, 14, "B"), Span(0, 6, "A")]) == [
        Segment("sexual", ("A",)),
        Segment("violence", ("B",)),
    ]


def test_spans_at_the_edges_and_outside_the_window_are_cut() -> None:
    text = "women and girls"
    assert highlight(text, [Span(0, 5, "A"), Span(10, 15, "B")]) == [
        Segment("women", ("A",)),
        Segment(" and "),
        Segment("girls", ("B",)),
    ]
    # A window of the text (one provision): offsets stay those of the whole text.
    assert highlight(text, [Span(0, 5, "A"), Span(8, 12, "B")], start=3, end=10) == [
        Segment("en", ("A",)),
        Segment(" an"),
        Segment("d ", ("B",)),
    ]
    assert highlight(text, [Span(3, 2, "reversed"), Span(20, 30, "beyond")], end=99) == [
        Segment(text)
    ]


def test_highlight_keeps_every_character_in_order() -> None:
    text = "<b>Women</b> & girls\f shall be protected."
    spans = [Span(3, 8, "A"), Span(15, 20, "B"), Span(17, 30, "C"), Span(-4, 2, "D")]
    pieces = highlight(text, spans)
    assert "".join(p.text for p in pieces) == text
    assert pieces[0] == Segment("<b", ("D",))  # markup is text here: the template escapes it


def test_a_paste_over_the_form_limit_gets_a_plain_answer(cast: Cast, as_officer: Client) -> None:
    """Django refuses such a form before the view; the 400 page says what to do instead."""
    response = as_officer.post(
        reverse("screening:create"),
        {"unit": cast.bogota.pk, "classification": "internal", "text": "women " * 500_000},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Too much was sent" in page
    assert "upload it instead" in page
    assert not ScreenedDocument.objects.exists()
