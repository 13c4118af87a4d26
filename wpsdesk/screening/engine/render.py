"""Screening and comparison results as plain text, JSON or a standalone HTML page."""

from __future__ import annotations

import html
import json

from wpsdesk.screening.engine.compare import Comparison
from wpsdesk.screening.engine.screen import Screening
from wpsdesk.screening.engine.taxonomy import Taxonomy, load_taxonomy

FORMATS = ("text", "json", "html")


def _label(taxonomy: Taxonomy, theme_id: str, lang: str = "en") -> str:
    try:
        return taxonomy.theme(theme_id).label.get(lang, theme_id)
    except KeyError:
        return theme_id


def screening_text(result: Screening, lang: str = "en") -> str:
    """A report to read in a terminal."""
    tx = load_taxonomy(result.taxonomy_version)
    s = result.summary
    doc = result.document
    out = [
        f"WPS screening: {doc.filename or '(text)'} — {doc.format}, {doc.pages} page(s), "
        f"{len(result.provisions)} provisions",
        f"Document type: {s.doc_type_label.get(lang, s.doc_type)}  "
        f"(taxonomy v{result.taxonomy_version})",
    ]
    out += [f"Note: {w}" for w in doc.warnings]
    out.append(
        f"\n{s.total_findings} finding(s), {s.substantive_findings} substantive, "
        f"in {s.wps_provisions} provision(s)."
    )
    out.append("\nThemes present:")
    for t in s.themes:
        out.append(f"  {t.label.get(lang, t.theme)}: {t.findings} ({t.substantive} substantive)")
    if not s.themes:
        out.append("  none")
    out.append("Themes absent: " + (", ".join(_label(tx, t, lang) for t in s.absent) or "none"))
    if s.strongest:
        out.append("\nStrongest provisions:")
        for sp in s.strongest:
            themes = ", ".join(_label(tx, t, lang) for t in sp.themes)
            out.append(f"  {sp.provision} (p. {sp.page}): {themes}")
            out.append(f"    {sp.excerpt[:200]}")
    if s.gaps:
        out.append(f"\nGap list ({s.doc_type_label.get(lang, s.doc_type)}):")
        for g in s.gaps:
            mark = "ok " if g.met else ("GAP" if g.severity == "required" else "gap")
            cite = ", ".join((*g.guidelines, *g.resolutions))
            out.append(f"  [{mark}] {g.label.get(lang, g.requirement)} — {g.detail} ({cite})")
    for flag in s.red_flags:
        if flag is s.red_flags[0]:
            out.append("\nRed flags:")
        cite = ", ".join((*flag.guidelines, *flag.resolutions))
        out.append(f"  [RED FLAG] {flag.label.get(lang, flag.flag)} — {flag.provision} ({cite})")
        out.append(f"    {flag.excerpt[:200]}")
    out.append("\nFindings:")
    for f in result.findings:
        out.append(
            f"  p.{f.page} {f.provision or '-'} [{f.start}:{f.end}] {_label(tx, f.theme, lang)}: "
            f"“{f.text}” — {f.weight} ({f.reason})"
        )
    if not result.findings:
        out.append("  none: the text says nothing about women, girls or gender.")
    return "\n".join(out) + "\n"


def screening_json(result: Screening) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"


_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;line-height:1.5}"
    "mark{background:#fde68a}mark.passing{background:#e5e7eb}table{border-collapse:collapse}"
    "td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}del{background:#fecaca}"
    "ins{background:#bbf7d0}.gap{color:#b91c1c}.flag{color:#b91c1c;font-weight:600}"
    # Colour is not the only cue: struck through or underlined, and a visible sign.
    "del{text-decoration:line-through}ins{text-decoration:underline}"
    'del::before{content:"−"}ins::before{content:"+"}'
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}"
)


def _page(title: str, body: str) -> str:
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}'
        f"</title><style>{_STYLE}</style></head><body>\n{body}\n</body></html>\n"
    )


