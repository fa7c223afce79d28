#!/usr/bin/env python3
"""Check the hand-made gold files in this folder before anyone scores against them.

A gold file that is off by one character, skips a sentence or names a kind the scorer
does not know silently turns a right answer into a miss, so every file is checked for:

- the exact format of the sample (`file`, `published`, `note`, `sentences`; each sentence
  `text`, `start`, `end`, `kind`, `source`, `hedges`, `cue`);
- offsets: `text == article[start:end]` in code points, sentences in order, no overlap,
  no leading/trailing whitespace, no sentence across a line break;
- coverage: every non-whitespace character of the article lies in a sentence, except a
  first-line ` date YYYY-MM-DD` header (which must agree with `published`) and a wire
  dateline prefix ("PORT ALDER, Ore. (AP) — ") before a paragraph's first sentence;
- labels: kinds from the seven attribution kinds, no duplicates; a source and a cue
  for attributed kinds and none for reporter_assertion / alleged / not_a_claim; the
  last word of a quote's source (what score.py matches) occurs in the article; hedges
  copied exactly from the sentence; cue words present in the sentence; `alleged`
  carries a hedge;
- the folder: every article has a gold file and README.md names every file.

usage: python tests/data/gold/check_gold.py [DIR] [--stats]
Prints one line per problem and exits 1 if there is any.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

KINDS = frozenset(
    {
        "reporter_assertion",
        "direct_quote",
        "indirect_quote",
        "press_release",
        "unnamed_source",
        "alleged",
        "not_a_claim",
    }
)
ATTRIBUTED = frozenset({"direct_quote", "indirect_quote", "press_release", "unnamed_source"})
GOLD_KEYS = ["file", "published", "note", "sentences"]
SENTENCE_KEYS = ["text", "start", "end", "kind", "source", "hedges", "cue"]
HEADER = re.compile(r"\A date (\d{4}-\d{2}-\d{2}) ")
DATE = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")
# "PORT ALDER, Ore. (AP) — ", "LONDON (Reuters) - ", "OSLO, March 20 (Reuters) - "
DATELINE = re.compile(
    r"\A[A-Z][A-Z'’. -]+[A-Z.](, [A-Z][A-Za-z0-9. ]+)?( \([A-Za-z ]+\))? (—|–|--|-) \Z"
)
WORD = re.compile(r"[\w’'-]+")


def _check_sentence(i: int, s: object, raw: str) -> list[str]:
    """Problems with one sentence record, on its own."""
    if not isinstance(s, dict) or list(s) != SENTENCE_KEYS:
        return [f"sentence {i}: keys must be exactly {SENTENCE_KEYS}"]
    text, start, end = s["text"], s["start"], s["end"]
    kind, source, hedges, cue = s["kind"], s["source"], s["hedges"], s["cue"]
    out: list[str] = []
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(raw)):
        return [f"sentence {i}: bad span {start}..{end}"]
    if raw[start:end] != text:
        out.append(f"sentence {i}: text != article[{start}:{end}] ({raw[start:end][:40]!r})")
    if text != text.strip() or "\n" in text:
        out.append(f"sentence {i}: surrounding whitespace or a line break inside")
    if not (isinstance(kind, list) and kind and len(set(kind)) == len(kind)):
        out.append(f"sentence {i}: kind must be a non-empty list without duplicates")
        return out
    if set(kind) - KINDS:
        out.append(f"sentence {i}: unknown kind {sorted(set(kind) - KINDS)}")
    first = kind[0]
    if first in ATTRIBUTED - {"direct_quote"} and not (source and cue):
        out.append(f"sentence {i}: {first} needs a source and a cue")
    if first == "direct_quote" and not source:
        out.append(f"sentence {i}: direct_quote needs a source")
    if first not in ATTRIBUTED and (source is not None or cue is not None):
        out.append(f"sentence {i}: {first} takes no source and no cue")
    if source is not None and (not isinstance(source, str) or source != source.strip()):
        out.append(f"sentence {i}: source must be a trimmed string or null")
    if cue is not None:
        missing = [w for w in WORD.findall(cue.lower()) if w not in WORD.findall(text.lower())]
        if missing:
            out.append(f"sentence {i}: cue words {missing} not in the sentence")
    if not isinstance(hedges, list) or any(not isinstance(h, str) or h not in text for h in hedges):
        out.append(f"sentence {i}: every hedge must be a string copied from the sentence")
    if first == "alleged" and not hedges:
        out.append(f"sentence {i}: alleged needs the hedge that makes it so")
    return out


def _check_source_word(i: int, s: dict[str, object], raw: str) -> list[str]:
    """score.py matches the source's last word; it must be a real word of the article."""
    source, kind = s["source"], s["kind"]
    if not (isinstance(source, str) and source and isinstance(kind, list) and kind):
        return []
    if kind[0] not in ("direct_quote", "indirect_quote"):
        return []
    last = source.split()[-1]
    if not re.fullmatch(r"[\w’'.-]*\w", last):
        return [f"sentence {i}: source {source!r} must end in a plain word for score.py"]
    if last.lower() not in raw.lower():
        return [f"sentence {i}: source word {last!r} does not occur in the article"]
    return []


