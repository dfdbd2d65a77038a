"""``rivalwatch changes``: detected competitor changes (worded like the dashboard), and releasing
price changes held by the mass-change guard."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

import typer

from rivalwatch.cli_common import DatabaseOpt, Format, fail, open_read_db

changes_app = typer.Typer(help="Detected competitor changes.", invoke_without_command=True)


@changes_app.callback()
def changes(
    ctx: typer.Context,
    since: Optional[datetime] = typer.Option(None, "--since", help="Only changes detected on/after this date."),
    store: Optional[str] = typer.Option(None, "--store", "-s"),
    format: Format = typer.Option(Format.table, "--format", "-f"),
    database_url: Optional[str] = DatabaseOpt,
) -> None:
    """List detected competitor changes (or use a subcommand)."""
    if ctx.invoked_subcommand:
        return
    from core.reports import configured_timezone, render
    from rivalwatch.cli_common import change_table
    from storage.queries import changes_feed, recent_changes

    db = open_read_db(database_url)
    if format.value == "table":  # worded like the dashboard, times in the configured zone
        found = changes_feed(db, since=since, stores=[store] if store else None)
        typer.echo(render(change_table(found, configured_timezone()), "table"))
        return
    typer.echo(render(recent_changes(db, since=since, store=store), format.value))


@changes_app.command("release")
def changes_release(store: str = typer.Argument(..., help="Store slug."), database_url: Optional[str] = DatabaseOpt) -> None:
    """Apply price changes held by the mass-change guard after you checked they are real."""
    from storage import release_held

    try:
        count = release_held(open_read_db(database_url), store)
    except LookupError as exc:
        fail(str(exc))
    typer.echo(f"released: {count} change event(s) created for {store}")