def screening_html(result: Screening, lang: str = "en") -> str:
    """A self-contained page: summary, gap list and the text with findings highlighted."""
    tx = load_taxonomy(result.taxonomy_version)
    s = result.summary
    e = html.escape
    parts = [f"<h1>WPS screening: {e(result.document.filename or 'text')}</h1>"]
    parts.append(
        f"<p>{s.total_findings} findings, {s.substantive_findings} substantive, in "
        f"{s.wps_provisions} provisions. "
        f"Document type: {e(s.doc_type_label.get(lang, s.doc_type))}.</p>"
    )
    rows = "".join(
        f"<tr><td>{e(t.label.get(lang, t.theme))}</td><td>{t.findings}</td>"
        f"<td>{t.substantive}</td></tr>"
        for t in s.themes
    )
    parts.append(
        "<h2>Themes</h2><table><thead><tr><th>Theme</th><th>Findings</th><th>Substantive</th>"
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )
    parts.append(
        "<p>Absent: " + e(", ".join(_label(tx, t, lang) for t in s.absent) or "none") + "</p>"
    )
    if s.gaps:
        items = "".join(
            f'<li class="{"" if g.met else "gap"}">{"Met" if g.met else "Missing"}: '
            f"{e(g.label.get(lang, g.requirement))} — {e(g.detail)}</li>"
            for g in s.gaps
        )
        parts.append(f"<h2>Gap list</h2><ul>{items}</ul>")
    if s.red_flags:
        items = "".join(
            f'<li><span class="flag">Red flag:</span> {e(f.label.get(lang, f.flag))} — '
            f"{e(f.provision)}: “{e(f.excerpt)}” ({e(', '.join(f.guidelines))})</li>"
            for f in s.red_flags
        )
        parts.append(f"<h2>Red flags</h2><ul>{items}</ul>")
    text = result.document.text
    spans = sorted({(f.start, f.end, f.weight, f.theme) for f in result.findings})
    marked, pos = [], 0
    for start, end, weight, theme in spans:
        if start < pos:
            continue
        marked.append(e(text[pos:start]))
        title = e(_label(tx, theme, lang))
        marked.append(f'<mark class="{weight}" title="{title}">{e(text[start:end])}</mark>')
        pos = end
    marked.append(e(text[pos:]))
    parts.append('<h2>Text</h2><div style="white-space:pre-wrap">' + "".join(marked) + "</div>")
    return _page("WPS screening", "\n".join(parts))


def comparison_text(comparison: Comparison) -> str:
    out = [
        f"WPS changes: {len(comparison.added)} added, {len(comparison.removed)} removed, "
        f"{len(comparison.changed)} changed."
    ]
    for c in comparison.changes:
        where = c.new_id or c.old_id
        out.append(
            f"\n[{c.status.upper()}] {where}"
            + (f" (was {c.old_id})" if c.status == "changed" and c.old_id != c.new_id else "")
        )
        if c.themes_added or c.terms_added:
            out.append(f"  + {_themes_terms(c.themes_added, c.terms_added)}")
        if c.themes_removed or c.terms_removed:
            out.append(f"  - {_themes_terms(c.themes_removed, c.terms_removed)}")
        if c.status == "changed":
            diff = "".join(
                w.old
                if w.op == "equal"
                else (f"[-{w.old}-]" if w.old else "") + (f"{{+{w.new}+}}" if w.new else "")
                for w in c.words
            )
            out.append(f"  {diff}")
        else:
            out.append(f"  {c.new_text or c.old_text}")
    if not comparison.changes:
        out.append("No WPS provision was added, removed or changed.")
    return "\n".join(out) + "\n"


def comparison_json(comparison: Comparison) -> str:
    return json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2) + "\n"


def comparison_html(comparison: Comparison) -> str:
    e = html.escape
    parts = [
        f"<h1>WPS changes</h1><p>{len(comparison.added)} added, {len(comparison.removed)} removed, "
        f"{len(comparison.changed)} changed.</p>"
    ]
    for c in comparison.changes:
        parts.append(f"<h2>{e(c.status.capitalize())}: {e(c.new_id or c.old_id or '')}</h2>")
        if c.status == "changed":
            body = "".join(
                e(w.old)
                if w.op == "equal"
                else (f'<del><span class="sr">removed </span>{e(w.old)}</del>' if w.old else "")
                + (" " if w.old and w.new else "")
                + (f'<ins><span class="sr">added </span>{e(w.new)}</ins>' if w.new else "")
                for w in c.words
            )
        else:
            body = e(c.new_text or c.old_text)
        parts.append(f"<p>{body}</p>")
    return _page("WPS changes", "\n".join(parts))


def _themes_terms(themes: list[str], terms: list[str]) -> str:
    return f"themes: {', '.join(themes) or '-'}; terms: {', '.join(terms) or '-'}"
