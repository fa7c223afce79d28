"""Build a database of a million claims (bench tooling, not CI).

20,000 articles of 50 sentences each, every sentence a claim, with speakers,
the seven attribution kinds, a tenth of the claims carried through the review
workflow (take, mark, evidence, propose, approve, dismiss) with hash-chained
events that ``factcheck audit`` accepts, and their evidence links. The numbers
and the mix are those issue 13 measured with; ``bench/bench_lists.py`` runs on
the result.

The database is migrated to head by factcheck itself, so the schema is the
real one; rows are then bulk-loaded (sqlite3 ``executemany`` in one
transaction; PostgreSQL ``COPY``) with the secondary indexes and the search
triggers set aside and rebuilt once at the end, which is what keeps it to
minutes. SQLite is not ANALYZEd (factcheck never does, so neither would a
reviewer's file); PostgreSQL is VACUUM ANALYZEd, as autovacuum would soon do.

Usage::

    .venv/bin/python bench/gen_million.py sqlite:////tmp/million.db
    .venv/bin/python bench/gen_million.py postgresql+psycopg://postgres@127.0.0.1:5432/million
    .venv/bin/python bench/gen_million.py sqlite:////tmp/small.db --sources 200   # 10k claims

The target must be empty (a new SQLite file, or an empty PostgreSQL database).

Words with known frequencies, for searches: "harbor" in about 1% of claims,
"zeppelin" in about 0.01%, "quokka" in exactly 5; the speaker "Michael Ma" in
about 0.02%.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

SENTENCES_PER_PARAGRAPH = 5
KIND_WEIGHTS = {
    "reporter_assertion": 35,
    "direct_quote": 20,
    "indirect_quote": 15,
    "press_release": 8,
    "unnamed_source": 7,
    "alleged": 5,
    "not_a_claim": 10,
}
REVIEWERS = [(1, "alice", "reviewer"), (2, "bob", "reviewer"), (3, "erin", "editor"),
             (4, "frank", "editor"), (5, "root", "admin")]
SYLLABLES = ["ka", "lo", "mi", "ren", "sa", "tor", "vel", "un", "dra", "pe", "qui", "sol",
             "ban", "cor", "fi", "gal", "hu", "jor", "ne", "os", "pri", "sta", "ter", "wy"]
PLACES = ["Ohio", "Lagos", "Osaka", "Lyon", "Quito", "Perth", "Gdansk", "Pune", "Leeds"]
BASE_TIME = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


@dataclass
class Tables:
    """The rows to load, table by table, in column order."""

    reviewers: list[tuple[Any, ...]] = field(default_factory=list)
    sources: list[tuple[Any, ...]] = field(default_factory=list)
    claims: list[tuple[Any, ...]] = field(default_factory=list)
    evidence: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)


SOURCE_COLUMNS = ("id", "kind", "title", "url", "publisher", "author", "published",
                  "retrieved_at", "content_hash", "text")
CLAIM_COLUMNS = ("id", "source_id", "ordinal", "text", "span_start", "span_end", "paragraph",
                 "attribution_kind", "speaker", "speaker_title", "cue_text", "cue_start",
                 "cue_end", "attribution_rule", "attribution_confidence", "hedges",
                 "evidence_status", "review_state", "note", "assignee_id", "proposed_by_id",
                 "proposed_at", "approved_by_id", "approved_at", "updated_by_id", "version",
                 "created_at", "updated_at")
EVIDENCE_COLUMNS = ("id", "claim_id", "url", "title", "stance", "note", "added_by_id",
                    "added_at")
EVENT_COLUMNS = ("id", "claim_id", "seq", "actor", "action", "from_state", "to_state",
                 "evidence_status", "note", "evidence", "created_at", "prev_hash", "hash")


# --- generating --------------------------------------------------------------------


class Generator:
    """Deterministic (seeded) articles, claims and review histories."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        r = self.random
        self.words = sorted({"".join(r.choices(SYLLABLES, k=r.randint(2, 4)))
                             for _ in range(4000)})
        firsts = sorted({w.capitalize() for w in self.words[:300]})
        lasts = sorted({w.capitalize() for w in self.words[300:900]})
        self.people = [f"{r.choice(firsts)} {r.choice(lasts)}" for _ in range(5000)]
        self.orgs = [f"{w.capitalize()} {s}" for w in self.words[900:1400]
                     for s in ("Group",)] + ["the ministry", "city officials"]
        self.kinds = list(KIND_WEIGHTS)
        self.kind_weights = list(KIND_WEIGHTS.values())
        self.tables = Tables()
        self.quokkas_left = 5
        self.evidence_id = self.event_id = 0

    def chunks(self, sources: int, per_source: int, size: int = 500) -> Iterator[Tables]:
        """The rows, ``size`` sources at a time, so memory stays flat."""
        claim_id = 0
        for source_id in range(1, sources + 1):
            claim_id = self._source(source_id, per_source, claim_id)
            if source_id % size == 0 or source_id == sources:
                yield self.tables
                self.tables = Tables()

    def _sentence(self, kind: str) -> tuple[str, str | None, str | None, str]:
        """(text, speaker, cue, kind) for one claim of ``kind``."""
        r = self.random
        words = r.choices(self.words, k=6)
        if r.random() < 0.01:
            words[2] = "harbor"
        if r.random() < 0.0001:
            words[4] = "zeppelin"
        if self.quokkas_left and r.random() < 0.00002:
            words[1], self.quokkas_left = "quokka", self.quokkas_left - 1
        body = (f"the {words[0]} {words[1]} of {words[2]} rose by {r.randint(1, 99)} percent "
                f"in {r.choice(PLACES)} after the {words[3]} {words[4]} {words[5]}")
        if kind == "direct_quote":
            speaker = "Michael Ma" if r.random() < 0.001 else r.choice(self.people)
            return f"“{body[0].upper()}{body[1:]},” {speaker} said.", speaker, "said", kind
        if kind == "indirect_quote":
            speaker = r.choice(self.people)
            return f"{speaker} said {body}.", speaker, "said", kind
        if kind == "press_release":
            speaker = r.choice(self.orgs)
            return f"{speaker} announced that {body}.", speaker, "announced", kind
        if kind == "unnamed_source":
            return f"Officials said {body}.", "Officials", "said", kind
        if kind == "alleged":
            return f"Critics alleged that {body}.", "Critics", "alleged", kind
        if kind == "not_a_claim":
            return f"{words[0].capitalize()} {words[1]} ({r.choice(PLACES)})", None, None, kind
        return body[0].upper() + body[1:] + ".", None, None, kind

    def _source(self, source_id: int, per_source: int, claim_id: int) -> int:
        r = self.random
        texts, spans, offset = [], [], 0
        sentences = [self._sentence(r.choices(self.kinds, self.kind_weights)[0])
                     for _ in range(per_source)]
        for ordinal, (text, _, _, _) in enumerate(sentences):
            if ordinal:
                gap = "\n\n" if ordinal % SENTENCES_PER_PARAGRAPH == 0 else " "
                texts.append(gap)
                offset += len(gap)
            spans.append((offset, offset + len(text)))
            texts.append(text)
            offset += len(text)
        article = "".join(texts)
        content_hash = "sha256:" + hashlib.sha256(article.encode("utf-8")).hexdigest()
        retrieved = BASE_TIME + dt.timedelta(minutes=source_id)
        self.tables.sources.append((
            source_id, "news_article", f"Bench article {source_id}: {sentences[0][0][:40]}",
            f"https://news.example.org/{source_id}", r.choice(["Daily Bench", "The Loader"]),
            None, (BASE_TIME + dt.timedelta(days=source_id % 300)).date(), retrieved,
            content_hash, article,
        ))
        for ordinal, ((text, speaker, cue, kind), (start, end)) in enumerate(
            zip(sentences, spans, strict=True)
        ):
            claim_id += 1
            stable = f"claim:{content_hash.removeprefix('sha256:')[:16]}:{start}-{end}"
            self._claim(claim_id, source_id, ordinal, text, (start, end), kind, speaker, cue,
                        retrieved, stable)
        return claim_id

    def _claim(self, claim_id: int, source_id: int, ordinal: int, text: str,
               span: tuple[int, int], kind: str, speaker: str | None, cue: str | None,
               created: dt.datetime, stable: str) -> None:
        cue_at = text.rfind(cue) if cue else -1
        flow = self._flow()
        history = self._history(claim_id, stable, flow, created)
        state, status, note = "pending", "unverified", None
        assignee = proposer = approver = updater = None
        proposed_at = approved_at = None
        updated = created
        for event in history:
            _, _, _, actor, action, _, to_state, ev_status, ev_note, _, at, _, _ = event
            state = to_state or state
            status = ev_status or status
            note = ev_note if action == "mark" else note
            updater, updated = _reviewer_id(actor), at
            if action == "take":
                assignee = _reviewer_id(actor)
            if action == "propose":
                proposer, proposed_at = _reviewer_id(actor), at
            if action == "approve":
                approver, approved_at = _reviewer_id(actor), at
        self.tables.claims.append((
            claim_id, source_id, ordinal, text, span[0], span[1],
            ordinal // SENTENCES_PER_PARAGRAPH, kind, speaker, None, cue,
            None if cue_at < 0 else span[0] + cue_at,
            None if cue_at < 0 else span[0] + cue_at + len(cue or ""),
            "bench", 0.9, "[]", status, state, note, assignee, proposer, proposed_at,
            approver, approved_at, updater, 1 + len(history), created, updated,
        ))

    def _flow(self) -> str:
        roll = self.random.random()
        for name, share in (("in_review", 0.04), ("proposed", 0.06), ("approved", 0.09),
                            ("dismissed", 0.10)):
            if roll < share:
                return name
        return "pending"

    def _history(self, claim_id: int, stable: str, flow: str,
                 created: dt.datetime) -> list[tuple[Any, ...]]:
        if flow == "pending":
            return []
        r = self.random
        reviewer, editor = r.choice(["alice", "bob"]), r.choice(["erin", "frank"])
        status = r.choice(["supported", "refuted", "mixed", "unverifiable"])
        steps: list[tuple[str, str, str | None, str | None, str | None, str | None,
                          dict[str, Any] | None]] = []
        if flow == "dismissed":
            steps.append((editor, "dismiss", "pending", "dismissed", None, "not a claim", None))
        else:
            steps.append((reviewer, "take", "pending", "in_review", None, None, None))
        if flow in ("proposed", "approved"):
            url = f"https://evidence.example.org/{claim_id}"
            stance = {"supported": "supports", "refuted": "refutes"}.get(status, "context")
            steps += [
                (reviewer, "mark", "in_review", "in_review", status, "checked the record",
                 None),
                (reviewer, "add_evidence", "in_review", "in_review", None, None,
                 {"url": url, "stance": stance}),
                (reviewer, "propose", "in_review", "proposed", None, None, None),
            ]
            self.evidence_id += 1
            self.tables.evidence.append((
                self.evidence_id, claim_id, url, None, stance, None,
                _reviewer_id(reviewer), created + dt.timedelta(hours=3),
            ))
        if flow == "approved":
            steps.append((editor, "approve", "proposed", "approved", None, None, None))
        events: list[tuple[Any, ...]] = []
        for seq, step in enumerate(steps, start=1):
            events.append(self._event(claim_id, stable, seq, step, created,
                                      events[-1][-1] if events else None))
        return events

    def _event(self, claim_id: int, stable: str, seq: int, step: tuple[Any, ...],
               created: dt.datetime, prev: str | None) -> tuple[Any, ...]:
        from factcheck.store.audit import event_hash

        actor, action, from_state, to_state, status, note, evidence = step
        at = created + dt.timedelta(hours=seq + 1)
        digest = event_hash(claim=stable, seq=seq, actor=actor, action=action,
                            from_state=from_state, to_state=to_state, evidence_status=status,
                            note=note, evidence=evidence, created_at=at, prev_hash=prev)
        self.event_id += 1
        row = (self.event_id, claim_id, seq, actor, action, from_state, to_state,
               status, note, None if evidence is None else json.dumps(evidence), at, prev,
               digest)
        self.tables.events.append(row)
        return row


