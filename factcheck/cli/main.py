"""The ``factcheck`` command: a lazy Click group over the library.

Command modules are imported only when their command runs, and ``--help``
lists them from the table below without importing anything, so start-up stays
close to a bare ``python -c pass`` (see ``bench/bench_startup.py``).

Exit codes: 0 ok, 1 user error (one line on stderr), 2 usage error.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from factcheck import __version__
from factcheck.cli._common import AppContext, handle_errors, non_utf8_argument

# name -> (module, attribute, one-line help). The help text is repeated here so
# `factcheck --help` can list every command without importing it. The console
# script prints the top-level help pre-rendered (factcheck/cli/entry.py): after
# changing this table or the options below, run
# `python -m factcheck.cli.entry --regenerate-help` (tests/test_startup.py checks).
COMMANDS: dict[str, tuple[str, str, str]] = {
    "extract": (
        "factcheck.cli.extract",
        "extract",
        "Split an article into attributed claims (no database).",
    ),
    "ingest": ("factcheck.cli.ingest", "ingest", "Extract articles and store their claims."),
    "demo": (
        "factcheck.cli.ingest",
        "demo",
        "Ingest the bundled sample article and show its claims.",
    ),
    "sources": ("factcheck.cli.sources", "sources", "List and show stored sources."),
    "claims": ("factcheck.cli.claims", "claims", "List, search and show stored claims."),
    "take": ("factcheck.cli.review", "take", "Take a claim for review."),
    "mark": ("factcheck.cli.review", "mark", "Set a claim's evidence status and note."),
    "evidence": ("factcheck.cli.review", "evidence", "Attach evidence links to claims."),
    "propose": ("factcheck.cli.review", "propose", "Propose a claim's verdict for approval."),
    "approve": (
        "factcheck.cli.review",
        "approve",
        "Approve a proposed verdict (editor, four eyes).",
    ),
    "return": ("factcheck.cli.review", "return_", "Return a proposed claim to review (editor)."),
    "dismiss": ("factcheck.cli.review", "dismiss", "Dismiss a claim as not check-worthy (editor)."),
    "reopen": ("factcheck.cli.review", "reopen", "Reopen an approved or dismissed claim (editor)."),
    "release": ("factcheck.cli.review", "release", "Give a claim in review back to pending."),
    "comment": ("factcheck.cli.review", "comment", "Add a comment to a claim's thread."),
    "history": ("factcheck.cli.review", "history", "Show a claim's review history."),
    "suggestions": (
        "factcheck.cli.similar",
        "suggestions",
        "Confirm or reject checked-before matches.",
    ),
    "review": ("factcheck.cli.queue", "review", "Review claims one at a time, interactively."),
    "reviewers": ("factcheck.cli.reviewers", "reviewers", "Manage reviewers and their roles."),
    "audit": ("factcheck.cli.audit", "audit", "Verify the tamper-evident review history."),
    "export": (
        "factcheck.cli.exchange",
        "export",
        "Export verified claim sets (JSON, JSONL, ClaimReview, CSV).",
    ),
    "import": ("factcheck.cli.exchange", "import_", "Import a claim-set JSON document."),
    "schema": ("factcheck.cli.schema", "schema", "Show and validate against the JSON Schemas."),
    "report": ("factcheck.cli.report", "report", "Write an annotated-article HTML report."),
    "db": ("factcheck.cli.db", "db", "Migrate and inspect the database."),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        module_name, attribute, _ = entry
        from importlib import import_module

        command = getattr(import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        return command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # Every argument, the subcommands' included, passes here first.
        problem = None if ctx.resilient_parsing else non_utf8_argument(args)
        if problem:
            click.echo(f"Error: {problem}", err=True)
            ctx.exit(1)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        with handle_errors():
            return super().invoke(ctx)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, help_text) for name, (_, _, help_text) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="factcheck")
@click.option(
    "--db",
    "database_url",
    metavar="URL",
    help="Database URL (default: FACTCHECK_DATABASE_URL, the config file, "
    "else a SQLite file in the data directory).",
)
@click.option(
    "--as",
    "reviewer",
    metavar="HANDLE",
    help="Act as this reviewer (default: FACTCHECK_REVIEWER).",
)
@click.pass_context
def cli(ctx: click.Context, database_url: str | None, reviewer: str | None) -> None:
    """Extract attributed claims from news articles, review them, export them.

    \b
    Example:
      factcheck extract article.txt --format table
      factcheck ingest article.txt
      factcheck claims list
    """
    ctx.obj = AppContext(database_url=database_url, reviewer=reviewer)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(cli())
