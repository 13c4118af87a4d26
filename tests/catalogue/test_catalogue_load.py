"""Loading the guidelines: everything arrives, a reload changes nothing, edits keep links."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db import connection

from tests.catalogue.datafiles import drop_mentions, find, remove, spec_of
from wpsdesk.catalogue.datafile import BUNDLED_FILE, DataFileError, parse_data
from wpsdesk.catalogue.models import Catalogue, Edition, Item, ItemKind, ItemLink, PriorityEntry
from wpsdesk.catalogue.search import parse_query, search_items
from wpsdesk.catalogue.sentences import missing_sentences
from wpsdesk.catalogue.services import catalogue_load

SOURCE_FILE = BUNDLED_FILE.with_name("wps-guidelines-2023-2030.source.txt")


def history_counts() -> dict[str, int]:
    return {
        "catalogue": Catalogue.history.count(),
        "edition": Edition.history.count(),
        "item": Item.history.count(),
        "link": ItemLink.history.count(),
    }


def test_the_bundled_guidelines_load_as_the_current_edition(guidelines: Edition) -> None:
    assert guidelines.catalogue.key == "no-mfa-wps-guidelines"
    assert guidelines.name == "2023–2030"
    assert guidelines.catalogue.title == guidelines.title
    assert Item.objects.filter(edition=guidelines, kind=ItemKind.THEMATIC_PRIORITY).count() == 3
    assert Item.objects.filter(edition=guidelines, kind=ItemKind.BOX).count() == 5
    resolutions = Item.objects.filter(edition=guidelines, kind=ItemKind.RESOLUTION)
    assert resolutions.count() == 10
    assert set(resolutions.filter(added=True).values_list("code", flat=True)) == {
        "SCR.2467",
        "SCR.2493",
    }


def test_the_tree_keeps_parents_order_and_depth(guidelines: Edition) -> None:
    sub_point = Item.objects.select_related("parent__parent").get(code="P1.C.5.a")
    assert sub_point.parent is not None and sub_point.parent.code == "P1.C.5"
    assert sub_point.parent.parent is not None and sub_point.parent.parent.code == "P1"
    assert sub_point.depth == 2
    codes = list(
        Item.objects.filter(parent__code="P1.C.5")
        .order_by("position")
        .values_list("code", flat=True)
    )
    assert codes == [f"P1.C.5.{letter}" for letter in "abcdef"]


def test_related_links_are_loaded_as_the_file_states_them(guidelines: Edition) -> None:
    commitment = Item.objects.get(code="P1.C.5")
    assert list(
        commitment.links_out.order_by("position").values_list("to_item__code", flat=True)
    ) == ["SCR.1325", "SCR.2122", "SCR.2493"]


def test_the_catalogue_holds_every_sentence_of_the_guidelines(guidelines: Edition) -> None:
    """Each sentence of the reference text, footnotes included, is in some loaded item."""
    raw = SOURCE_FILE.read_text(encoding="utf-8")
    texts = [guidelines.title]
    for title, text in Item.objects.filter(edition=guidelines).values_list("title", "text"):
        texts.extend([title, text])
    assert missing_sentences(raw, texts) == []


def test_the_sentence_check_would_notice_a_missing_item(guidelines: Edition) -> None:
    raw = SOURCE_FILE.read_text(encoding="utf-8")
    texts = list(
        Item.objects.filter(edition=guidelines)
        .exclude(code="P3.C.3")
        .values_list("text", flat=True)
    )
    texts += list(Item.objects.filter(edition=guidelines).values_list("title", flat=True))
    missing = missing_sentences(raw, [guidelines.title, *texts])
    assert "Work on the basis of the ‘Do no harm’ principle." in missing


def test_a_second_load_changes_nothing(
    guidelines: Edition, guidelines_data: dict[str, Any]
) -> None:
    ids = dict(Item.objects.values_list("code", "id"))
    link_ids = set(ItemLink.objects.values_list("id", flat=True))
    histories = history_counts()
    loaded_at = Edition.objects.get(pk=guidelines.pk).loaded_at

    report = catalogue_load(spec=parse_data(guidelines_data))

    assert not report.changed
    assert report.summary().endswith("up to date, nothing changed.")
    assert dict(Item.objects.values_list("code", "id")) == ids
    assert set(ItemLink.objects.values_list("id", flat=True)) == link_ids
    assert history_counts() == histories
    assert Edition.objects.get(pk=guidelines.pk).loaded_at == loaded_at


def test_a_second_load_runs_few_queries(
    guidelines: Edition, guidelines_data: dict[str, Any], django_assert_num_queries: Any
) -> None:
    spec = parse_data(guidelines_data)
    # SQLite checks its FTS5 table is in step with the items (one query); PostgreSQL's
    # search column lives on the item row itself.
    expected = 7 if connection.vendor == "sqlite" else 6
    with django_assert_num_queries(expected):
        catalogue_load(spec=spec)


def test_editing_an_items_text_updates_the_row_in_place_and_keeps_its_links(
    guidelines: Edition, edited: dict[str, Any]
) -> None:
    before = Item.objects.get(code="P1.C.7")
    child_ids = set(before.children.values_list("id", flat=True))
    links_out = set(before.links_out.values_list("id", "to_item_id"))
    links_in = set(before.links_in.values_list("id", "from_item_id"))
    assert child_ids and links_out and links_in
    new_text = "Seek to ensure that preventing sexual and gender-based violence is a priority:"
    find(edited["items"], "P1.C.7")["text"] = new_text

    report = catalogue_load(spec=spec_of(edited), source_name="edited.yaml")

    assert report.updated == ["P1.C.7"]
    after = Item.objects.get(code="P1.C.7")
    assert after.pk == before.pk
    assert after.text == new_text
    assert set(after.children.values_list("id", flat=True)) == child_ids
    assert set(after.links_out.values_list("id", "to_item_id")) == links_out
    assert set(after.links_in.values_list("id", "from_item_id")) == links_in
    record = after.history.first()
    assert record is not None
    assert record.history_type == "~"
    assert record.history_change_reason == "catalogue load edited.yaml"


def test_an_edited_text_is_found_by_search(guidelines: Edition, edited: dict[str, Any]) -> None:
    find(edited["items"], "P3.C.3")["text"] = (
        "Work on the basis of the ‘Do no harm’ zebra principle."
    )
    catalogue_load(spec=spec_of(edited))
    hits = search_items(Item.objects.all(), parse_query("zebra"))
    assert [item.code for item in hits] == ["P3.C.3"]


def test_an_item_removed_from_the_file_is_retired_and_restored_when_it_returns(
    guidelines: Edition, edited: dict[str, Any], guidelines_data: dict[str, Any]
) -> None:
    original = Item.objects.get(code="CL.8")
    remove(edited["items"], "CL.8")
    drop_mentions(edited["items"], "CL.8")

    report = catalogue_load(spec=spec_of(edited))

    assert report.retired == ["CL.8"]
    retired = Item.objects.get(pk=original.pk)
    assert retired.retired_at is not None
    assert not Item.objects.active().filter(code="CL.8").exists()

    report = catalogue_load(spec=parse_data(guidelines_data))

    assert report.restored == ["CL.8"]
    assert Item.objects.get(pk=original.pk).retired_at is None


def test_an_inserted_item_moves_the_rest_without_history_for_them(
    guidelines: Edition, edited: dict[str, Any]
) -> None:
    histories = history_counts()
    checklist = find(edited["items"], "CL")
    checklist["children"].insert(
        0, {"code": "CL.19", "kind": "checklist_item", "text": "Read these guidelines."}
    )

    report = catalogue_load(spec=spec_of(edited))

    assert report.added == ["CL.19"]
    assert report.updated == []
    assert report.reordered > 0
    assert Item.objects.get(code="CL.19").position < Item.objects.get(code="CL.1").position
    assert history_counts()["item"] == histories["item"] + 1


def test_a_changed_related_list_adds_and_removes_links(
    guidelines: Edition, edited: dict[str, Any]
) -> None:
    find(edited["items"], "P1.C.5")["related"] = ["SCR.1325", "SCR.2242"]

    report = catalogue_load(spec=spec_of(edited))

    assert (report.links_added, report.links_removed) == (1, 2)
    assert set(
        Item.objects.get(code="P1.C.5").links_out.values_list("to_item__code", flat=True)
    ) == {
        "SCR.1325",
        "SCR.2242",
    }


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: find(d["items"], "P1.C.5").update(kind="wish"), "unknown kind 'wish'"),
        (lambda d: find(d["items"], "P1.C.5").update(related=["NOPE"]), "not in the file: NOPE"),
        (lambda d: find(d["items"], "P1.C.6").update(code="P1.C.5"), "the code is used twice"),
        (lambda d: find(d["items"], "P1.C.5.a").update(code="P2.X"), "must extend its parent"),
        (lambda d: d.pop("edition"), "needs a 'edition'"),
    ],
)
def test_a_broken_file_is_refused_in_plain_words_and_changes_nothing(
    guidelines: Edition, edited: dict[str, Any], change: Any, problem: str
) -> None:
    histories = history_counts()
    change(edited)
    with pytest.raises(DataFileError) as caught:
        parse_data(edited)
    assert problem in str(caught.value)
    assert history_counts() == histories


def test_the_command_loads_the_bundled_file_and_seeds_the_priority_lists(db: None) -> None:
    out = StringIO()
    call_command("catalogue", "load", stdout=out)
    assert "256 added" in out.getvalue()
    assert "25 entries seeded" in out.getvalue()
    assert PriorityEntry.objects.count() == 25

    out = StringIO()
    call_command("catalogue", "load", stdout=out)
    assert out.getvalue().strip() == "no-mfa-wps-guidelines 2023–2030: up to date, nothing changed."


def test_the_command_refuses_a_broken_file_and_says_why(db: None, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("catalogue: x\nedition: '1'\ntitle: T\nitems:\n  - code: a\n", "utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("catalogue", "load", "--file", str(broken))
    message = str(caught.value)
    assert "nothing changed" in message
    assert "upper-case segments" in message
    assert not Catalogue.objects.exists()


def test_the_command_reports_a_file_that_is_not_yaml(db: None, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("items: [unclosed\n", "utf-8")
    with pytest.raises(CommandError, match="not valid YAML"):
        call_command("catalogue", "load", "--file", str(broken))


def test_the_data_file_format_is_plain_yaml(guidelines_data: dict[str, Any]) -> None:
    """The loader reads what ``yaml.safe_load`` reads: no custom tags."""
    assert yaml.safe_dump(guidelines_data, allow_unicode=True)
