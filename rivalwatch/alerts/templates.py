"""Alert message rendering: Jinja2 in a sandbox, scraped text escaped for the target, output capped.

The operator's template text is trusted; every value put into it (store names, product titles,
summaries — all scraped) is escaped for the channel: HTML for email, Slack's ``& < >`` escaping for
Slack (so ``<!channel>`` or ``<https://evil|Update>`` stay text), nothing for JSON webhooks
(the JSON encoder quotes them).
"""

from __future__ import annotations

import html

from jinja2 import TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

MAX_OUTPUT_CHARS = 20_000
DEFAULT_TITLE = "RivalWatch: {{ count }} change{{ 's' if count != 1 else '' }}{% if store %} at {{ store }}{% endif %}"
DEFAULT_BODY = (
    "{% for e in events %}- [{{ e.impact }}] {{ e.store_name }}: {{ e.summary }} ({{ e.detected_at }})\n{% endfor %}"
    "{% if more %}… and {{ more }} more (see the dashboard)\n{% endif %}"
)
MAX_EVENTS_LISTED = 50


def slack_escape(text: str) -> str:
    """Slack's documented escaping for message text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("@here", "@\u200bhere")


ESCAPERS = {
    "slack": slack_escape,
    "mailto": html.escape,
    "mailtos": html.escape,
}


class TemplateProblem(ValueError):
    """A template could not be rendered safely."""


def _environment(scheme: str) -> ImmutableSandboxedEnvironment:
    escape = ESCAPERS.get(scheme, lambda text: text)
    env = ImmutableSandboxedEnvironment(autoescape=False, finalize=lambda v: escape(v) if isinstance(v, str) else v)
    env.globals.clear()  # no range(), lipsum, dict, cycler …
    return env


def _impact(e) -> str:
    from storage.impact import impact

    if getattr(e, "subject_type", None) is None:
        return "info"
    return impact(e.subject_type, e.field, e.kind, e.old_value, e.new_value, own=bool(getattr(e, "own_store", False)))


def _summary(e) -> str:
    """The event worded by the formatting layer (events without their values keep their summary)."""
    from storage import formatting as fmt

    return fmt.change_line(e) if getattr(e, "subject_type", None) is not None else e.summary


def render_message(
    events: list, *, scheme: str, store: str | None, title_template: str | None = None, body_template: str | None = None,
    tz: str = "UTC",
) -> tuple[str, str]:
    """Title and body for a group of events sent to a channel of ``scheme``.

    ``summary`` is worded by the formatting layer (the dashboard's words: money by currency, the
    product's SKU/URL); ``impact`` is threat / opportunity / info from our side; times in ``tz``."""
    from storage import formatting as fmt

    env = _environment(scheme)
    listed = [
        {"summary": _summary(e), "severity": e.severity, "impact": _impact(e), "store_name": e.store_name,
         "kind": e.kind, "field": e.field, "detected_at": fmt.when(e.detected_at, tz) if e.detected_at else ""}
        for e in events[:MAX_EVENTS_LISTED]
    ]
    context = {"events": listed, "count": len(events), "store": store, "more": max(0, len(events) - MAX_EVENTS_LISTED)}
    try:
        title = env.from_string(title_template or DEFAULT_TITLE).render(context)
        body = env.from_string(body_template or DEFAULT_BODY).render(context)
    except SecurityError as exc:
        raise TemplateProblem(f"template tried an unsafe operation: {exc}") from None
    except TemplateError as exc:
        raise TemplateProblem(f"template error: {exc}") from None
    return title[:300], body[:MAX_OUTPUT_CHARS]
