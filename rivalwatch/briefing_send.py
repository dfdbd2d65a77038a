"""``rivalwatch report`` and the scheduled weekly briefing: render it, or send it through the alert
channels of ``rivalwatch.yaml`` that take change alerts — email as HTML, other services as Markdown —
with apprise, the SSRF check of alert delivery and secrets masked in errors.

``briefing_schedule`` (cron, in the settings' ``timezone``) makes ``rivalwatch schedule`` send it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Optional

import apprise
import typer

from rivalwatch.alerts.sender import _check_target, mask_secrets
from rivalwatch.briefing import build, parse_since, render
from core.config.global_settings import GlobalSettings, channel_scheme
from core.netguard import BlockedAddress

logger = logging.getLogger(__name__)
EMAIL_SCHEMES = ("mailto", "mailtos")
TITLE = "RivalWatch weekly briefing"
Sender = Callable[[str, str, str, str], tuple[bool, str]]


def apprise_send(url: str, title: str, body: str, body_format: str) -> tuple[bool, str]:
    """Send one message with apprise in ``html`` or ``markdown``; (accepted, error)."""
    notifier = apprise.Apprise()
    if not notifier.add(url):
        return False, "the notification URL is not understood by apprise"
    kind = apprise.NotifyFormat.HTML if body_format == "html" else apprise.NotifyFormat.MARKDOWN
    with apprise.LogCapture(level=apprise.logging.WARNING) as log:
        ok = bool(notifier.notify(body=body, title=title, body_format=kind))
        output = log.getvalue().strip()
    return ok, "" if ok else (output.splitlines()[-1] if output else "delivery failed")


def send_briefing(db, settings: GlobalSettings, since: str = "7d", *, send: Sender = apprise_send,
                  now: datetime | None = None) -> list[tuple[str, bool, str]]:
    """Send the briefing to every channel that takes change alerts; [(channel, sent, error)]."""
    briefing = build(db, parse_since(since, now), settings.timezone, now)
    bodies = {}
    results = []
    for channel in settings.channels:
        if "change" not in channel.kinds:
            continue
        url = ""
        try:
            url = channel.resolve_url()
            _check_target(url, settings.allow_private_targets)
            body_format = "html" if channel_scheme(url) in EMAIL_SCHEMES else "markdown"
            if body_format not in bodies:
                bodies[body_format] = render(briefing, "html" if body_format == "html" else "md")
            ok, error = send(url, f"{TITLE}: {briefing.period}", bodies[body_format], body_format)
        except (ValueError, BlockedAddress) as exc:
            ok, error = False, str(exc)
        results.append((channel.name, ok, "" if ok else (mask_secrets(error, url) if url else error)))
        logger.info("briefing to %s: %s", channel.name, "sent" if ok else f"failed ({results[-1][2]})")
    return results


def briefing_job(config_dir: Path, database_url: str | None) -> Callable[[], None]:
    """The scheduler's weekly job: re-read the settings, send the briefing, log the outcome."""

    def job() -> None:
        from core.config.global_settings import load_global_settings
        from storage import Database, StorageConfig

        settings, errors = load_global_settings(Path(config_dir))
        if errors:
            logger.error("briefing not sent: %s", errors[0])
            return
        db = Database.connect(database_url or StorageConfig.from_env().url)
        try:
            send_briefing(db, settings)
        finally:
            db.dispose()

    return job


def report(
    since: str = typer.Option("7d", "--since", help="Period: a span such as 7d, 48h, 2w, or a date (2026-12-01)."),
    format: str = typer.Option("md", "--format", "-f", help="md (Markdown) or html (email)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    send_now: bool = typer.Option(False, "--send", help="Send it to the change-alert channels of rivalwatch.yaml."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="Config directory (for timezone and channels)."),
    database_url: Optional[str] = typer.Option(None, "--database-url", envvar="RIVALWATCH_DATABASE_URL"),
) -> None:
    """The weekly briefing: where we lose / win, the period's changes that matter, the price index."""
    from rivalwatch.cli_common import fail, open_read_db
    from core.config.global_settings import load_global_settings
    from core.config.loader import default_config_dir

    if format not in ("md", "html"):
        fail(f"--format {format!r}: use md or html")
    settings, errors = load_global_settings(config or default_config_dir())
    if errors:
        fail(str(errors[0]))
    try:
        start = parse_since(since)
    except ValueError as exc:
        fail(str(exc))
    db = open_read_db(database_url)
    if send_now:
        results = send_briefing(db, settings, since)
        for name, ok, error in results:
            typer.echo(f"{name}: {'sent' if ok else 'failed: ' + error}")
        if not results:
            fail("no channel takes change alerts in rivalwatch.yaml (channels[].kinds)")
        raise typer.Exit(0 if all(ok for _, ok, _ in results) else 1)
    text = render(build(db, start, settings.timezone, datetime.now(timezone.utc)), format)
    if output:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"briefing written to {output}")
    else:
        typer.echo(text, nl=False)


def add_briefing_job(scheduler, ctx, settings: GlobalSettings | None, grace_seconds: int = 12 * 3600) -> bool:
    """Add the weekly briefing to an APScheduler scheduler when ``briefing_schedule`` is set."""
    if settings is None or not settings.briefing_schedule:
        return False
    from core.config.cron import cron_trigger

    trigger = cron_trigger(settings.briefing_schedule, timezone=settings.timezone)
    scheduler.add_job(briefing_job(ctx.config_dir, ctx.database_url), trigger=trigger, id="weekly-briefing",
                      name="weekly briefing", coalesce=True, max_instances=1, misfire_grace_time=grace_seconds)
    logger.info("scheduled the weekly briefing: %r in %s", settings.briefing_schedule, settings.timezone)
    return True
