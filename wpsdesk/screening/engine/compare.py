"""Compare two drafts: which WPS provisions were added, removed or changed.

Provisions are aligned first by id ("Article 12 › 3" in both drafts), then, for the
rest, by wording (drafts get renumbered). Only provisions with WPS findings in either
draft are reported; a changed provision shows its word-level differences and the WPS
terms and themes it gained or lost.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from wpsdesk.screening.engine.limits import Deadline
from wpsdesk.screening.engine.screen import Finding, Screening
from wpsdesk.screening.engine.segment import Provision

_TOKEN = re.compile(r"\w+|[^\w\s]+|\s+")


@dataclass
class WordChange:
    """One step of a word-level diff: equal, insert, delete or replace."""

    op: str
    old: str
    new: str


@dataclass
class ProvisionChange:
    """A WPS provision as it stands in the old and the new draft."""

    status: str  # added, removed, changed
    old_id: str | None
    new_id: str | None
    old_text: str
    new_text: str
    themes_added: list[str] = field(default_factory=list)
    themes_removed: list[str] = field(default_factory=list)
    terms_added: list[str] = field(default_factory=list)
    terms_removed: list[str] = field(default_factory=list)
    words: list[WordChange] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = dict(vars(self))
        data["words"] = [vars(w) for w in self.words]
        return data


@dataclass
class Comparison:
    changes: list[ProvisionChange]

    @property
    def added(self) -> list[ProvisionChange]:
        return [c for c in self.changes if c.status == "added"]

    @property
    def removed(self) -> list[ProvisionChange]:
        return [c for c in self.changes if c.status == "removed"]

    @property
    def changed(self) -> list[ProvisionChange]:
        return [c for c in self.changes if c.status == "changed"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "changed": len(self.changed),
            "changes": [c.to_dict() for c in self.changes],
        }


def word_diff(old: str, new: str) -> list[WordChange]:
    """Word-level differences, whitespace kept so the text can be rebuilt."""
    a = _TOKEN.findall(old)
    b = _TOKEN.findall(new)
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return [WordChange(tag, "".join(a[i1:i2]), "".join(b[j1:j2])) for tag, i1, i2, j1, j2 in ops]


def _norm_id(pid: str) -> str:
    return re.sub(r"\s+", " ", pid.lower().replace("art.", "article")).strip()


def _norm_text(text: str) -> str:
    return " ".join(text.split()).lower()


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def compare(old: Screening, new: Screening, *, deadline: Deadline | None = None) -> Comparison:
    """The WPS provisions added, removed and changed from ``old`` to ``new``."""
    deadline = deadline or Deadline(60.0)
    old_text = {p.id: old.provision_text(p) for p in old.provisions}
    new_text = {p.id: new.provision_text(p) for p in new.provisions}
    pairs: list[tuple[Provision | None, Provision | None]] = []
    new_by_id: dict[str, Provision] = {}
    for p in new.provisions:
        new_by_id.setdefault(_norm_id(p.id), p)
    used_new: set[int] = set()
    unpaired_old: list[Provision] = []
    for p in old.provisions:
        q = new_by_id.get(_norm_id(p.id))
        # Unnumbered paragraphs ("¶7") shift between drafts: align those by wording.
        if q is not None and id(q) not in used_new and "¶" not in p.id:
            pairs.append((p, q))
            used_new.add(id(q))
        else:
            unpaired_old.append(p)
    unpaired_new = [q for q in new.provisions if id(q) not in used_new]
    # Align the rest by wording; only pairs that involve WPS content matter.
    wps_old = {p.id for p in old.provisions if p.id in old.by_provision}
    wps_new = {q.id for q in new.provisions if q.id in new.by_provision}
    candidates = []
    new_words = [(q, _words(new_text[q.id])) for q in unpaired_new]
    for p in unpaired_old:
        deadline.check()
        pw = _words(old_text[p.id])
        for q, qw in new_words:
            if p.id not in wps_old and q.id not in wps_new:
                continue
            union = len(pw | qw) or 1
            jaccard = len(pw & qw) / union
            if jaccard >= 0.4:
                candidates.append((jaccard, p, q))
    candidates.sort(key=lambda c: -c[0])
    taken_old: set[int] = set()
    for _score, p, q in candidates:
        if id(p) in taken_old or id(q) in used_new:
            continue
        ratio = difflib.SequenceMatcher(
            None, _norm_text(old_text[p.id]), _norm_text(new_text[q.id])
        ).ratio()
        if ratio >= 0.5:
            pairs.append((p, q))
            taken_old.add(id(p))
            used_new.add(id(q))
    pairs += [(p, None) for p in unpaired_old if id(p) not in taken_old]
    pairs += [(None, q) for q in unpaired_new if id(q) not in used_new]

    changes = []
    for old_p, new_p in pairs:
        deadline.check()
        of = old.by_provision.get(old_p.id, []) if old_p else []
        nf = new.by_provision.get(new_p.id, []) if new_p else []
        if not of and not nf:
            continue
        change = _change(
            old_p,
            new_p,
            old_text.get(old_p.id, "") if old_p else "",
            new_text.get(new_p.id, "") if new_p else "",
            of,
            nf,
        )
        if change is not None:
            changes.append(change)
    order = {p.id: i for i, p in enumerate(new.provisions)}
    old_order = {p.id: i for i, p in enumerate(old.provisions)}
    changes.sort(
        key=lambda c: order[c.new_id] if c.new_id in order else old_order.get(c.old_id or "", 0)
    )
    return Comparison(changes)


def _change(
    p: Provision | None,
    q: Provision | None,
    old_text: str,
    new_text: str,
    of: list[Finding],
    nf: list[Finding],
) -> ProvisionChange | None:
    old_themes = {f.theme for f in of}
    new_themes = {f.theme for f in nf}
    old_terms = {f.text.lower() for f in of}
    new_terms = {f.text.lower() for f in nf}
    if p is None:
        status = "added"
    elif q is None:
        status = "removed"
    elif _norm_text(old_text) == _norm_text(new_text):
        return None
    else:
        status = "changed"
    return ProvisionChange(
        status=status,
        old_id=p.id if p else None,
        new_id=q.id if q else None,
        old_text=" ".join(old_text.split()),
        new_text=" ".join(new_text.split()),
        themes_added=sorted(new_themes - old_themes),
        themes_removed=sorted(old_themes - new_themes),
        terms_added=sorted(new_terms - old_terms),
        terms_removed=sorted(old_terms - new_terms),
        words=word_diff(" ".join(old_text.split()), " ".join(new_text.split()))
        if status == "changed"
        else [],
    )
