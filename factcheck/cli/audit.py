"""``factcheck audit verify``: check the tamper-evident review history."""

from __future__ import annotations

import sys

import click

from factcheck.cli._common import AppContext, emit_json, json_option, pass_app


@click.group(name="audit")
def audit() -> None:
    """Verify the tamper-evident review history.

    \b
    Example:
      factcheck audit verify
    """


@audit.command(name="verify")
@json_option
@pass_app
def verify(app: AppContext, as_json: bool) -> None:
    """Check every claim's hash chain and that each claim agrees with its history.

    Reports the first broken link (claim, event, what is wrong) if any event
    was edited, deleted, inserted or reordered, or a claim was changed outside
    the workflow. The digest fingerprints every chain's head: note it down, and
    a later rewrite of the whole history shows up as a different digest.

    \b
    Example:
      factcheck audit verify
      factcheck audit verify --json | jq .first_broken

    \b
    Exit codes: 0 history intact; 1 a broken link was found (or a database
    error); 2 usage error.
    """
    from factcheck.store.audit import verify as verify_history

    result = verify_history(app.store())
    if as_json:
        emit_json(result.model_dump(mode="json"))
    elif result.ok:
        click.echo(
            f"audit ok: {result.events_checked} events on {result.claims_checked} claims "
            f"verified; digest {result.digest}"
        )
    else:
        assert result.first_broken is not None
        click.echo(
            f"audit FAILED: {len(result.problems)} problem(s); first: "
            f"{result.first_broken.describe()}"
        )
    if not result.ok:
        sys.exit(1)
