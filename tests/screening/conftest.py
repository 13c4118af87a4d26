"""Fixtures: the documents of ``docs.py`` written to files, as a user would have them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.screening import docs


@pytest.fixture(scope="session")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("screening-files")
    made = {
        "agreement.txt": docs.AGREEMENT.encode("utf-8"),
        "draft2.txt": docs.DRAFT_TWO.encode("utf-8"),
        "agreement.pdf": docs.make_pdf(
            [
                "Article 1. The Parties shall ensure the participation of women.",
                "Article 2. Rape is prohibited.",
            ]
        ),
        "agreement.docx": docs.make_docx(
            ["The Parties shall ensure women's participation.", "Widows shall receive pensions."],
            numbered=True,
        ),
        "points.html": docs.HTML.encode("utf-8"),
        "latin1.txt": "Les femmes participent à l'égalité.".encode("latin-1"),
        "truncated.pdf": docs.make_pdf(["Women shall participate."])[:120],
        "encrypted.pdf": docs.encrypted_pdf(),
        "script.pdf": docs.make_pdf(
            ["Women shall participate."],
            catalog_extra="/OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
        ),
        "scan.pdf": docs.make_pdf([], raw_pages=[b"q 100 0 0 100 0 0 cm Q"]),
        "bomb.docx": docs.zip_bomb_docx(),
        "macro.docx": docs.macro_docx(),
        "binary.txt": bytes(range(256)) * 4,
    }
    paths = {}
    for name, data in made.items():
        path = root / name
        path.write_bytes(data)
        paths[name] = path
    return paths
