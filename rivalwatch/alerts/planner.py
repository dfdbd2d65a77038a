"""Decide, for every new change event, which channels get it, when, and as what (immediate / digest)."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from rivalwatch.alerts.matching import is_operator_event, matches
from core.config.global_settings import GlobalSettings, QuietHours
from core.config.rules import parse_rule
from storage.outbox import own_prices, plan_deliveries, unplanned_events

SEVERITY_ORDER = {"info": 0, "warning": 1, "critical": 2}


def quiet_until(now: datetime, quiet: QuietHours | None) -> datetime | None:
    """End of the quiet period ``now`` falls in, or None when not quiet."""
    if quiet is None:
        return None
    tz = ZoneInfo(quiet.timezone)
    local = now.astimezone(tz)
    start, end = time.fromisoformat(quiet.start), time.fromisoformat(quiet.end)
    t = local.time()
    inside = start <= t < end if start < end else (t >= start or t < end)
    if not inside:
        return None
    end_day = local.date() if t < end else local.date() + timedelta(days=1)
    return datetime.combine(end_day, end, tz).astimezone(timezone.utc)


def next_digest(now: datetime, schedule: str) -> datetime:
    """Next firing of the digest cron (UTC)."""
    return CronTrigger.from_crontab(schedule, timezone=timezone.utc).get_next_fire_time(None, now)


def _targets(event, configs, settings: GlobalSettings, own_price) -> dict[str, tuple[str, str]]:
    """channel -> (mode, severity) for one event."""
    channels = settings.channels
    if is_operator_event(event):
        return {c.name: ("immediate", event.severity) for c in channels if "operator" in c.kinds}
    if event.own_store:
        return {}
    store = configs.get(event.store_slug) if configs else None
    rules = [*(store.alerts if store else []), *settings.alerts]
    chosen: dict[str, tuple[str, str]] = {}
    for rule in rules:
        if not matches(parse_rule(rule.when), event, own_price):
            continue
        names = rule.channels or [c.name for c in channels if "change" in c.kinds]
        severity = rule.severity or event.severity
        for name in names:
            mode, sev = chosen.get(name, (rule.mode, severity))
            mode = "immediate" if "immediate" in (mode, rule.mode) else "digest"
            chosen[name] = (mode, max(sev, severity, key=SEVERITY_ORDER.__getitem__))
    return chosen


def plan_alerts(db, configs, now: datetime | None = None) -> int:
    """Write outbox rows for every unplanned event; return how many deliveries were planned."""
    now = now or datetime.now(timezone.utc)
    settings = (configs.settings if configs else None) or GlobalSettings()
    events = unplanned_events(db)
    if not events:
        return 0
    prices = own_prices(db, [e.product_id for e in events if e.product_id])
    quiet_end = quiet_until(now, settings.quiet_hours)
    deliveries = []
    for event in events:
        for channel, (mode, severity) in _targets(event, configs, settings, prices.get(event.product_id)).items():
            if mode == "digest":
                due = next_digest(now, settings.digest_schedule)
            else:
                due = quiet_end if quiet_end and severity != "critical" else now
            deliveries.append({
                "event_id": event.id, "channel": channel, "mode": mode, "severity": severity,
                "idempotency_key": f"{channel}:{event.id}", "next_attempt_at": due,
            })
    plan_deliveries(db, [e.id for e in events], deliveries)
    return len(deliveries)
