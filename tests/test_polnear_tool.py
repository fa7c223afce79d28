"""tools/polnear.py: BRAT parsing and the mapping of gold attributions onto our sentences,
on a tiny article and annotation file written here (no PolNeAR text)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

TOOL = Path(__file__).parent.parent / "tools" / "polnear.py"

ARTICLE = (
    "Harbor board splits on ferry fares.\n"
    "Mayor Dana Whitcombe said the fares would stay frozen until June.\n"
    "\u201cWe cannot ask riders to pay more,\u201d she said.\n"
    "Officials say the budget gap is $4 million.\n"
    "Whitcombe wants the board to approve a second fare freeze.\n"
    "The ferry carries 9,000 riders a day.\n"
)


def _span(words: str, after: int) -> tuple[str, int]:
    start = ARTICLE.index(words, after)
    return f"{start} {start + len(words)}\t{words}", start


def _annotation() -> str:
    lines = []
    rows = [
        ("Mayor Dana Whitcombe", "said", "the fares would stay frozen until June"),
        ("she", "said", "\u201cWe cannot ask riders to pay more,\u201d"),
        ("Officials", "say", "the budget gap is $4 million"),
        ("Whitcombe", "wants", "the board to approve a second fare freeze"),
    ]
    number = line_start = 0
    for event, (source, cue, content) in enumerate(rows, start=1):
        ids = []
        for label, words in (("Source", source), ("Cue", cue), ("Content", content)):
            number += 1
            # Each row's words are searched for from its own line on ("said" twice).
            span, found = _span(words, line_start)
            lines.append(f"T{number}\t{label} {span}")
            ids.append(f"{label}:T{number}")
        line_start = ARTICLE.index("\n", found) + 1
        lines.append(f"E{event}\tAttribution:T{number} " + " ".join(reversed(ids)))
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("polnear_tool", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["polnear_tool"] = module
    spec.loader.exec_module(module)
    return module


def test_brat_parsing_ties_source_cue_and_content(tool: ModuleType) -> None:
    golds = tool.parse_brat(_annotation())
    assert [(g.source_text, g.cue_text) for g in golds] == [
        ("Mayor Dana Whitcombe", "said"),
        ("she", "said"),
        ("Officials", "say"),
        ("Whitcombe", "wants"),
    ]
    content = golds[2].content[0]
    assert ARTICLE[content[0] : content[1]] == "the budget gap is $4 million"
    assert golds[1].resolved_source == "Mayor Dana Whitcombe"


def test_discontinuous_spans_and_missing_source(tool: ModuleType) -> None:
    ann = "T1\tCue 0 5\tHarbo\nT2\tContent 6 11;12 16\tboard split\nE1\tCue:T1 Content:T2\n"
    (gold,) = tool.parse_brat(ann)
    assert gold.source == [] and gold.content == [(6, 11), (12, 16)]


def test_sentences_map_to_kinds_and_speakers(tool: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "harbor.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "attributions" / "harbor_b.ann").write_text(_annotation(), encoding="utf-8")
    (tmp_path / "attributions" / "harbor_a.ann").write_text("", encoding="utf-8")
    assert tool.article_names(tmp_path) == ["harbor"]
    text, golds = tool.load_article(tmp_path, "harbor")
    assert golds == []  # the first annotation file in sorted order is the one read
    golds = tool.parse_brat(_annotation())
    mask = tool.quoted_mask(text)
    lines = [line for line in text.split("\n") if line]
    statuses = []
    for line in lines:
        start = text.index(line)
        gold = tool.gold_sentence(text, start, start + len(line), golds, mask)
        statuses.append((gold.status, gold.kinds[0]))
    assert statuses == [
        ("none", "reporter_assertion"),
        ("attributed", "indirect_quote"),
        ("attributed", "direct_quote"),
        ("attributed", "unnamed_source"),
        ("belief", "reporter_assertion"),
        ("none", "reporter_assertion"),
    ]


def test_scoring_the_tiny_split(
    tool: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "harbor.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "attributions" / "harbor_a.ann").write_text(_annotation(), encoding="utf-8")
    assert tool.main([str(tmp_path), "--by-class"]) == 0
    out = capsys.readouterr().out
    assert "attribution recall    1.000 (3/3)" in out
    assert "speaker accuracy      1.000 (1/1)" in out
    assert "pronoun speaker (approx.) 1.000 (1/1)" in out


def test_speaker_matching_is_lenient_on_titles_and_strict_on_names(tool: ModuleType) -> None:
    assert tool.speaker_matches("Jane Roe", ["Sen. Jane Roe, D-Ohio"])
    assert not tool.speaker_matches("D-Ohio", ["Sen. Jane Roe, D-Ohio"])
    assert tool.speaker_matches("Ana Ruiz", ["Whitcombe's chief of staff, Ana Ruiz"])
    assert not tool.speaker_matches("Whitcombe", ["Whitcombe's chief of staff, Ana Ruiz"])
    assert not tool.speaker_matches(None, ["Jane Roe"])


def test_not_a_split_is_one_line_and_exit_1(
    tool: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert tool.main([str(tmp_path)]) == 1
    assert "not a PolNeAR split" in capsys.readouterr().err