def _uncovered(raw: str, sentences: list[dict[str, object]]) -> list[str]:
    """Non-whitespace text outside every sentence that is neither header nor dateline."""
    out: list[str] = []
    cursor = 0
    header = HEADER.match(raw)
    if header:
        cursor = header.end()
    for s in sentences:
        start = s["start"]
        assert isinstance(start, int)
        gap = raw[cursor:start]
        if gap.strip():
            line = gap.rsplit("\n", 1)[-1]
            before = gap[: len(gap) - len(line)]
            if before.strip() or not DATELINE.match(line):
                out.append(f"text outside any sentence: {gap.strip()[:60]!r}")
        end = s["end"]
        assert isinstance(end, int)
        cursor = max(cursor, end)
    if raw[cursor:].strip():
        out.append(f"text after the last sentence: {raw[cursor:].strip()[:60]!r}")
    return out


def check_file(gold_path: Path) -> list[str]:
    """Every problem found in one gold file, each as a readable line."""
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"cannot read: {exc}"]
    if not isinstance(gold, dict) or list(gold) != GOLD_KEYS:
        return [f"top-level keys must be exactly {GOLD_KEYS}"]
    if gold["file"] != gold_path.name[: -len(".gold.json")] + ".txt":
        return [f"'file' must be {gold_path.name[: -len('.gold.json')]}.txt"]
    try:
        raw = (gold_path.parent / gold["file"]).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [f"cannot read the article: {exc}"]
    out: list[str] = []
    published = gold["published"]
    if published is not None and not (isinstance(published, str) and DATE.match(published)):
        out.append("published must be YYYY-MM-DD or null")
    header = HEADER.match(raw)
    if header and header.group(1) != published:
        out.append(f"published {published!r} disagrees with the header {header.group(1)}")
    if not isinstance(gold["note"], str):
        out.append("note must be a string")
    sentences = gold["sentences"]
    if not isinstance(sentences, list) or not sentences:
        return [*out, "sentences must be a non-empty list"]
    prev_end = 0
    for i, s in enumerate(sentences):
        problems = _check_sentence(i, s, raw)
        out += problems
        if problems and (not isinstance(s, dict) or "bad span" in problems[0]):
            return out
        if isinstance(s["start"], int) and s["start"] < prev_end:
            out.append(f"sentence {i}: starts before the previous one ends (order/overlap)")
        prev_end = s["end"] if isinstance(s["end"], int) else prev_end
        out += _check_source_word(i, s, raw)
    if not out:
        out += _uncovered(raw, sentences)
    return out


def check_dir(folder: Path) -> list[str]:
    """Every problem in the folder, each line prefixed with its file name."""
    out: list[str] = []
    golds = sorted(folder.glob("*.gold.json"))
    for gp in golds:
        out += [f"{gp.name}: {p}" for p in check_file(gp)]
    gold_articles = {gp.name[: -len(".gold.json")] + ".txt" for gp in golds}
    for txt in sorted(folder.glob("*.txt")):
        if txt.name not in gold_articles:
            out.append(f"{txt.name}: article without a gold file")
    readme = folder / "README.md"
    listed = readme.read_text(encoding="utf-8") if readme.exists() else ""
    for name in sorted(gold_articles):
        if name not in listed:
            out.append(f"README.md: does not list {name}")
    return out


def stats(folder: Path) -> str:
    """Files, sentences and the distribution of preferred kinds, for the README."""
    kinds: Counter[str] = Counter()
    files = 0
    for gp in sorted(folder.glob("*.gold.json")):
        files += 1
        for s in json.loads(gp.read_text(encoding="utf-8"))["sentences"]:
            kinds[s["kind"][0]] += 1
    total = sum(kinds.values())
    rows = "\n".join(f"  {k:<20} {n:>5}" for k, n in kinds.most_common())
    return f"{files} files, {total} sentences (preferred kind):\n{rows}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir", nargs="?", default=str(Path(__file__).parent))
    ap.add_argument("--stats", action="store_true", help="print counts per preferred kind")
    args = ap.parse_args()
    folder = Path(args.dir)
    problems = check_dir(folder)
    for p in problems:
        print(p)
    if args.stats:
        print(stats(folder))
    print(f"{len(problems)} problem(s)" if problems else "gold OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
