#!/usr/bin/env python3
"""Score the tagger on the written gold sets in tests/data (dev tooling, not run in CI).

usage: python tools/score_sets.py [-v] [SET ...]

Prints sentence-boundary F1, kind accuracy and speaker accuracy per set, scored
as tests/test_gold.py scores them; ``-v`` lists every miss. Real-news figures
come first (tools/polnear.py); these are the regression figures second.
"""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path.insert(0, str(TESTS))

from test_gold import Score, score_file  # noqa: E402

SETS = ["gold", "heldout", "round2", "final"]


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    names = [a for a in argv if not a.startswith("-")] or SETS
    for name in names:
        folder = TESTS / "data" / name
        if not folder.is_dir():
            print(f"{folder}: no such set", file=sys.stderr)
            return 1
        total = Score()
        for path in sorted(folder.glob("*.gold.json")):
            total.add(score_file(path))
        print(
            f"{name:8} segF1 {total.f1:.3f} kind {total.kind_accuracy:.3f} "
            f"speaker {total.speaker_accuracy:.3f} n={total.gold}"
        )
        if verbose:
            print("\n".join("   " + miss for miss in total.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
