"""Deliver due outbox rows with apprise: grouped per channel (and store, for immediate alerts), retried
with exponential backoff, secrets masked in every logged error.

Delivery is at-least-once per outbox row and a row is marked sent only after the service accepted
it, so a crash or an outage never loses an alert; the message carries the row's idempotency key
(``RW-`` ids) for receivers that de-duplicate.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Callable
from urllib.parse import urlsplit

import apprise

from rivalwatch.alerts.templates import TemplateProblem, render_message
from core.config.global_settings import GlobalSettings, channel_scheme
from core.netguard import BlockedAddress, check_host
from storage.outbox import due_deliveries, mark_attempt_failed, mark_sent

MAX_ATTEMPTS = 8
BASE_BACKOFF = timedelta(seconds=30)
MAX_BACKOFF = timedelta(hours=2)
Notifier = Callable[[str, str, str], tuple[bool, str]]


@dataclass
class SendReport:
    """What one ``send`` pass did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def mask_secrets(text: str, url: str) -> str:
    """Replace the URL and its credential/path parts with *** in a message."""
    masked = text.replace(url, "***")
    parts = urlsplit(url)
    for secret in (parts.password, parts.username, *[p for p in parts.path.split("/") if len(p) >= 6]):
        if secret:
            masked = masked.replace(secret, "***")
    return re.sub(r"(token|key|secret|password)=[^&\s]+", r"\1=***", masked, flags=re.I)


def apprise_notify(url: str, title: str, body: str) -> tuple[bool, str]:
    """Send one message; return (accepted, error text)."""
    notifier = apprise.Apprise()
    if not notifier.add(url):
        return False, "the notification URL is not understood by apprise"
    with apprise.LogCapture(level=apprise.logging.WARNING) as log:
        ok = bool(notifier.notify(body=body, title=title, body_format=apprise.NotifyFormat.TEXT))
        output = log.getvalue().strip()
    return ok, "" if ok else (output.splitlines()[-1] if output else "delivery failed")


def backoff(attempts: int) -> timedelta:
    """Delay before the next attempt after ``attempts`` failures."""
    return min(BASE_BACKOFF * (2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def _check_target(url: str, allow_private: bool) -> None:
    host = urlsplit(url).hostname
    if channel_scheme(url) in ("json", "jsons", "form", "forms", "xml", "xmls", "mailto", "mailtos", "ntfy", "ntfys"):
        check_host(host, allow_private=allow_private)


def _groups(due):
    groups = defaultdict(list)
    for delivery in due:
        store = delivery.event.store_name if delivery.mode == "immediate" else None
        groups[(delivery.channel, delivery.mode, store)].append(delivery)
    return groups


def send_due(db, settings: GlobalSettings, *, now: datetime | None = None, notify: Notifier = apprise_notify) -> SendReport:
    """Deliver every due outbox row; return a report."""
    now = now or datetime.now(timezone.utc)
    report = SendReport()
    channels = {c.name: c for c in settings.channels}
    for (name, _mode, store), rows in _groups(due_deliveries(db, now)).items():
        ids = [row.id for row in rows]
        channel = channels.get(name)
        if channel is None:
            mark_attempt_failed(db, ids, f"channel {name!r} is no longer configured", None)
            report.failed += len(ids)
            continue
        try:
            url = channel.resolve_url()
            _check_target(url, settings.allow_private_targets)
            templates = settings.templates
            title, body = render_message(
                [row.event for row in rows], scheme=channel_scheme(url), store=store,
                title_template=templates.title if templates else None, body_template=templates.body if templates else None,
                tz=settings.timezone,
            )
            body += "\n" + " ".join(f"RW-{i}" for i in ids)
            ok, error = notify(url, title, body)
        except (ValueError, BlockedAddress, TemplateProblem) as exc:
            ok, error, url = False, str(exc), ""
        if ok:
            mark_sent(db, ids)
            report.sent += len(ids)
            continue
        error = mask_secrets(error, url) if url else error
        attempts = max(row.attempts for row in rows) + 1
        retry_at = now + backoff(attempts) if attempts < MAX_ATTEMPTS else None
        mark_attempt_failed(db, ids, error, retry_at)
        report.errors.append(f"{name}: {error}")
        if retry_at:
            report.retrying += len(ids)
        else:
            report.failed += len(ids)
    return report


def send_test(settings: GlobalSettings, channel_name: str, notify: Notifier = apprise_notify) -> tuple[bool, str]:
    """Send a test message to one channel."""
    channel = next((c for c in settings.channels if c.name == channel_name), None)
    if channel is None:
        known = ", ".join(c.name for c in settings.channels) or "none configured"
        return False, f"unknown channel {channel_name!r} (known: {known})"
    try:
        url = channel.resolve_url()
        _check_target(url, settings.allow_private_targets)
    except (ValueError, BlockedAddress) as exc:
        return False, str(exc)
    ok, error = notify(url, "RivalWatch test message", "If you can read this, alerts reach this channel.")
    return ok, "sent" if ok else mask_secrets(error, url)
