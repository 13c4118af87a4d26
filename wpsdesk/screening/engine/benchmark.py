"""Measure passage screening against labelled data, beside the keyword baseline.

The baseline reproduces what PA-X users do today: a case-insensitive plain substring
search for the ten codebook terms, OR-ed. Both methods see only each passage's id and
text; labels are read separately to score them.

Throughput is UTF-8 megabytes of passage text per second on one core: texts in memory,
one warm-up run each, then timed runs that alternate between the methods (so both meet
the same load), the median of each. "MB/s" divides by the CPU time of the process (time
on one core, whatever else the machine is doing); "wall MB/s" by the elapsed time. On an
idle machine the two agree; on a busy one the wall figure also measures the queue.
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
    seconds: float  # median CPU seconds of one run
    megabytes: float
    wall_seconds: float = 0.0  # median elapsed seconds of one run

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

    @property
    def wall_mb_per_s(self) -> float:
        return self.megabytes / self.wall_seconds if self.wall_seconds else float("inf")


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


Method = Callable[[Sequence[str]], list[tuple[int, float]]]
METHODS: tuple[tuple[str, Method], ...] = (("wpsdesk", wpsdesk), ("baseline", baseline))


@dataclass
class Timing:
    cpu: float  # median CPU seconds of one run
    wall: float  # median elapsed seconds of one run


def timed(
    methods: Sequence[tuple[str, Method]], texts: Sequence[str], runs: int
) -> tuple[dict[str, list[tuple[int, float]]], dict[str, Timing]]:
    """Each method's predictions, and the median times of ``runs`` alternating runs."""
    predictions = {name: method(texts) for name, method in methods}  # also the warm-up
    cpu: dict[str, list[float]] = {name: [] for name, _ in methods}
    wall: dict[str, list[float]] = {name: [] for name, _ in methods}
    for _ in range(max(1, runs)):
        for name, method in methods:
            c0, w0 = time.process_time(), time.perf_counter()
            method(texts)
            wall[name].append(time.perf_counter() - w0)
            cpu[name].append(time.process_time() - c0)
    timings = {
        name: Timing(statistics.median(cpu[name]), statistics.median(wall[name]))
        for name, _ in methods
    }
    return predictions, timings


def megabytes(texts: Sequence[str]) -> float:
    return sum(len(t.encode("utf-8", "surrogatepass")) for t in texts) / 1e6


def score(name: str, predicted: list[int], gold: list[int], timing: Timing, mb: float) -> Scores:
    tp = sum(1 for p, g in zip(predicted, gold, strict=True) if p and g)
    fp = sum(1 for p, g in zip(predicted, gold, strict=True) if p and not g)
    fn = sum(1 for p, g in zip(predicted, gold, strict=True) if not p and g)
    n = len(gold) - tp - fp - fn
    return Scores(name, tp, fp, fn, n, timing.cpu, mb, timing.wall)


def run(
    path: Path, runs: int = 5
) -> tuple[list[Scores], dict[str, list[tuple[int, float]]], list[str]]:
    """Score wpsdesk and the baseline on one labelled CSV."""
    ids, texts, gold = read_passages(path)
    mb = megabytes(texts)
    predictions, timings = timed(METHODS, texts, runs)
    results = [
        score(name, [p for p, _ in predictions[name]], gold, timings[name], mb)
        for name, _ in METHODS
    ]
    return results, predictions, ids


@dataclass
class Throughput:
    """Speed alone, on text without labels (a repeated set, or made-up passages)."""

    what: str
    passages: int
    megabytes: float
    positive: dict[str, float]  # share of passages each method labels 1
    timings: dict[str, Timing]

    def mb_per_s(self, method: str) -> float:
        return self.megabytes / self.timings[method].cpu

    def wall_mb_per_s(self, method: str) -> float:
        return self.megabytes / self.timings[method].wall


def throughput(what: str, texts: Sequence[str], runs: int = 5) -> Throughput:
    """Time both methods on ``texts``."""
    predictions, timings = timed(METHODS, texts, runs)
    positive = {
        name: sum(p for p, _ in preds) / max(1, len(texts)) for name, preds in predictions.items()
    }
    return Throughput(what, len(texts), megabytes(texts), positive, timings)


def table(results: list[Scores], *, passages: int, megabytes: float, runs: int) -> str:
    lines = [
        f"{passages} passages, {megabytes:.3f} MB; throughput = median of {runs} alternating "
        "runs, one core",
        f"{'method':<10} {'P':>6} {'R':>6} {'F1':>6} {'FPR':>7} "
        f"{'TP':>5} {'FP':>4} {'FN':>4} {'TN':>5} {'MB/s':>8} {'wall MB/s':>10}",
    ]
    for s in results:
        lines.append(
            f"{s.method:<10} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.fpr:7.4f} "
            f"{s.tp:5d} {s.fp:4d} {s.fn:4d} {s.tn:5d} {s.mb_per_s:8.1f} {s.wall_mb_per_s:10.1f}"
        )
    return "\n".join(lines) + "\n"


def throughput_table(rows: list[Throughput], *, runs: int) -> str:
    lines = [
        f"Throughput only (median of {runs} alternating runs, one core)",
        f"{'text':<32} {'passages':>8} {'MB':>7} {'method':<9} {'labelled 1':>10} "
        f"{'MB/s':>8} {'wall MB/s':>10}",
    ]
    for row in rows:
        for method in row.timings:
            lines.append(
                f"{row.what:<32} {row.passages:8d} {row.megabytes:7.2f} {method:<9} "
                f"{row.positive[method]:10.1%} {row.mb_per_s(method):8.1f} "
                f"{row.wall_mb_per_s(method):10.1f}"
            )
    return "\n".join(lines) + "\n"
