"""Cron expressions read the way cron reads them, as APScheduler triggers.

APScheduler 3 numbers weekdays from Monday = 0, so ``CronTrigger.from_crontab("0 7 * * 1")`` fires on
Tuesdays, while cron (and every analyst) means Monday. The day-of-week field is therefore expanded
into weekday names before APScheduler sees it: ``1-5`` → ``mon,tue,wed,thu,fri``; ``0`` and ``7`` are
Sunday; names, ``*`` and other fields pass through unchanged.
"""

from __future__ import annotations

import re

_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
_TOKEN = re.compile(r"^(?:(\*)|(\d+)(?:-(\d+))?)(?:/(\d+))?$")


def _days(token: str) -> list[int] | None:
    """Cron weekday numbers (0 = Sunday) of one comma-separated token; None when it holds names."""
    m = _TOKEN.match(token)
    if not m:
        return None
    star, low, high, step = m.groups()
    start, end = (0, 6) if star else (int(low), int(high if high is not None else low))
    if step is None and not star and high is None:
        return [start % 7] if start <= 7 else None
    if start > 7 or end > 7 or start > end:
        return None
    return sorted({d % 7 for d in range(start, end + 1, int(step or 1))})


def weekday_field(field: str) -> str:
    """The day-of-week field with cron numbers turned into names (unchanged when it has none)."""
    if field == "*" or not re.search(r"\d", field):
        return field
    names: list[str] = []
    for token in field.split(","):
        days = _days(token)
        if days is None:
            return field  # let APScheduler's own validation name the problem
        names += [_NAMES[d] for d in days if _NAMES[d] not in names]
    return ",".join(names)


def cron_trigger(expression: str, timezone=None):
    """An APScheduler ``CronTrigger`` firing when cron would fire for this 5-field expression."""
    from apscheduler.triggers.cron import CronTrigger

    fields = expression.split()
    if len(fields) == 5:
        fields[4] = weekday_field(fields[4])
    return CronTrigger.from_crontab(" ".join(fields), timezone=timezone)
