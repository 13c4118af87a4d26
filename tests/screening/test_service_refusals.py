"""The screening services refuse on their own: called directly, as the command line would.

Editors and leads of a unit add, change, screen again and delete its documents; a reader,
an editor of another unit and people of no unit are refused, and nothing changes.
"""

from __future__ import annotations

import pytest

from tests.personas import Cast
from tests.refusals import assert_refused
from tests.screening import docs
from wpsdesk.organisation.models import Classification
from wpsdesk.screening import services
from wpsdesk.screening.models import ScreenedDocument

REFUSED = ["reader", "outsider", "coordinator", "auditor", "admin", "former"]


@pytest.fixture(autouse=True)
def media(tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def pasted(cast: Cast, **more: str) -> ScreenedDocument:
    fields = {"title": "Agreement", "classification": Classification.INTERNAL, **more}
    return services.add_document(
        actor=cast.officer, unit=cast.bogota, text=docs.AGREEMENT, **fields
    )


@pytest.mark.parametrize("who", REFUSED)
def test_add_document_refuses_a_unit_one_may_not_write(cast: Cast, who: str) -> None:
    assert_refused(
        lambda: services.add_document(
            actor=getattr(cast, who),
            unit=cast.bogota,
            title="Theirs",
            classification=Classification.INTERNAL,
            text=docs.AGREEMENT,
        ),
        "screening",
    )


@pytest.mark.parametrize("who", REFUSED)
def test_update_document_refuses_someone_who_may_not_edit(cast: Cast, who: str) -> None:
    document = pasted(cast, classification=Classification.RESTRICTED)
    assert_refused(
        lambda: services.update_document(
            actor=getattr(cast, who),
            document=document,
            title="Renamed",
            classification=Classification.INTERNAL,
            chosen_type="",
        ),
        "screening",
    )


def test_update_document_lets_an_editor_rename(cast: Cast) -> None:
    document = pasted(cast)
    services.update_document(
        actor=cast.officer,
        document=document,
        title="Renamed",
        classification=Classification.INTERNAL,
        chosen_type="",
    )
    assert ScreenedDocument.objects.get().title == "Renamed"


@pytest.mark.parametrize("who", REFUSED)
def test_rescreen_refuses_someone_who_may_not_edit(cast: Cast, who: str) -> None:
    document = pasted(cast)
    assert_refused(
        lambda: services.rescreen(actor=getattr(cast, who), document=document), "screening"
    )


@pytest.mark.parametrize("who", REFUSED)
def test_delete_document_refuses_someone_who_may_not_edit(cast: Cast, who: str) -> None:
    document = pasted(cast)
    assert_refused(
        lambda: services.delete_document(actor=getattr(cast, who), document=document),
        "screening",
    )
    assert ScreenedDocument.objects.filter(pk=document.pk).exists()


@pytest.mark.parametrize("unreadable", ["old", "new"])
def test_compare_documents_refuses_a_draft_one_may_not_read(cast: Cast, unreadable: str) -> None:
    restricted = pasted(cast, classification=Classification.RESTRICTED)
    internal = pasted(cast, title="Second draft")
    pair = {"old": internal, "new": internal, unreadable: restricted}
    # The reader reads Bogotá's internal documents but not its restricted ones.
    assert_refused(lambda: services.compare_documents(actor=cast.reader, **pair), "screening")
    services.compare_documents(actor=cast.officer, **pair)
