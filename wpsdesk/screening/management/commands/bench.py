"""``wpsdesk bench screening [--dataset PATH]``: screening quality and speed beside the baseline."""

from __future__ import annotations

import csv
import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wpsdesk.screening.engine import benchmark
from wpsdesk.screening.engine.synthetic import synthetic_passages

DATASET_IN_SHARED = Path("shared") / "datasets" / "pax-wps-passages" / "wps_passages_dev.csv"


def default_dataset(start: Path | None = None) -> Path:
    """The PA-X development set in the nearest ``shared/`` beside the checkout or above it.

    The main checkout sits beside ``shared/`` (``/work/main``, ``/work/shared``); a git
    worktree sits a level deeper (``/work/wt/NAME``), so the folders above the checkout
    are searched in turn. Without one, the path beside the checkout (the message then
    names it).
    """
    root = start or Path(__file__).resolve().parents[4]
    for folder in root.parents:
        candidate = folder / DATASET_IN_SHARED
        if candidate.is_file():
            return candidate
    return root.parent / DATASET_IN_SHARED


class Command(BaseCommand):
    help = (
        "Benchmark a subsystem. 'screening' scores passage screening (precision, recall, F1, "
        "false-positive rate, MB/s on one core) for wpsdesk and for the PA-X keyword baseline, "
        "and can time both on more text (--repeat, --synthetic)."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("suite", choices=["screening", "scale"])
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="scale: the organisation's size in times Norway (1 = 20,000 engagements).",
        )
        parser.add_argument(
            "--database",
            default="",
            help="scale: database URL to fill and time (default: a fresh SQLite file in var/).",
        )
        parser.add_argument(
            "--dataset",
            type=Path,
            default=None,
            help="A CSV with id, text and label columns (default: the PA-X development set "
            "in the nearest shared/datasets/ beside or above the checkout).",
        )
        parser.add_argument("--runs", type=int, default=5, help="Timed runs per method.")
        parser.add_argument(
            "--only",
            action="append",
            default=[],
            metavar="PAGE",
            help="scale: time only this page (its name in the table; may be repeated), "
            'e.g. --only "annual report".',
        )
        parser.add_argument(
            "--repeat",
            type=int,
            default=0,
            metavar="N",
            help="Also time the dataset's passages repeated N times (more text, same kind).",
        )
        parser.add_argument(
            "--synthetic",
            type=float,
            default=0.0,
            metavar="MB",
            help="Also time this many MB of made-up plain-text passages (one in ten on WPS).",
        )
        parser.add_argument(
            "--predictions",
            type=Path,
            default=None,
            help="Also write wpsdesk's predictions (id,label,score) here, for score.py.",
        )
        parser.add_argument(
            "--json",
            nargs="?",
            const="-",
            default=None,
            metavar="OUT",
            help="Print the figures as JSON (scale: write them to OUT).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["suite"] == "scale":
            from wpsdesk.core import bench_command

            bench_command.scale(self, options)
            return
        path: Path = (options["dataset"] or default_dataset()).resolve()
        runs = max(1, options["runs"])
        try:
            results, predictions, ids = benchmark.run(path, runs=runs)
            _ids, texts, _gold = benchmark.read_passages(path)
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"Cannot read the dataset {path}: {exc}") from exc
        extra = []
        if options["repeat"] > 1:
            extra.append(
                benchmark.throughput(
                    f"dataset x {options['repeat']}", texts * options["repeat"], runs
                )
            )
        if options["synthetic"] > 0:
            made_up = synthetic_passages(options["synthetic"])
            extra.append(benchmark.throughput("made-up plain text", made_up, runs))
        if options["predictions"]:
            with options["predictions"].open("w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(["id", "label", "score"])
                for pid, (label, score) in zip(ids, predictions["wpsdesk"], strict=True):
                    writer.writerow([pid, label, f"{score:g}"])
        mb = results[0].megabytes
        if options["json"]:
            data = {
                "dataset": str(path),
                "runs": runs,
                "results": [
                    {
                        "method": s.method,
                        "precision": s.precision,
                        "recall": s.recall,
                        "f1": s.f1,
                        "fpr": s.fpr,
                        "tp": s.tp,
                        "fp": s.fp,
                        "fn": s.fn,
                        "tn": s.tn,
                        "mb_per_s": s.mb_per_s,
                        "wall_mb_per_s": s.wall_mb_per_s,
                    }
                    for s in results
                ],
                "throughput": [
                    {
                        "text": row.what,
                        "passages": row.passages,
                        "megabytes": row.megabytes,
                        "methods": {
                            m: {
                                "labelled_1": row.positive[m],
                                "mb_per_s": row.mb_per_s(m),
                                "wall_mb_per_s": row.wall_mb_per_s(m),
                            }
                            for m in row.timings
                        },
                    }
                    for row in extra
                ],
            }
            self.stdout.write(json.dumps(data, indent=2))
            return
        self.stdout.write(f"Dataset: {path}")
        self.stdout.write(
            benchmark.table(results, passages=len(ids), megabytes=mb, runs=runs), ending=""
        )
        if extra:
            self.stdout.write(benchmark.throughput_table(extra, runs=runs), ending="")
