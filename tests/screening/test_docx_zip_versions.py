"""A Word archive that claims a zip version we cannot unpack is reported as damaged."""

from __future__ import annotations

import pytest

from tests.screening.docs import make_docx
from wpsdesk.screening.engine import ScreeningError, screen_bytes


def test_a_newer_zip_version_in_the_directory_is_a_clean_error() -> None:
    data = bytearray(make_docx(["Women shall take part."]))
    directory = data.find(b"PK\x01\x02")
    assert directory > 0
    data[directory + 6 : directory + 8] = (64).to_bytes(2, "little")  # "version needed: 6.4"
    with pytest.raises(ScreeningError) as caught:
        screen_bytes(bytes(data), filename="draft.docx")
    assert "damaged" in str(caught.value)
