"""Measure passage screening against labelled data, beside the keyword baseline.

The baseline reproduces what PA-X users do today: a case-insensitive plain substring
search for the ten codebook terms, OR-ed. Both methods see only each passage's id and
text; labels are read separately to score them. Throughput is UTF-8 megabytes of
passage text per second on one core (texts in memory, the median of several runs after
one warm-up run).
"""

from __future__ import annotations

import csv
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from wpsdesk.screening.engine.passages import classify_passages

CODEBOOK_TERMS = (
    "women", "woman", "girl", "widow", "mother", "sexual violence", "gender", "1325", "CEDAW",
    "lactating",
)  # fmt: skip


@dataclass
class Scores:
    method: str
    tp: int
    fp: int
    fn: int
    tn: int
    seconds: float
    megabytes: float

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else float("nan")

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else float("nan")

    @property
    def f1(self) -> float:
        d = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / d if d else float("nan")

    @property
    def fpr(self) -> float:
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else float("nan")

    @property
    def mb_per_s(self) -> float:
        return self.megabytes / self.seconds if self.seconds else float("inf")


def read_passages(path: Path) -> tuple[list[str], list[str], list[int]]:
    """Ids and texts (what a method sees) and gold labels (for scoring only)."""
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if not rows or not {"id", "text", "label"} <= set(rows[0]):
        raise ValueError(f"{path} needs the columns id, text and label")
    return [r["id"] for r in rows], [r["text"] for r in rows], [int(r["label"]) for r in rows]


def baseline(texts: Sequence[str]) -> list[tuple[int, float]]:
    """The PA-X corpus-search rule: any codebook term as a case-insensitive substring."""
    alternation = "|".join(re.escape(t) for t in sorted(CODEBOOK_TERMS, key=len, reverse=True))
    pattern = re.compile(alternation, re.IGNORECASE)
    out = []
    for text in texts:
        n = len(pattern.findall(text))
        out.append((1 if n else 0, float(n)))
    return out


def wpsdesk(texts: Sequence[str]) -> list[tuple[int, float]]:
    """wpsdesk's passage classifier (the batch mode of ``wpsdesk screen --passages``)."""
    return [(r.label, r.score) for r in classify_passages(texts)]


def timed(
    method: Callable[[Sequence[str]], list[tuple[int, float]]], texts: Sequence[str], runs: int
) -> tuple[list[tuple[int, float]], float]:
    """Predictions and the median seconds of ``runs`` timed runs after one warm-up."""
    predictions = method(texts)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        method(texts)
        times.append(time.perf_counter() - t0)
    return predictions, statistics.median(times)


def score(name: str, predicted: list[int], gold: list[int], seconds: float, mb: float) -> Scores:
    tp = sum(1 for p, g in zip(predicted, gold, strict=True) if p and g)
    fp = sum(1 for p, g in zip(predicted, gold, strict=True) if p and not g)
    fn = sum(1 for p, g in zip(predicted, gold, strict=True) if not p and g)
    return Scores(name, tp, fp, fn, len(gold) - tp - fp - fn, seconds, mb)


def run(
    path: Path, runs: int = 5
) -> tuple[list[Scores], dict[str, list[tuple[int, float]]], list[str]]:
    """Score wpsdesk and the baseline on one labelled CSV."""
    ids, texts, gold = read_passages(path)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    results = []
    predictions = {}
    for name, method in (("wpsdesk", wpsdesk), ("baseline", baseline)):
        preds, seconds = timed(method, texts, runs)
        predictions[name] = preds
        results.append(score(name, [p for p, _ in preds], gold, seconds, mb))
    return results, predictions, ids


def table(results: list[Scores], *, passages: int, megabytes: float, runs: int) -> str:
    lines = [
        f"{passages} passages, {megabytes:.3f} MB; throughput = median of {runs} runs, one core",
        f"{'method':<10} {'P':>6} {'R':>6} {'F1':>6} {'FPR':>7} "
        f"{'TP':>5} {'FP':>4} {'FN':>4} {'TN':>5} {'MB/s':>8}",
    ]
    for s in results:
        lines.append(
            f"{s.method:<10} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.fpr:7.4f} "
            f"{s.tp:5d} {s.fp:4d} {s.fn:4d} {s.tn:5d} {s.mb_per_s:8.1f}"
        )
    return "\n".join(lines) + "\n"
