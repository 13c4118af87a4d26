"""Cutting a text into plain and highlighted pieces, for showing findings in place.

A pure function with no HTML in it: the template escapes every piece (the text comes from
uploaded documents and is never trusted), and wraps the highlighted ones in ``<mark>``.
Findings of several themes on overlapping words become one piece that names all of them,
so a reader never meets marks nested in marks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """A stretch ``[start, end)`` of the whole text and what it is marked as."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Segment:
    """A piece of the text; ``labels`` is empty for plain text."""

    text: str
    labels: tuple[str, ...] = ()

    @property
    def marked(self) -> bool:
        return bool(self.labels)


def highlight(
    text: str, spans: Iterable[Span], *, start: int = 0, end: int | None = None
) -> list[Segment]:
    """The part ``text[start:end]`` cut into segments, the spans in it marked.

    Offsets of ``spans`` are into the whole ``text``; spans reaching outside the window are
    cut at its edges and empty or reversed ones are left out. Spans that overlap (share at
    least one character) are joined into one marked segment listing each label once, in
    the order the spans start; spans that merely touch stay separate marks.
    """
    end = len(text) if end is None else min(end, len(text))
    start = max(0, min(start, end))
    clipped = sorted(
        (
            (max(s.start, start), min(s.end, end), s.label)
            for s in spans
            if min(s.end, end) > max(s.start, start)
        ),
        key=lambda s: (s[0], s[1]),
    )
    groups: list[tuple[int, int, list[str]]] = []
    for s_start, s_end, label in clipped:
        if groups and s_start < groups[-1][1]:
            g_start, g_end, labels = groups[-1]
            if label not in labels:
                labels.append(label)
            groups[-1] = (g_start, max(g_end, s_end), labels)
        else:
            groups.append((s_start, s_end, [label]))
    segments: list[Segment] = []
    cursor = start
    for g_start, g_end, labels in groups:
        if g_start > cursor:
            segments.append(Segment(text[cursor:g_start]))
        segments.append(Segment(text[g_start:g_end], tuple(labels)))
        cursor = g_end
    if cursor < end:
        segments.append(Segment(text[cursor:end]))
    return segments