def _reviewer_id(handle: str) -> int:
    return next(i for i, h, _ in REVIEWERS if h == handle)


# --- loading -----------------------------------------------------------------------


def migrate_to_head(url: str) -> str:
    """Create the schema with factcheck's own migrations; the dialect name."""
    from factcheck.store import migrate
    from factcheck.store.engine import Store, prepare_sqlite_folder

    prepare_sqlite_folder(url)
    store = Store(url)
    try:
        migrate.upgrade(store, "head")
        with store.read() as session:
            from sqlalchemy import text

            if session.execute(text("SELECT count(*) FROM claims")).scalar_one():
                sys.exit(f"{url} already holds claims: give an empty database")
        return store.dialect
    finally:
        store.close()


def _sqlite_time(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def load_sqlite(url: str, chunks: Iterator[Tables]) -> Counts:
    import sqlite3

    from factcheck.store.engine import sqlite_path

    path = sqlite_path(url)
    assert path is not None
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA synchronous = OFF")
    saved = connection.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
        "AND tbl_name IN ('sources', 'claims', 'evidence', 'review_events', 'reviewers') "
        "AND sql IS NOT NULL"
    ).fetchall()
    connection.execute("BEGIN")
    for kind, name, _ in saved:
        connection.execute(f"DROP {kind.upper()} {name}")
    counts = Counts()
    for tables in _with_reviewers(chunks):
        for table, columns, rows in _load_plan(tables):
            marks = ",".join("?" * len(columns))
            # Table and column names are this script's constants; values are bound.
            insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
            connection.executemany(insert, ([_sqlite_time(v) for v in row] for row in rows))
            counts.add(table, len(rows))
    connection.execute("COMMIT")
    _step(f"rows inserted: {counts}")
    for _, _, sql in saved:
        connection.execute(sql)
    _step("indexes and triggers restored")
    connection.execute("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")
    _step("search index built")
    connection.close()
    return counts


