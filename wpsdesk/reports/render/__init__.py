"""Renderers of the annual report: HTML, Word and PDF from one content dict (no database).

The content follows the contract in docs/reports-rendering.md; every renderer is a pure
function of it.
"""

from __future__ import annotations

from .html import render_html, render_html_fragment, stylesheet
from .pdf import render_pdf
from .word import render_docx

__all__ = ["render_docx", "render_html", "render_html_fragment", "render_pdf", "stylesheet"]
