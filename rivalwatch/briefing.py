"""The weekly briefing: what a manager reads on Monday morning without opening the dashboard —
where we lose and where we win, the week's changes that matter (threats and opportunities first),
and one chart (each competitor's price index as an inline bar, so it shows in any mail client).

Built from the read API and worded by ``storage.formatting`` (the same words as the dashboard);
rendered as Markdown or as self-contained HTML (inline styles, no scripts, no images, every scraped
string escaped). ``rivalwatch report --since 7d --format html|md``; delivery: ``briefing_send``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from html import escape

from storage import formatting as fmt
from storage import standing
from storage.impact import impact
from storage.queries import benchmark, changes_feed

FORMATS = ("md", "html")
MAX_CHANGES = 25
_SPAN = re.compile(r"^\s*(\d+)\s*([dhw])\s*$")


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """``7d`` / ``48h`` / ``2w`` / ``2026-12-01`` → the start of the period (UTC)."""
    now = now or datetime.now(timezone.utc)
    found = _SPAN.match(text or "")
    if found:
        amount, unit = int(found.group(1)), found.group(2)
        return now - {"d": timedelta(days=amount), "h": timedelta(hours=amount), "w": timedelta(weeks=amount)}[unit]
    try:
        start = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--since {text!r}: use a span such as 7d, 48h or 2w, or a date such as 2026-12-01") from None
    return start if start.tzinfo else start.replace(tzinfo=timezone.utc)


@dataclass
class Briefing:
    """Everything the briefing shows, already worded."""

    start: datetime
    end: datetime
    tz: str
    standings: list[dict]
    changes: list[dict]  # {store, impact, line, when, link}
    more_changes: int = 0
    index: list[tuple[str, Decimal, int]] = field(default_factory=list)  # (store, price index, matched)

    @property
    def period(self) -> str:
        return f"{fmt.when(self.start, self.tz)} – {fmt.when(self.end, self.tz)}"

    @property
    def counts(self) -> dict[str, int]:
        found = {"threat": 0, "opportunity": 0, "info": 0}
        for change in self.changes:
            found[change["impact"]] += 1
        return found


def build(db, start: datetime, tz: str = "UTC", now: datetime | None = None) -> Briefing:
    """Collect the briefing for changes detected from ``start`` until ``now``."""
    bench = benchmark(db)
    feed = changes_feed(db, since=start, limit=2000)
    rows = []
    for r in feed.to_dict("records"):
        effect = impact(r["subject_type"], r["field"], r["kind"], r["old_raw"], r["new_raw"], own=bool(r["own"]))
        rows.append({"store": r["store_name"], "impact": effect, "line": fmt.change_line(r),
                     "when": fmt.when(r["detected_at"], tz), "link": r["source_url"]})
    order = {"threat": 0, "opportunity": 1, "info": 2}
    rows.sort(key=lambda c: order[c["impact"]])
    index = [(r["store_name"], Decimal(str(r["price_index"])), int(r["products_compared"]))
             for _, r in bench.iterrows() if not r["own"] and not fmt.missing(r["price_index"])]
    return Briefing(start=start, end=now or datetime.now(timezone.utc), tz=tz, standings=standing.standings(bench),
                    changes=rows[:MAX_CHANGES], more_changes=max(0, len(rows) - MAX_CHANGES), index=index)


OUTCOME_WORDS = {"lose": "We lose", "tie": "Level", "win": "We win", "unknown": "Unknown"}
IMPACT_WORDS = {"threat": "Threat", "opportunity": "Opportunity", "info": "For information"}


def _md(text: str) -> str:
    """Scraped text safe inside Markdown (no links, emphasis or HTML from a competitor's page)."""
    return re.sub(r"([\\`*_{}\[\]<>#|!])", r"\\\1", text)


def render_md(b: Briefing) -> str:
    """The briefing as Markdown (chat channels, the terminal)."""
    counts = b.counts
    lines = ["# RivalWatch weekly briefing", f"{b.period}", "",
             "## Where we lose / where we win"]
    lines += [f"- **{OUTCOME_WORDS[s['outcome']]}** · {s['title']}: {_md(s['sentence'])}"
              for s in b.standings if s["outcome"] != "unknown"]
    lines += ["", f"## This week's changes: {counts['threat']} threats, {counts['opportunity']} opportunities, "
                  f"{counts['info']} for information"]
    if not b.changes:
        lines.append("No competitor changes in this period.")
    lines += [f"- **{IMPACT_WORDS[c['impact']]}** · {_md(c['store'])}: {_md(c['line'])} ({c['when']})"
              for c in b.changes]
    if b.more_changes:
        lines.append(f"- … and {b.more_changes} more (see the dashboard's Changes page)")
    lines += ["", "## Price index (our prices = 100)"]
    lines += [f"- {_md(name)}: {fmt.number(value, 1)} ({fmt.percent(value - 100)} vs us, {n} matched products)"
              for name, value, n in b.index] or ["No matched products priced in the same currency yet."]
    return "\n".join(lines) + "\n"


_CSS = {
    "lose": "background:#fbe3e3", "tie": "", "win": "background:#e2f3e7", "unknown": "",
    "threat": "background:#fbe3e3", "opportunity": "background:#e2f3e7", "info": "",
}
_CELL = "padding:4px 8px;border-bottom:1px solid #ddd;vertical-align:top;text-align:left"


def _bar(name: str, value: Decimal, matched: int, low: float, high: float) -> str:
    """One row of the inline bar chart: a bar from 100 to the index, left (cheaper) or right (dearer)."""
    span = max(high - low, 1.0)
    left, right = sorted([(float(value) - low) / span * 100, (100 - low) / span * 100])
    colour = "#2e8b57" if value < 100 else "#c0392b"
    words = f"{fmt.number(value, 1)} ({fmt.percent(value - 100)} vs us)"
    return (f'<tr><td style="{_CELL};width:22%">{escape(name)}</td><td style="{_CELL};width:50%">'
            f'<div style="position:relative;height:14px;background:#f2f2f2">'
            f'<div style="position:absolute;left:{left:.1f}%;width:{max(right - left, 0.5):.1f}%;height:14px;'
            f'background:{colour}"></div></div></td><td style="{_CELL}">{escape(words)}, {matched} matched</td></tr>')


def render_html(b: Briefing) -> str:
    """The briefing as one self-contained HTML document (email)."""
    counts = b.counts
    out = ['<!doctype html><html><head><meta charset="utf-8"><title>RivalWatch weekly briefing</title></head>',
           '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222;max-width:760px">',
           f"<h1 style='font-size:20px'>RivalWatch weekly briefing</h1><p>{escape(b.period)}</p>",
           "<h2 style='font-size:16px'>Where we lose / where we win</h2><table style='border-collapse:collapse;width:100%'>"]
    for s in b.standings:
        if s["outcome"] == "unknown":
            continue
        out.append(f'<tr style="{_CSS[s["outcome"]]}"><td style="{_CELL};width:12%"><b>{OUTCOME_WORDS[s["outcome"]]}</b></td>'
                   f'<td style="{_CELL}"><b>{escape(s["title"])}</b>: {escape(s["sentence"])}</td></tr>')
    out.append("</table>")
    out.append(f"<h2 style='font-size:16px'>This week's changes: {counts['threat']} threats, "
               f"{counts['opportunity']} opportunities, {counts['info']} for information</h2>")
    if not b.changes:
        out.append("<p>No competitor changes in this period.</p>")
    else:
        out.append("<table style='border-collapse:collapse;width:100%'>")
        for c in b.changes:
            link = c["link"] if str(c["link"] or "").startswith(("http://", "https://")) else None
            evidence = f' <a href="{escape(link)}">evidence</a>' if link else ""
            out.append(f'<tr style="{_CSS[c["impact"]]}"><td style="{_CELL};width:14%"><b>{IMPACT_WORDS[c["impact"]]}</b></td>'
                       f'<td style="{_CELL};width:16%">{escape(c["store"])}</td>'
                       f'<td style="{_CELL}">{escape(c["line"])}{evidence}</td>'
                       f'<td style="{_CELL};width:20%">{escape(c["when"])}</td></tr>')
        out.append("</table>")
        if b.more_changes:
            out.append(f"<p>… and {b.more_changes} more on the dashboard's Changes page.</p>")
    out.append("<h2 style='font-size:16px'>Price index (our prices = 100)</h2>")
    if b.index:
        values = [float(v) for _, v, _ in b.index] + [100.0]
        low, high = min(values) - 2, max(values) + 2
        out.append("<table style='border-collapse:collapse;width:100%'>")
        out += [_bar(name, value, n, low, high) for name, value, n in b.index]
        out.append("</table><p style='font-size:12px;color:#555'>Green: cheaper than us; red: dearer than us. "
                   "Bars start at our prices (100).</p>")
    else:
        out.append("<p>No matched products priced in the same currency yet.</p>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def render(b: Briefing, format: str) -> str:
    """``md`` or ``html``."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; choose md or html")
    return render_md(b) if format == "md" else render_html(b)