@dataclass
class Counts:
    """Rows loaded per table."""

    rows: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, n: int) -> None:
        self.rows[table] = self.rows.get(table, 0) + n

    def __str__(self) -> str:
        return ", ".join(f"{n} {table}" for table, n in self.rows.items())


def _with_reviewers(chunks: Iterator[Tables]) -> Iterator[Tables]:
    reviewers = Tables()
    reviewers.reviewers = [(i, h, None, role, BASE_TIME) for i, h, role in REVIEWERS]
    yield reviewers
    yield from chunks


def _load_plan(tables: Tables) -> list[tuple[str, tuple[str, ...], list[tuple[Any, ...]]]]:
    return [
        ("reviewers", ("id", "handle", "display_name", "role", "created_at"), tables.reviewers),
        ("sources", SOURCE_COLUMNS, tables.sources),
        ("claims", CLAIM_COLUMNS, tables.claims),
        ("evidence", EVIDENCE_COLUMNS, tables.evidence),
        ("review_events", EVENT_COLUMNS, tables.events),
    ]


def load_postgres(url: str, chunks: Iterator[Tables]) -> Counts:
    import psycopg
    from sqlalchemy.engine import make_url

    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    counts = Counts()
    with psycopg.connect(dsn) as connection:
        saved = connection.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
            "AND tablename IN ('sources', 'claims', 'evidence', 'review_events') "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        ).fetchall()
        for name, _ in saved:
            connection.execute(f'DROP INDEX "{name}"')
        for tables in _with_reviewers(chunks):
            for table, columns, rows in _load_plan(tables):
                if not rows:
                    continue
                statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
                with connection.cursor().copy(statement) as copy:
                    for row in rows:
                        copy.write_row(row)
                counts.add(table, len(rows))
        for table in ("reviewers", "sources", "claims", "evidence", "review_events"):
            connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        connection.commit()
        _step(f"rows copied: {counts}")
        for _, definition in saved:
            connection.execute(definition)
        connection.commit()
        _step("indexes rebuilt")
        # As autovacuum would soon: statistics, and the visibility map that lets
        # index-only scans (the per-row counts) skip the table.
        connection.autocommit = True
        connection.execute("VACUUM ANALYZE")
        _step("vacuumed and analyzed")
    return counts


_STARTED = time.perf_counter()


def _step(what: str) -> None:
    print(f"{time.perf_counter() - _STARTED:7.1f} s  {what}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="an empty database: sqlite:///PATH or postgresql+psycopg://…")
    parser.add_argument("--sources", type=int, default=20_000)
    parser.add_argument("--claims-per-source", type=int, default=50)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    dialect = migrate_to_head(args.url)
    _step(f"migrated ({dialect})")
    chunks = Generator(args.seed).chunks(args.sources, args.claims_per_source)
    (load_sqlite if dialect == "sqlite" else load_postgres)(args.url, chunks)
    _step("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
