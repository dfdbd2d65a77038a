"""Plain-text summaries of crawl runs for the terminal."""

from __future__ import annotations

import typer


def print_run_summaries(runs) -> None:
    """One line per run: store, status, health, pages, items, errors, changes."""
    if not runs:
        typer.echo("no run was recorded")
        return
    for run in runs:
        reasons = list(run.health_reasons or [])
        health = ("healthy" + (" (" + "; ".join(reasons) + ")" if reasons else "")  # warning: lines only
                  if run.healthy else "NOT healthy: " + "; ".join(reasons))
        typer.echo(
            f"{run.store:<16} run {run.run_id:<4} {run.status:<9} {health} — pages {run.pages}, "
            f"items {run.items}, errors {run.errors}, changes {run.changes}"
        )
