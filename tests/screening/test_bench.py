"""``wpsdesk bench screening`` on a small labelled file written here, and made-up text."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wpsdesk.screening.engine.benchmark import baseline, megabytes, throughput, wpsdesk
from wpsdesk.screening.engine.synthetic import synthetic_passages

ROWS = [
    ("a", "The Parties shall ensure the participation of women in the commission.", 1),
    ("b", "Survivors of rape shall receive reparations.", 1),
    ("c", "No one shall be discriminated against on grounds of sex or religion.", 1),
    ("d", "The ceasefire shall enter into force at midnight.", 0),
    ("e", "The commission shall publish its report within thirty days.", 0),
    ("f", "Girls shall return to school.", 1),
]


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    path = tmp_path / "gold.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "text", "label"])
        writer.writerows(ROWS)
    return path


def bench(*args: str) -> str:
    out = io.StringIO()
    call_command("bench", "screening", *args, stdout=out)
    return out.getvalue()


def test_the_table_scores_both_methods_and_gives_cpu_and_wall_speed(dataset: Path) -> None:
    out = bench("--dataset", str(dataset), "--runs", "2")
    assert "6 passages" in out
    assert "MB/s  wall MB/s" in out
    wps = next(line for line in out.splitlines() if line.startswith("wpsdesk"))
    base = next(line for line in out.splitlines() if line.startswith("baseline"))
    # wpsdesk finds "sex" and "rape"; the codebook's ten terms do not.
    assert wps.split()[1:5] == ["1.000", "1.000", "1.000", "0.0000"]
    assert base.split()[2] == "0.500"


def test_json_with_repeated_and_made_up_text(dataset: Path, tmp_path: Path) -> None:
    predictions = tmp_path / "pred.csv"
    out = bench(
        "--dataset", str(dataset), "--runs", "1", "--repeat", "3", "--synthetic", "0.02",
        "--json", "--predictions", str(predictions),
    )  # fmt: skip
    data = json.loads(out)
    assert [r["method"] for r in data["results"]] == ["wpsdesk", "baseline"]
    assert all(r["mb_per_s"] > 0 and r["wall_mb_per_s"] > 0 for r in data["results"])
    repeated, made_up = data["throughput"]
    assert repeated["passages"] == 18
    assert repeated["methods"]["wpsdesk"]["labelled_1"] == pytest.approx(4 / 6)
    assert made_up["megabytes"] >= 0.02
    assert set(made_up["methods"]) == {"wpsdesk", "baseline"}
    rows = list(csv.DictReader(predictions.open(encoding="utf-8")))
    assert [(r["id"], r["label"]) for r in rows] == [(i, str(label)) for i, _t, label in ROWS]


def test_a_missing_dataset_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot read the dataset"):
        bench("--dataset", str(tmp_path / "nowhere.csv"))


def test_made_up_text_is_the_same_every_time_and_about_the_size_asked() -> None:
    first = synthetic_passages(0.05)
    assert first == synthetic_passages(0.05)
    assert first != synthetic_passages(0.05, seed=7)
    assert 0.05 <= megabytes(first) < 0.052
    share = sum(label for label, _ in wpsdesk(first)) / len(first)
    assert 0.05 < share < 0.2
    assert sum(label for label, _ in baseline(first)) <= sum(label for label, _ in wpsdesk(first))


def test_throughput_counts_what_each_method_labels() -> None:
    row = throughput("made up", synthetic_passages(0.01), runs=1)
    assert row.passages > 10
    assert set(row.timings) == {"wpsdesk", "baseline"}
    assert row.mb_per_s("wpsdesk") > 0
    assert 0 < row.positive["wpsdesk"] < 1


def test_the_default_dataset_is_found_in_shared_beside_or_above_the_checkout(
    tmp_path: Path,
) -> None:
    from wpsdesk.screening.management.commands.bench import DATASET_IN_SHARED, default_dataset

    checkout = tmp_path / "wt" / "someone"  # a worktree, a level below the main checkout
    checkout.mkdir(parents=True)
    assert default_dataset(checkout) == tmp_path / "wt" / DATASET_IN_SHARED  # none yet
    dev = tmp_path / DATASET_IN_SHARED
    dev.parent.mkdir(parents=True)
    dev.write_text("id,text,label\n", encoding="utf-8")
    assert default_dataset(checkout) == dev
    assert default_dataset(tmp_path / "main") == dev  # the main checkout, beside shared/
