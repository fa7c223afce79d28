"""Helpers for the storage tests: hand-built extractions, row counts, CLI runs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select, table, text

from factcheck.model import (
    Article,
    Attribution,
    AttributionKind,
    ExtractedClaim,
    Extraction,
    SourceMeta,
    Span,
)

TABLES = ("sources", "claims", "evidence", "reviewers", "review_events")


def make_extraction(body: str, *, meta: SourceMeta | None = None) -> Extraction:
    """An extraction built by hand: one claim per sentence ending in '.', no tagger."""
    claims = []
    for ordinal, match in enumerate(re.finditer(r"[^.\n]+\.", body)):
        start = match.start() + (len(match.group()) - len(match.group().lstrip()))
        claims.append(
            ExtractedClaim(
                ordinal=ordinal,
                text=body[start : match.end()],
                span=Span(start=start, end=match.end()),
                paragraph=body.count("\n\n", 0, start),
                attribution=Attribution(
                    kind=AttributionKind.REPORTER_ASSERTION if ordinal % 2 else
                    AttributionKind.DIRECT_QUOTE,
                    speaker=None if ordinal % 2 else "A. Speaker",
                    rule="test",
                ),
                hedges=["reportedly"] if ordinal == 1 else [],
            )
        )
    return Extraction(article=Article(text=body, meta=meta or SourceMeta()), claims=claims)


def row_counts(url: str) -> dict[str, int]:
    """The number of rows in every factcheck table, read through a fresh engine."""
    engine = create_engine(url, hide_parameters=True)
    try:
        with engine.connect() as connection:
            return {
                name: int(
                    connection.execute(select(func.count()).select_from(table(name))).scalar_one()
                )
                for name in TABLES
            }
    finally:
        engine.dispose()


def execute(url: str, statement: str, **params: Any) -> list[Any]:
    """Run one SQL statement in its own committed transaction; rows if it returns any."""
    engine = create_engine(url, hide_parameters=True)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA foreign_keys = ON")
            result = connection.execute(text(statement), params)
            return list(result) if result.returns_rows else []
    finally:
        engine.dispose()


def write_article(folder: Path, name: str, body: str) -> Path:
    """Write an article file (UTF-8) and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


def generated_article(number: int, sentences: int = 12) -> str:
    """A small, unique news-like article; distinct numbers give distinct texts."""
    lines = []
    for index in range(sentences):
        if index % 3 == 0:
            lines.append(
                f"“Item {number}-{index} matters to the city,” said Mayor Jane Doe{number}."
            )
        elif index % 3 == 1:
            lines.append(f"The council approved {number * 7 + index} new permits on Monday.")
        else:
            lines.append(f"Officials said the budget for district {number} rose by {index}%.")
    paragraphs = [" ".join(lines[i : i + 3]) for i in range(0, len(lines), 3)]
    return "\n\n".join(paragraphs) + "\n"
