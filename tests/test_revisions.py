"""Article revisions: re-anchoring claims in an edited article, and carrying reviews over.

The suite of edited articles names, for every sentence of the old revision,
what must become of it (unchanged / changed / removed) and which sentences of
the new one are new. Sentences are found by the real extractor, as in ingest.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from factcheck import extract
from factcheck.text.anchor import Outcome, Span, normalized, reanchor

BASE = (
    "Council approves record budget\n\n"
    "The city council approved a budget of $2 billion on Tuesday. "
    "Mayor Ana Ruiz said the plan would cut waiting times by half. "
    "Opposition leader Tom Berg called the figures misleading.\n\n"
    "Unemployment in the city fell to 4.1 percent last year, according to the statistics office. "
    "The budget adds 300 teachers to public schools.\n\n"
    "Critics said the council ignored the transport deficit."
)


def _spans(text: str) -> list[Span]:
    claims = extract(text).claims
    return [Span(c.ordinal, c.text, c.span.start, c.span.end) for c in claims]


def _outcomes(old_text: str, new_text: str) -> tuple[dict[str, tuple[str, str | None]], list[str]]:
    """{old sentence: (outcome, new sentence or None)} and the list of new sentences."""
    old, new = _spans(old_text), _spans(new_text)
    new_by_key = {s.key: s.text for s in new}
    old_by_key = {s.key: s.text for s in old}
    result: dict[str, tuple[str, str | None]] = {}
    added: list[str] = []
    for a in reanchor(old_text=old_text, old=old, new_text=new_text, new=new):
        if a.old is None:
            assert a.outcome is Outcome.NEW and a.new is not None
            added.append(new_by_key[a.new])
        else:
            result[old_by_key[a.old]] = (
                a.outcome.value, None if a.new is None else new_by_key[a.new]
            )
    return result, added


def _sentences(text: str) -> list[str]:
    return [s.text for s in _spans(text)]


def test_base_article_has_the_sentences_the_suite_names() -> None:
    # The suite below relies on the extractor cutting BASE into these 7 sentences.
    assert len(_sentences(BASE)) == 7
    assert "Council approves record budget" in _sentences(BASE)


def test_identical_text_everything_unchanged() -> None:
    outcomes, added = _outcomes(BASE, BASE)
    assert added == []
    assert {o for o, _ in outcomes.values()} == {"unchanged"}
    assert all(old == new for old, (_, new) in outcomes.items())


def test_typo_fix_is_changed_not_unchanged() -> None:
    old = BASE.replace("statistics office", "statistcs office")
    outcomes, added = _outcomes(old, BASE)
    typo = next(s for s in _sentences(old) if "statistcs" in s)
    assert outcomes[typo] == ("changed", typo.replace("statistcs", "statistics"))
    assert added == []
    assert sum(o == "unchanged" for o, _ in outcomes.values()) == 6


def test_sentence_inserted() -> None:
    inserted = "The vote was 7 to 4."
    new = BASE.replace("on Tuesday. ", f"on Tuesday. {inserted} ")
    outcomes, added = _outcomes(BASE, new)
    assert added == [inserted]
    assert all(o == ("unchanged", s) for s, o in outcomes.items())


def test_paragraph_moved() -> None:
    paragraphs = BASE.split("\n\n")
    moved = "\n\n".join([paragraphs[0], paragraphs[2], paragraphs[1], paragraphs[3]])
    outcomes, added = _outcomes(BASE, moved)
    assert added == []
    assert all(o == ("unchanged", s) for s, o in outcomes.items())


def test_quote_reworded() -> None:
    old_quote = "Mayor Ana Ruiz said the plan would cut waiting times by half."
    new_quote = "Mayor Ana Ruiz said the plan would cut hospital waiting times by a third."
    outcomes, added = _outcomes(BASE, BASE.replace(old_quote, new_quote))
    assert outcomes[old_quote] == ("changed", new_quote)
    assert added == []
    assert sum(o == "unchanged" for o, _ in outcomes.values()) == 6


def test_sentence_deleted() -> None:
    gone = "Opposition leader Tom Berg called the figures misleading."
    outcomes, added = _outcomes(BASE, BASE.replace(" " + gone, ""))
    assert outcomes[gone] == ("removed", None)
    assert added == []
    assert sum(o == "unchanged" for o, _ in outcomes.values()) == 6


def test_headline_changed() -> None:
    new = BASE.replace("Council approves record budget", "Council approves record city budget")
    outcomes, added = _outcomes(BASE, new)
    assert outcomes["Council approves record budget"] == (
        "changed", "Council approves record city budget"
    )
    assert added == []


def test_headline_replaced_by_an_unrelated_one_is_removed_and_new() -> None:
    new = BASE.replace("Council approves record budget", "Teachers win in city vote")
    outcomes, added = _outcomes(BASE, new)
    assert outcomes["Council approves record budget"] == ("removed", None)
    assert added == ["Teachers win in city vote"]


def test_correction_appended() -> None:
    correction = "Correction: an earlier version of this article misstated the vote count."
    outcomes, added = _outcomes(BASE, BASE + "\n\n" + correction)
    assert added == [correction]
    assert all(o == ("unchanged", s) for s, o in outcomes.items())


def test_whitespace_and_unicode_only_change_is_unchanged() -> None:
    new = (
        BASE.replace("Mayor Ana Ruiz", "Mayor\u00a0Ana  Ruiz")
        .replace("on Tuesday. ", "on Tuesday.   ")
        .replace("budget adds", "budget\u200b adds")
    )
    assert new != BASE
    outcomes, added = _outcomes(BASE, new)
    assert added == []
    assert {o for o, _ in outcomes.values()} == {"unchanged"}


def test_typographic_quotes_are_unicode_only() -> None:
    old = 'He said "no deal" on Monday. The talks ended.'
    new = "He said \u201cno deal\u201d on Monday. The talks ended."
    outcomes, added = _outcomes(old, new)
    assert added == []
    assert {o for o, _ in outcomes.values()} == {"unchanged"}


def test_whole_article_rewrite() -> None:
    rewrite = (
        "Storm closes schools across the region\n\n"
        "Heavy snow forced 40 schools to close on Wednesday. "
        "The weather service expects more snow overnight. "
        "Parents were told to check the district website for updates."
    )
    outcomes, added = _outcomes(BASE, rewrite)
    assert {o for o, _ in outcomes.values()} == {"removed"}
    assert added == _sentences(rewrite)


def test_same_sentence_twice_each_keeps_its_place() -> None:
    repeated = "The minister denied it."
    old = f"Reports said taxes would rise. {repeated}\n\nLater the rumour spread online. {repeated}"
    new = (
        f"Reports said taxes would rise. {repeated}\n\nA new paragraph came first here.\n\n"
        f"Later the rumour spread online. {repeated}"
    )
    old_spans, new_spans = _spans(old), _spans(new)
    result = reanchor(old_text=old, old=old_spans, new_text=new, new=new_spans)
    twice_old = [s for s in old_spans if s.text == repeated]
    twice_new = [s for s in new_spans if s.text == repeated]
    assert len(twice_old) == len(twice_new) == 2
    pairs = {a.old: a.new for a in result if a.outcome is Outcome.UNCHANGED}
    assert pairs[twice_old[0].key] == twice_new[0].key
    assert pairs[twice_old[1].key] == twice_new[1].key
    assert [a.outcome for a in result if a.old is None] == [Outcome.NEW]


def test_same_sentence_twice_one_deleted_keeps_the_one_whose_context_stayed() -> None:
    repeated = "The minister denied it."
    old = f"Reports said taxes would rise. {repeated}\n\nLater the rumour spread online. {repeated}"
    new = f"Reports said taxes would rise.\n\nLater the rumour spread online. {repeated}"
    old_spans, new_spans = _spans(old), _spans(new)
    result = {a.old: a for a in reanchor(old_text=old, old=old_spans, new_text=new, new=new_spans)}
    first, second = [s for s in old_spans if s.text == repeated]
    assert result[first.key].outcome is Outcome.REMOVED
    assert result[second.key].outcome is Outcome.UNCHANGED


def test_one_new_sentence_never_takes_two_old_claims() -> None:
    old = "Prices rose 5 percent in May. Prices rose 6 percent in May."
    new = "Prices rose 7 percent in May."
    outcomes, added = _outcomes(old, new)
    assert sorted(o for o, _ in outcomes.values()) == ["changed", "removed"]
    assert added == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a\u00a0 b", "a b"), ("\u201cx\u201d", '"x"'), ("1\u20132", "1-2"), ("so\u00adft", "soft")],
)
def test_normalized(text: str, expected: str) -> None:
    assert normalized(text) == expected


# --- storage: ingest makes revision N+1, reviews carried over (SQLite and PostgreSQL) ----

URL = "https://example.org/news/budget"
QUOTE = "Mayor Ana Ruiz said the plan would cut waiting times by half."
FIGURE = "The city council approved a budget of $2 billion on Tuesday."
REMOVED = "Opposition leader Tom Berg called the figures misleading."
INSERTED = "The vote was 7 to 4."
REVISED = (
    BASE.replace(" " + REMOVED, "")
    .replace("$2 billion", "$2.5 billion")
    .replace("on Tuesday. ", f"on Tuesday. {INSERTED} ")
)


def _ingest(store: Any, text: str, **kwargs: Any) -> Any:
    from factcheck.model import SourceMeta
    from factcheck.store.ingest import ingest

    url = kwargs.pop("url", URL)
    return ingest(store, extract(text, meta=SourceMeta(url=url)), **kwargs)


def _claims(store: Any, source_id: int) -> dict[str, Any]:
    from sqlalchemy import select

    from factcheck.store.tables import ClaimRow

    with store.read() as session:
        rows = session.scalars(select(ClaimRow).where(ClaimRow.source_id == source_id))
        columns = ClaimRow.__table__.columns.keys()
        return {
            row.text: SimpleNamespace(**{name: getattr(row, name) for name in columns})
            for row in rows
        }


def _events(store: Any, claim_id: int) -> list[tuple[str, str, str | None]]:
    from sqlalchemy import select

    from factcheck.store.tables import ReviewEventRow

    with store.read() as session:
        rows = session.scalars(
            select(ReviewEventRow).where(ReviewEventRow.claim_id == claim_id)
            .order_by(ReviewEventRow.seq)
        )
        return [(row.actor, row.action, row.note) for row in rows]


def test_revision_carries_reviews_flags_changes_and_verifies(store: Any) -> None:
    from _review_helpers import add_people, bring_to

    from factcheck.store.audit import verify

    add_people(store)
    first = _ingest(store, BASE)
    old = _claims(store, first.source_id)
    for text in (QUOTE, FIGURE, REMOVED):
        bring_to(store, old[text].id, "approved")
    old_events = _events(store, old[QUOTE].id)

    second = _ingest(store, REVISED)

    assert second.created and second.revision is not None
    assert second.revision.revision == 2 and second.revision.previous_id == first.source_id
    assert second.revision.counts == {"unchanged": 5, "changed": 1, "removed": 1, "new": 1}
    assert second.revision.removed_approved == (old[REMOVED].id,)
    assert "APPROVED CLAIM(S) REMOVED" in second.describe()
    new = _claims(store, second.source_id)
    kept = new[QUOTE]
    assert (kept.outcome, kept.previous_claim_id) == ("unchanged", old[QUOTE].id)
    assert (kept.review_state, kept.evidence_status) == ("approved", "supported")
    events = _events(store, kept.id)
    assert events[:-1] == old_events  # actors, actions and notes; hashes are the new chain's
    actor, action, note = events[-1]
    assert (actor, action) == ("factcheck.revision", "carried_over")
    assert note is not None and "revision 1" in note and "revision 2" in note
    changed = new[FIGURE.replace("$2 billion", "$2.5 billion")]
    assert (changed.outcome, changed.review_state) == ("changed", "pending")
    assert changed.previous_claim_id == old[FIGURE].id
    assert changed.was == "supported (approved)"
    assert _events(store, changed.id) == []
    assert new[INSERTED].outcome == "new" and new[INSERTED].review_state == "pending"
    again = _claims(store, first.source_id)
    assert again[REMOVED].removed_in == 2 and again[REMOVED].review_state == "approved"
    assert again[QUOTE].removed_in is None
    assert kept.approved_by_id == again[QUOTE].approved_by_id is not None
    assert kept.approved_at == again[QUOTE].approved_at
    report = verify(store)
    assert report.ok, report.problems


def test_carried_evidence_links_are_copied(store: Any) -> None:
    from _review_helpers import add_people, bring_to, claim_facts

    add_people(store)
    first = _ingest(store, BASE)
    old = _claims(store, first.source_id)
    bring_to(store, old[QUOTE].id, "proposed")
    second = _ingest(store, REVISED)
    kept = _claims(store, second.source_id)[QUOTE]
    version, state, status, events, links = claim_facts(store, kept.id)
    assert (state, status, links) == ("proposed", "supported", 1)
    assert events == len(_events(store, old[QUOTE].id)) + 1 and version == events + 1


def test_identical_text_is_a_no_op(store: Any) -> None:
    first = _ingest(store, BASE)
    again = _ingest(store, BASE)
    assert (again.created, again.source_id, again.revision) == (False, first.source_id, None)


def test_different_url_is_not_a_revision(store: Any) -> None:
    _ingest(store, BASE)
    other = _ingest(store, REVISED, url="https://example.org/other")
    assert other.created and other.revision is None


def test_revision_of_follows_to_the_latest_revision(store: Any) -> None:
    first = _ingest(store, BASE, url=None)
    second = _ingest(store, REVISED, url=None, revision_of=first.source_id)
    third = _ingest(
        store, REVISED + "\n\nCorrection: the vote was 8 to 3.", url=None,
        revision_of=first.source_id,
    )
    assert second.revision is not None and third.revision is not None
    assert third.revision.revision == 3 and third.revision.previous_id == second.source_id
    assert third.revision.counts == {"unchanged": 7, "new": 1}


def test_a_failing_revision_writes_nothing(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from _storage_helpers import row_counts

    from factcheck.store import revisions

    first = _ingest(store, BASE)
    before = row_counts(store.url) if hasattr(store, "url") else None

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(revisions, "_carry_over", broken)
    with pytest.raises(RuntimeError):
        _ingest(store, REVISED)
    assert len(_claims(store, first.source_id)) == 7
    with store.read() as session:
        from sqlalchemy import func, select

        from factcheck.store.tables import SourceRow

        assert session.scalar(select(func.count()).select_from(SourceRow)) == 1
    if before is not None:
        assert row_counts(store.url) == before


# --- CLI: ingest --revision-of, sources revisions / diff, claims list --changed/--removed ----


def _write(folder: Any, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_cli_revision_diff_and_filters(migrated_db_url: str, tmp_path: Any) -> None:
    import json

    from _review_helpers import add_people, bring_to, run_cli

    from factcheck.store.engine import open_store

    store = open_store(migrated_db_url)
    try:
        add_people(store)
        first = _ingest(store, BASE, url=None)
        old = _claims(store, first.source_id)
        bring_to(store, old[REMOVED].id, "approved")
        bring_to(store, old[FIGURE].id, "approved")
    finally:
        store.close()
    path = _write(tmp_path, "v2.txt", REVISED)
    result = run_cli(migrated_db_url, "ingest", path, "--revision-of", str(first.source_id))
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{path}: ingested as source 2 (7 claims), revision 2 of source 1's article "
        f"(5 unchanged, 1 changed, 1 removed, 1 new); APPROVED CLAIM(S) REMOVED from the "
        f"article: {old[REMOVED].id}\n"
    )
    result = run_cli(migrated_db_url, "sources", "diff", "2")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (
        "source 2: revision 1 (source 1) -> revision 2 (source 2): "
        "5 unchanged, 1 changed, 1 removed, 1 new"
    )
    assert [line[0] for line in lines[1:]] == ["=", "~", "+", "=", "-", "=", "=", "="]
    assert lines[2] == (
        f"~ {old[FIGURE].id} -> 9 [was: supported (approved); now pending] "
        f"{FIGURE!r} -> {FIGURE.replace('$2 billion', '$2.5 billion')!r}"
    )
    assert lines[5] == (
        f"- {old[REMOVED].id} [supported, approved] !! APPROVED CLAIM REMOVED {REMOVED}"
    )
    shown = json.loads(run_cli(migrated_db_url, "sources", "diff", "1", "--json").output)
    assert shown["counts"] == {"unchanged": 5, "changed": 1, "removed": 1, "new": 1}
    assert [e["outcome"] for e in shown["entries"]].count("unchanged") == 5
    revisions = run_cli(migrated_db_url, "sources", "revisions", "1", "--json")
    rows = json.loads(revisions.output)
    assert [(r["revision"], r["source_id"], r["previous_id"], r["removed"]) for r in rows] == [
        (1, 1, None, 0), (2, 2, 1, 1)
    ]
    changed = json.loads(run_cli(migrated_db_url, "claims", "list", "--changed", "--json").output)
    assert [c["id"] for c in changed] == [9]
    removed = json.loads(run_cli(migrated_db_url, "claims", "list", "--removed", "--json").output)
    assert [c["id"] for c in removed] == [old[REMOVED].id]
    show = run_cli(migrated_db_url, "sources", "show", "2")
    assert show.output.splitlines()[-1] == (
        f"!! APPROVED CLAIM REMOVED in revision 2: claim {old[REMOVED].id} (supported) "
        f"{REMOVED!r}"
    )
    verify = run_cli(migrated_db_url, "audit", "verify")
    assert verify.exit_code == 0 and verify.output.startswith("audit ok"), verify.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("sources", "diff", "1", "--from", "1", "--to", "1"),
         "Error: --from 1 must be an earlier revision than --to 1\n"),
        (("sources", "diff", "1", "--to", "5"),
         "Error: source 1's article has no revision 5 (it has 1)\n"),
        (("sources", "diff", "42"), "Error: no source with id 42\n"),
        (("sources", "revisions", "42"), "Error: no source with id 42\n"),
    ],
)
def test_cli_refusals_are_one_line(migrated_db_url: str, args: tuple[str, ...],
                                   message: str) -> None:
    from _review_helpers import run_cli

    from factcheck.store.engine import open_store

    store = open_store(migrated_db_url)
    try:
        _ingest(store, BASE)
    finally:
        store.close()
    result = run_cli(migrated_db_url, *args)
    assert (result.exit_code, result.output) == (1, message)


def test_cli_revision_of_unknown_source_writes_nothing(migrated_db_url: str,
                                                        tmp_path: Any) -> None:
    from _review_helpers import run_cli
    from _storage_helpers import row_counts

    before = row_counts(migrated_db_url)
    path = _write(tmp_path, "v2.txt", REVISED)
    result = run_cli(migrated_db_url, "ingest", path, "--revision-of", "77")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {path}: no source with id 77 (see `factcheck sources list`)\n"
    )
    assert row_counts(migrated_db_url) == before


# --- export: carried claims export with their history; changed claims wait for approval ----


def test_export_after_a_revision(store: Any, tmp_path: Any, isolated_settings: Any) -> None:
    from _exchange_helpers import export_document, export_text
    from _review_helpers import add_people, bring_to

    from factcheck.exchange.collect import ExportFilters

    add_people(store)
    first = _ingest(store, BASE)
    old = _claims(store, first.source_id)
    bring_to(store, old[QUOTE].id, "approved")
    bring_to(store, old[FIGURE].id, "approved")
    second = _ingest(store, REVISED)

    document = export_document(store, tmp_path, filters=ExportFilters(source=second.source_id))
    texts = [claim["text"] for claim in document["claims"]]
    assert texts == [QUOTE]  # the changed figure is pending again, so not in the approved set
    history = document["claims"][0]["history"]
    assert history[-1]["action"] == "carried_over"
    assert [e["action"] for e in history[:-1]] == [
        "take", "mark", "add_evidence", "propose", "approve"
    ]
    isolated_settings.mkdir(parents=True, exist_ok=True)
    (isolated_settings / "config.toml").write_text(
        'organization = "Example Checks"\n'
        'claimreview_url_pattern = "https://checks.example.org/c/{id}"\n'
    )
    review = export_text(
        store, tmp_path, name="cr.json", format="claimreview",
        filters=ExportFilters(source=second.source_id),
    )
    assert QUOTE in review and "$2.5 billion" not in review and "$2 billion" not in review


def test_an_export_with_carried_history_imports_and_verifies(
    store: Any, tmp_path: Any, migrated_db_url: str
) -> None:
    import json

    from _exchange_helpers import export_document
    from _review_helpers import add_people, bring_to, fresh_database

    from factcheck.exchange.importer import import_document
    from factcheck.store.audit import verify

    add_people(store)
    first = _ingest(store, BASE)
    bring_to(store, _claims(store, first.source_id)[QUOTE].id, "approved")
    _ingest(store, REVISED)
    document = export_document(store, tmp_path)
    actions = sorted(c["history"][-1]["action"] for c in document["claims"])
    assert actions == ["approve", "carried_over"]
    backend = "sqlite" if migrated_db_url.startswith("sqlite") else "postgres"
    (tmp_path / "other").mkdir()
    with fresh_database(backend, tmp_path / "other") as other:
        add_people(other)
        result = import_document(other, json.loads(json.dumps(document)), by="chief")
        assert result is not None
        report = verify(other)
        assert report.ok, report.problems


def test_cli_ingest_json_names_the_revision(migrated_db_url: str, tmp_path: Any) -> None:
    import json

    from _review_helpers import run_cli

    first = _write(tmp_path, "v1.txt", BASE)
    second = _write(tmp_path, "v2.txt", REVISED)
    assert run_cli(migrated_db_url, "ingest", first, "--url", URL).exit_code == 0
    result = run_cli(migrated_db_url, "ingest", second, "--url", URL, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{
        "file": second, "source_id": 2, "claims": 7, "created": True, "error": None,
        "metadata_differs": [],
        "revision": {
            "revision": 2, "previous_source_id": 1, "removed_approved": [],
            "outcomes": {"unchanged": 5, "changed": 1, "removed": 1, "new": 1},
        },
    }]
