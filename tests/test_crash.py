"""SIGKILL during a batch ingest leaves only whole articles, and re-running completes it.

A real ``factcheck ingest`` subprocess ingests 40 generated articles in one
call and is killed with SIGKILL at random moments (after a random number of
reported files, plus a random fraction of the time one file takes), at least
20 times per backend. After each kill:

- every stored source has exactly the claims a fresh extraction of its file
  gives (whole articles only), nothing is stored twice;
- every file reported as ingested is in the database (no lost acknowledged
  commit); sources committed but killed before being reported are counted;
- on SQLite, ``PRAGMA integrity_check`` is ``ok``.

Some killed databases are then ingested again with the same command, which
must complete the set with no duplicates. Each round starts from a copy of a
migrated template database so every kill lands in a real batch.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from _storage_helpers import generated_article, write_article
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from factcheck.store import migrate
from factcheck.store.engine import Store
from factcheck.text.extract import extract_file

ARTICLES = 40
MIN_KILLS = 20
MAX_ROUNDS = 40
RESUME_EVERY = 5
REPORTED = re.compile(r": (?:already )?ingested as source (\d+) \(")

pytestmark = pytest.mark.slow


@dataclass
class Figures:
    backend: str
    seed: int
    kills: int = 0
    finished_before_kill: int = 0
    committed: list[int] = field(default_factory=list)
    unreported: list[int] = field(default_factory=list)
    resumes: int = 0

    def summary(self) -> str:
        return (
            f"crash test [{self.backend}] seed={self.seed}: {self.kills} SIGKILLs "
            f"({self.finished_before_kill} runs finished first); sources committed at each "
            f"kill: {self.committed}; committed but unreported: {sum(self.unreported)} "
            f"(per kill: {self.unreported}); lost acknowledged commits: 0; "
            f"{self.resumes} killed batches resumed to the full {ARTICLES} without duplicates"
        )


# --- databases: a migrated template, copied per round -----------------------


class SqliteCopies:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.template = folder / "template.db"
        _migrate(f"sqlite:///{self.template}")

    def fresh(self) -> str:
        copy = self.folder / f"round-{uuid.uuid4().hex[:8]}.db"
        shutil.copyfile(self.template, copy)
        return f"sqlite:///{copy}"

    def close(self) -> None:
        pass


class PostgresCopies:
    def __init__(self, server: str) -> None:
        self.server = server
        self.admin = create_engine(server, isolation_level="AUTOCOMMIT", hide_parameters=True)
        self.template = self._create("factcheck_crash_tmpl_")
        self.created = [self.template]
        _migrate(self._url(self.template))

    def _url(self, name: str) -> str:
        return make_url(self.server).set(database=name).render_as_string(hide_password=False)

    def _create(self, prefix: str, template: str | None = None) -> str:
        name = prefix + uuid.uuid4().hex[:10]
        clause = f' TEMPLATE "{template}"' if template else ""
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        return name

    def fresh(self) -> str:
        name = self._create("factcheck_crash_", template=self.template)
        self.created.append(name)
        return self._url(name)

    def close(self) -> None:
        with self.admin.connect() as connection:
            for name in self.created:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


def _migrate(url: str) -> None:
    store = Store(url)
    try:
        migrate.upgrade(store, "head")
    finally:
        store.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def databases(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[object]:
    if request.param == "sqlite":
        copies: SqliteCopies | PostgresCopies = SqliteCopies(tmp_path)
    else:
        from conftest import postgres_server_url

        copies = PostgresCopies(postgres_server_url())
    try:
        yield copies
    finally:
        copies.close()


# --- the test ---------------------------------------------------------------


def test_sigkill_during_batch_ingest_leaves_only_whole_articles(
    databases: SqliteCopies | PostgresCopies, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [
        write_article(tmp_path / "batch", f"article-{n:02d}.txt", generated_article(n))
        for n in range(ARTICLES)
    ]
    expected = {(e := extract_file(f)).article.content_hash: len(e.claims) for f in files}
    assert len(expected) == ARTICLES
    seed = int(os.environ.get("FACTCHECK_CRASH_SEED", time.time_ns() % 1_000_000))
    rng = random.Random(seed)
    backend = "sqlite" if isinstance(databases, SqliteCopies) else "postgres"
    figures = Figures(backend, seed)
    gap = _seconds_per_file(databases.fresh(), files)

    for round_number in range(MAX_ROUNDS):
        if figures.kills >= MIN_KILLS:
            break
        url = databases.fresh()
        reported, killed = _run_and_kill(url, files, rng, gap)
        committed = _check_whole_articles(url, expected)
        assert reported <= committed, f"acknowledged but not stored: {reported - committed}"
        if not killed:
            figures.finished_before_kill += 1
            assert len(committed) == ARTICLES
            continue
        figures.kills += 1
        figures.committed.append(len(committed))
        figures.unreported.append(len(committed - reported))
        if round_number % RESUME_EVERY == RESUME_EVERY - 1 or figures.kills == MIN_KILLS:
            _resume(url, files, expected)
            figures.resumes += 1

    with capsys.disabled():
        print("\n" + figures.summary())
    assert figures.kills >= MIN_KILLS
    assert figures.resumes >= 1


def _command(url: str, files: list[Path]) -> list[str]:
    return [sys.executable, "-m", "factcheck.cli.main", "--db", url, "ingest",
            *map(str, files)]


def _environment() -> dict[str, str]:
    return {**os.environ, "PYTHONUNBUFFERED": "1"}


def _seconds_per_file(url: str, files: list[Path]) -> float:
    """How long one file takes in a full run, measured between reported lines."""
    with subprocess.Popen(
        _command(url, files), stdout=subprocess.PIPE, text=True, env=_environment()
    ) as process:
        assert process.stdout is not None
        stamps = [time.perf_counter() for line in process.stdout if REPORTED.search(line)]
    assert process.returncode == 0
    assert len(stamps) == ARTICLES
    return (stamps[-1] - stamps[0]) / (ARTICLES - 1)


def _run_and_kill(
    url: str, files: list[Path], rng: random.Random, gap: float
) -> tuple[set[int], bool]:
    """Start a batch, SIGKILL it at a random moment; the reported source ids and whether
    the kill landed before the process finished."""
    after_lines = rng.randrange(ARTICLES)
    extra_delay = rng.uniform(0, 1.5 * gap)
    reported: set[int] = set()
    with subprocess.Popen(
        _command(url, files), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env=_environment(),
    ) as process:
        assert process.stdout is not None
        while len(reported) < after_lines:
            line = process.stdout.readline()
            if not line:
                break
            if match := REPORTED.search(line):
                reported.add(int(match.group(1)))
        time.sleep(extra_delay)
        killed = process.poll() is None
        process.send_signal(signal.SIGKILL)
        remaining = process.stdout.read()  # written before the kill: reported too
        reported.update(int(m.group(1)) for m in REPORTED.finditer(remaining))
    return reported, killed


def _check_whole_articles(url: str, expected: dict[str, int]) -> set[int]:
    """Assert the database holds whole articles only, once each; their source ids."""
    engine = create_engine(url, hide_parameters=True)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            sources = connection.execute(text("SELECT id, content_hash FROM sources")).all()
            counts = dict(
                connection.execute(
                    text("SELECT source_id, count(DISTINCT ordinal) FROM claims "
                         "GROUP BY source_id")
                ).all()
            )
            claims = connection.execute(text("SELECT count(*) FROM claims")).scalar_one()
    finally:
        engine.dispose()
    hashes = [content_hash for _, content_hash in sources]
    assert len(hashes) == len(set(hashes)), "a source is stored twice"
    for source_id, content_hash in sources:
        assert counts.get(source_id, 0) == expected[content_hash], (
            f"source {source_id} has {counts.get(source_id, 0)} of "
            f"{expected[content_hash]} claims: a partial article"
        )
    assert claims == sum(expected[h] for h in hashes), "claims without a whole source"
    return {source_id for source_id, _ in sources}


def _resume(url: str, files: list[Path], expected: dict[str, int]) -> None:
    """The same command again completes the batch without duplicates."""
    before = _check_whole_articles(url, expected)
    finished = subprocess.run(
        _command(url, files), capture_output=True, text=True, env=_environment(), check=False
    )
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.count("already ingested as source") == len(before)
    assert len(_check_whole_articles(url, expected)) == ARTICLES
