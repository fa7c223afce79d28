"""``factcheck audit``: verify the record, and take checkpoints to verify against."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from factcheck.cli._common import AppContext, emit_json, json_option, pass_app

if TYPE_CHECKING:
    from factcheck.store.audit import Checkpoint


@click.group(name="audit")
def audit() -> None:
    """Verify the tamper-evident record; take checkpoints to keep elsewhere.

    \b
    Example:
      factcheck audit verify
      factcheck audit checkpoint -o checkpoints/2026-12-08.json
      factcheck audit verify --against checkpoints/2026-12-08.json
    """


@audit.command(name="verify")
@click.option(
    "--against",
    metavar="CHECKPOINT",
    help="Also check that nothing recorded at this checkpoint was rewritten since.",
)
@json_option
@pass_app
def verify(app: AppContext, against: str | None, as_json: bool) -> None:
    """Check the whole record: chains, rules, rows against events, people, sources.

    Every claim's hash chain; its history replayed through the review rules
    with the roles of the time (desk log); the claim row against that replay
    (state, verdict, note, assignee, proposer, approver, evidence, content
    hash); the reviewers table against the desk log; sources against their
    content hashes; rows without the rows they belong to, both ways; imports
    against their desk events. The digest fingerprints it all. With
    --against, anything that existed at the checkpoint and was rewritten
    since (even with every hash recomputed) is reported too.

    \b
    Example:
      factcheck audit verify
      factcheck audit verify --against checkpoint.json
      factcheck audit verify --json | jq .first_broken

    \b
    Exit codes: 0 record intact; 1 a problem was found (or a database or
    checkpoint error); 2 usage error.
    """
    from factcheck.store.audit import verify as verify_history

    point = _load_checkpoint(against) if against else None
    result = verify_history(app.store(), against=point)
    if as_json:
        emit_json(result.model_dump(mode="json"))
    elif result.ok:
        checked = f"; matches the checkpoint {point.digest}" if point else ""
        click.echo(
            f"audit ok: {result.events_checked} events on {result.claims_checked} claims "
            f"and {result.desk_events_checked} desk events verified; "
            f"digest {result.digest}{checked}"
        )
    else:
        assert result.first_broken is not None
        click.echo(
            f"audit FAILED: {len(result.problems)} problem(s); first: "
            f"{result.first_broken.describe()}"
        )
    if not result.ok:
        sys.exit(1)


@audit.command(name="checkpoint")
@click.option("-o", "--output", metavar="FILE", help="Write the checkpoint to FILE.")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@pass_app
def checkpoint(app: AppContext, output: str | None, force: bool) -> None:
    """Fingerprint the record now: every chain's head, counts, time and digest.

    Keep the file (or publish its digest) somewhere the database's owner
    cannot change; `audit verify --against FILE` later detects any rewrite of
    what existed now. Refused if the record does not verify. Without -o the
    checkpoint is printed; with -o a one-line summary is.

    \b
    Example:
      factcheck audit checkpoint -o checkpoint.json
      factcheck audit checkpoint | tee -a published-checkpoints.jsonl

    \b
    Exit codes: 0 written; 1 the record does not verify, or FILE cannot be
    written; 2 usage error.
    """
    from factcheck.exchange.jsonio import atomic_output, canonical_json
    from factcheck.store.audit import checkpoint as take

    point = take(app.store())
    text = canonical_json(point.model_dump(mode="json"), indent=None) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    with atomic_output(output, force=force) as handle:
        handle.write(text)
    click.echo(f"checkpoint: {point.summary()}; written to {output}")


def _load_checkpoint(path: str) -> Checkpoint:
    from pydantic import ValidationError

    from factcheck.errors import InputError
    from factcheck.exchange.jsonio import read_json_file
    from factcheck.store.audit import CHECKPOINT_FORMAT, Checkpoint

    document = read_json_file(path)
    try:
        point = Checkpoint.model_validate(document)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ())) or "(document)"
        raise InputError(f"{path} is not a checkpoint: {where}: {first.get('msg')}") from None
    if point.format != CHECKPOINT_FORMAT:
        raise InputError(f"{path} is a {point.format!r} checkpoint; expected {CHECKPOINT_FORMAT}")
    return point
