"""Read the text layer of a PDF, in this process or as a child process.

PDF parsers can loop or balloon on a crafted file, so by default the parent runs this
module as a separate Python process (``python -I pdfworker.py``) with a memory cap and a
timeout: a hang or a crash then ends the child, not the screening service. The module
imports only the standard library, pypdf, pikepdf and :mod:`wpsdesk.core.file_safety`
(which needs no Django settings) so that it runs as a plain script.

Active content is looked for twice: in the raw bytes (names spelled plainly or with
``#xx``) and, as the check that counts, by walking every object pikepdf (qpdf) reads,
including objects packed in compressed object streams, which no scan of raw bytes sees.

Protocol: PDF bytes on stdin; one JSON object on stdout, either
``{"ok": true, "pages": [...], "blank_pages": [...]}`` or
``{"ok": false, "kind": "...", "detail": "..."}``. Kinds: ``encrypted``, ``javascript``,
``corrupt``, ``too_many_pages``, ``time``, ``memory``.
"""

from __future__ import annotations

import io
import json
import logging
import re
import sys
import time
from typing import Any

# Names whose presence means the PDF carries actions we refuse to accept.
_ACTIVE_NAMES = re.compile(rb"/(?:JavaScript|JS|Launch)(?=[\s/<>\[\]()%]|$)")
_ESCAPED_NAME = re.compile(rb"/[^\s/<>\[\]()%{}]*#[0-9A-Fa-f]{2}[^\s/<>\[\]()%{}]*")


class PdfProblem(Exception):
    """The PDF cannot be read; ``kind`` says why (see the module docstring)."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


def _has_active_names(data: bytes) -> bool:
    """Scan the raw bytes for JavaScript or launch actions, spelled plainly or with #xx."""
    if _ACTIVE_NAMES.search(data):
        return True
    for raw in _ESCAPED_NAME.findall(data):
        name = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
        if _ACTIVE_NAMES.fullmatch(name):
            return True
    return False


def _action_is_active(action: Any) -> bool:
    try:
        action = action.get_object()
        return str(action.get("/S", "")) in ("/JavaScript", "/Launch") or "/JS" in action
    except Exception:  # a malformed action is not an active one
        return False


def _has_active_structure(reader: Any) -> bool:
    """Look where viewers run scripts: names tree, open action, additional actions, links."""
    root = reader.trailer["/Root"].get_object()
    names = root.get("/Names")
    if names is not None and "/JavaScript" in names.get_object():
        return True
    if "/AA" in root:
        return True
    open_action = root.get("/OpenAction")
    if (
        open_action is not None
        and not isinstance(open_action.get_object(), list)
        and _action_is_active(open_action)
    ):
        return True
    for page in reader.pages:
        if "/AA" in page:
            return True
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if "/A" in annot and _action_is_active(annot["/A"]):
                return True
    return False


def _has_active_objects(data: bytes) -> bool:
    """Walk every object of the file, object streams included, for active names."""
    import pikepdf

    from wpsdesk.core.file_safety import pdf_active_content

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            found = pdf_active_content(pdf)
    except pikepdf.PasswordError as exc:
        raise PdfProblem("encrypted", str(exc)) from exc
    except MemoryError:
        raise
    except Exception as exc:  # qpdf could not read it
        raise PdfProblem("corrupt", f"{type(exc).__name__}: {exc}"[:300]) from exc
    if found == "/TooManyObjects":
        raise PdfProblem("corrupt", "too many objects to check")
    return found is not None


def read_pdf(data: bytes, *, max_pages: int, seconds: float) -> dict[str, Any]:
    """Return the text of each page, or raise :class:`PdfProblem`."""
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    expires = time.monotonic() + seconds
    # pypdf reports recoverable damage through logging; the caller reports outcomes.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    if _has_active_names(data):
        raise PdfProblem("javascript", "raw")
    if _has_active_objects(data):
        raise PdfProblem("javascript", "objects")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # An empty user password is common ("print-protected"): such files open.
            try:
                if not reader.decrypt(""):
                    raise PdfProblem("encrypted")
            except (FileNotDecryptedError, NotImplementedError) as exc:
                raise PdfProblem("encrypted", str(exc)) from exc
        count = len(reader.pages)
        if count > max_pages:
            raise PdfProblem("too_many_pages", str(count))
        if _has_active_structure(reader):
            raise PdfProblem("javascript", "structure")
        pages: list[str] = []
        for page in reader.pages:
            if time.monotonic() > expires:
                raise PdfProblem("time")
            pages.append(page.extract_text() or "")
    except PdfProblem:
        raise
    except MemoryError as exc:
        raise PdfProblem("memory") from exc
    except FileNotDecryptedError as exc:
        raise PdfProblem("encrypted", str(exc)) from exc
    except Exception as exc:  # any parser failure is damage
        raise PdfProblem("corrupt", f"{type(exc).__name__}: {exc}"[:300]) from exc
    blank = [i + 1 for i, text in enumerate(pages) if not text.strip()]
    return {"ok": True, "pages": pages, "blank_pages": blank}


def _main() -> None:
    """Child-process entry: limits, then read stdin, answer on stdout."""
    max_pages = int(sys.argv[1])
    seconds = float(sys.argv[2])
    memory = int(sys.argv[3])
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not on every platform
        pass
    data = sys.stdin.buffer.read()
    try:
        answer = read_pdf(data, max_pages=max_pages, seconds=seconds)
    except PdfProblem as problem:
        answer = {"ok": False, "kind": problem.kind, "detail": problem.detail}
    except MemoryError:
        answer = {"ok": False, "kind": "memory", "detail": ""}
    sys.stdout.write(json.dumps(answer))


if __name__ == "__main__":
    _main()
