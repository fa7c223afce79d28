"""Per-sentence snapshots of the tagger on every written set in tests/data, and a floor
per set.

Each ``tests/data/snapshots/<set>.tsv`` holds one line per sentence: article, ordinal,
kind, speaker, rule and the sentence's first words. A change in any sentence fails
with a readable diff of exactly the sentences that moved, so a rule change shows what
it did; when the change is intended, regenerate with

    FACTCHECK_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest -p no:xdist tests/test_snapshots.py

and commit the new files with the figures in the message. The floors (kind and
speaker accuracy per gold set, scored as in tests/test_gold.py) fail a change that
lowers a set's score even when its snapshot was regenerated.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from pathlib import Path

import pytest
from test_gold import Score, score_file

from factcheck.text.extract import extract_file

DATA = Path(__file__).parent / "data"
SNAPSHOTS = DATA / "snapshots"
SETS = ["gold", "heldout", "round2", "final", "wikinews"]

# (kind, speaker) floors per set: what the tagger scores now, rounded down to 0.001.
FLOORS = {
    "gold": (1.000, 0.996),
    "heldout": (0.961, 0.929),
    "round2": (0.977, 0.945),
    "final": (0.958, 0.975),
}


def _articles(name: str) -> list[Path]:
    folder = DATA / name
    golds = sorted(folder.glob("*.gold.json"))
    if golds:
        return [folder / _article_of(path) for path in golds]
    return sorted(folder.glob("*.txt"))


def _article_of(gold: Path) -> str:
    return str(json.loads(gold.read_text(encoding="utf-8"))["file"])


def snapshot(name: str) -> str:
    """The snapshot text of one set, as committed."""
    lines = ["article\tordinal\tkind\tspeaker\trule\ttext"]
    for path in _articles(name):
        for claim in extract_file(path).claims:
            attribution = claim.attribution
            words = re.sub(r"\s+", " ", claim.text)[:60]
            lines.append(
                "\t".join(
                    [
                        path.name,
                        str(claim.ordinal),
                        attribution.kind.value,
                        attribution.speaker or "-",
                        attribution.rule,
                        words,
                    ]
                )
            )
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", SETS)
def test_snapshot_matches(name: str) -> None:
    current = snapshot(name)
    path = SNAPSHOTS / f"{name}.tsv"
    if os.environ.get("FACTCHECK_UPDATE_SNAPSHOTS") == "1":
        path.write_text(current, encoding="utf-8")
    committed = path.read_text(encoding="utf-8")
    if current != committed:
        diff = difflib.unified_diff(
            committed.splitlines(), current.splitlines(), "committed", "now", n=0, lineterm=""
        )
        pytest.fail(f"{name}: sentences moved\n" + "\n".join(diff), pytrace=False)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_set_keeps_its_floor(name: str) -> None:
    total = Score()
    for path in sorted((DATA / name).glob("*.gold.json")):
        total.add(score_file(path))
    kind_floor, speaker_floor = FLOORS[name]
    summary = f"{name}: kind {total.kind_accuracy:.3f} speaker {total.speaker_accuracy:.3f}"
    assert total.kind_accuracy >= kind_floor, summary
    assert total.speaker_accuracy >= speaker_floor, summary


def test_every_set_has_a_snapshot() -> None:
    assert sorted(p.stem for p in SNAPSHOTS.glob("*.tsv")) == sorted(SETS)
