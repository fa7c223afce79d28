"""``factcheck report``: the annotated-article HTML page of one source.

Thin over :mod:`factcheck.report`; imports nothing heavy until it runs.
"""

from __future__ import annotations

import click

from factcheck.cli._common import AppContext, RowId, emit_json, json_option, pass_app


@click.command()
@click.argument("source_id", metavar="SOURCE", type=RowId("source"))
@click.option(
    "-o",
    "--output",
    metavar="FILE.html",
    help="Where to write the page; '-' prints it to stdout (default: report-SOURCE.html "
    "in the current folder).",
)
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@json_option
@pass_app
def report(
    app: AppContext, source_id: int, output: str | None, force: bool, as_json: bool
) -> None:
    """Write an annotated-article HTML report of source SOURCE.

    One self-contained page that opens in any browser, offline: the article
    with every sentence highlighted by attribution kind (with a legend), the
    speaker named, hedge words marked, and each claim's evidence status and
    review state as badges. Hover over or click a sentence to see its cue,
    rule, evidence links and review history. An existing file is kept unless
    --force is given.

    \b
    Example:
      factcheck report 1                 # writes report-1.html here
      factcheck report 1 -o nba.html --force
      factcheck report 1 -o - > /tmp/report.html
    """
    store = app.store()
    if output == "-":
        from factcheck.report import render_report

        click.echo(render_report(store, source_id=source_id), nl=False)
        return
    from factcheck.report import write_report

    path = write_report(
        store, source_id=source_id, path=output or f"report-{source_id}.html", force=force
    )
    if as_json:
        emit_json({"source_id": source_id, "path": str(path)})
    else:
        click.echo(f"Wrote {path}")
