"""``rivalwatch alerts``: plan and deliver alerts for new change events, and test a channel."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from rivalwatch.cli_common import ConfigOpt, DatabaseOpt, fail, load_configs

alerts_app = typer.Typer(help="Deliver alerts (email, Slack, webhooks … via apprise).", no_args_is_help=True)


@alerts_app.command("send")
def alerts_send(config: Optional[Path] = ConfigOpt, database_url: Optional[str] = DatabaseOpt) -> None:
    """Plan alerts for new change events and deliver everything due."""
    from rivalwatch.alerts.planner import plan_alerts
    from rivalwatch.alerts.sender import send_due
    from storage import Database, upgrade

    configs = load_configs(config)
    db = Database.connect(database_url)
    upgrade(db)
    planned = plan_alerts(db, configs)
    report = send_due(db, configs.settings)
    typer.echo(f"planned {planned}, sent {report.sent}, retrying {report.retrying}, failed {report.failed}")
    for error in report.errors:
        typer.echo(f"  {error}", err=True)
    if report.failed:
        raise typer.Exit(1)


@alerts_app.command("test")
def alerts_test(channel: str = typer.Argument(..., help="Channel name from rivalwatch.yaml."), config: Optional[Path] = ConfigOpt) -> None:
    """Send a test message to one channel."""
    from rivalwatch.alerts.sender import send_test

    ok, message = send_test(load_configs(config).settings, channel)
    if not ok:
        fail(message)
    typer.echo(f"{channel}: {message}")
