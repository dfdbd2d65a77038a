"""``rivalwatch overrides``: the state of analyst overrides, and re-arming a suspended one.

An override (``overrides:`` in a store's YAML) is suspended when its page's wording changes; after
re-checking, the analyst edits or removes it in the YAML, or keeps the same value with
``rivalwatch overrides confirm STORE PATH`` (the next crawl records the page's current wording).
"""

from __future__ import annotations

from typing import Optional

import typer

overrides_app = typer.Typer(help="Analyst overrides of shipping / returns facts.", no_args_is_help=True)


@overrides_app.command("list")
def overrides_list(store: Optional[str] = typer.Argument(None, help="Store slug (default: all)."),
                   database_url: Optional[str] = typer.Option(None, "--database-url", envvar="RIVALWATCH_DATABASE_URL")) -> None:
    """Every recorded override: store, fact path, value, active or suspended, since when."""
    from rivalwatch.cli_common import open_read_db
    from storage.overrides import override_states

    rows = override_states(open_read_db(database_url), store)
    if not rows:
        typer.echo("no overrides recorded (they are recorded when a crawl first applies them)")
    for row in rows:
        when = row["suspended_at"] if row["status"] == "suspended" else row["applied_at"]
        typer.echo(f"{row['slug']:<20} {row['path']:<36} {row['value']:<24} {row['status']:<10} {when:%Y-%m-%d %H:%M}")


@overrides_app.command("confirm")
def overrides_confirm(store: str = typer.Argument(..., help="Store slug."),
                      path: str = typer.Argument(..., help="Fact path, e.g. returns.window_days."),
                      database_url: Optional[str] = typer.Option(None, "--database-url", envvar="RIVALWATCH_DATABASE_URL")) -> None:
    """Keep a suspended override: it applies again, against the wording the next crawl sees."""
    from rivalwatch.cli_common import fail, open_read_db
    from storage.overrides import confirm_override

    if not confirm_override(open_read_db(database_url), store, path):
        fail(f"no override {path} recorded for store {store}; see `rivalwatch overrides list`")
    typer.echo(f"confirmed: {store} {path} applies again from the next crawl")
