"""The optional global file ``rivalwatch.yaml`` in the config directory: alert channels, global alert
rules, quiet hours, digest schedule and message templates.

Secrets never live in the file: a channel names an environment variable (``url_env``) that holds
its apprise URL (``slack://…``, ``mailtos://…``, ``json://…``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from core.config.errors import ConfigError, pydantic_errors
from core.config.models import AlertRule

SETTINGS_FILE = "rivalwatch.yaml"
# Notification services a channel may use; file/attachment-capable or local-only ones are left out.
ALLOWED_SCHEMES = frozenset({
    "mailto", "mailtos", "slack", "msteams", "tgram", "discord", "json", "jsons", "form", "forms",
    "xml", "xmls", "mattermost", "mmost", "mmosts", "rocket", "rockets", "ntfy", "ntfys", "gchat",
    "pushover", "matrix", "matrixs", "signal", "signals", "whatsapp", "line",
})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def channel_scheme(url: str) -> str:
    """The lower-case scheme of an apprise URL."""
    return url.split("://", 1)[0].strip().lower() if "://" in url else ""


class Channel(_Strict):
    """Where alerts go (``channels[]``), as an apprise URL."""

    name: str = Field(description="Name used by alert rules, e.g. 'team-slack'.")
    url: str | None = Field(None, description="Apprise URL without secrets, e.g. 'json://hooks.example/rivalwatch'.")
    url_env: str | None = Field(None, description="Environment variable holding the apprise URL (use this for secrets).")
    kinds: list[Literal["change", "operator"]] = Field(
        default_factory=lambda: ["change", "operator"],
        description="change: competitor changes; operator: broken / blocked / recovered spiders.",
    )

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,47}", value):
            raise ValueError("use lower-case letters, digits, '-' or '_'")
        return value

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None:
            check_channel_url(value)
        return value

    @model_validator(mode="after")
    def _one_url(self) -> "Channel":
        if bool(self.url) == bool(self.url_env):
            raise ValueError("set exactly one of url or url_env")
        return self

    def resolve_url(self, environ: dict[str, str] | None = None) -> str:
        """The apprise URL (read from the environment for ``url_env``); raises ValueError if unset."""
        if self.url:
            return self.url
        env = os.environ if environ is None else environ
        value = env.get(self.url_env or "")
        if not value:
            raise ValueError(f"channel {self.name}: environment variable {self.url_env} is not set")
        check_channel_url(value)
        return value


def check_channel_url(url: str) -> str:
    """Reject notification URLs whose service is not allowed (files, attachments, unknown schemes)."""
    scheme = channel_scheme(url)
    if scheme not in ALLOWED_SCHEMES:
        raise ValueError(f"notification service {scheme or '(none)'!r} is not allowed; use one of {', '.join(sorted(ALLOWED_SCHEMES))}")
    lowered = url.lower()
    for option in ("attach=", "template=", "redirect="):
        if option in lowered:
            raise ValueError(f"option {option[:-1]!r} is not allowed in notification URLs")
    return url


def check_channel_target(url: str) -> None:
    """At save time: refuse channels whose host is a literal loopback/private address."""
    from urllib.parse import urlsplit

    from core.netguard import is_public, parse_literal

    try:
        host = urlsplit(url).hostname
    except ValueError:
        raise ValueError(f"malformed notification URL for {channel_scheme(url)!r}") from None
    literal = parse_literal(host) if host else None
    if literal is not None and not is_public(literal):
        raise ValueError(
            f"notification target {host} is not a public address; set allow_private_targets: true only for local tests"
        )


class QuietHours(_Strict):
    """Hold non-critical immediate alerts during these local hours (``quiet_hours``)."""

    start: str = Field(description="HH:MM, e.g. '22:00'.")
    end: str = Field(description="HH:MM, e.g. '07:00'.")
    timezone: str = Field("UTC", description="IANA time zone.")

    @field_validator("start", "end")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
            raise ValueError("use HH:MM (24-hour)")
        return value


class Templates(_Strict):
    """Jinja2 templates (sandboxed) for alert messages (``templates``)."""

    title: str | None = Field(None, description="Message title; variables: store, events, count.")
    body: str | None = Field(None, description="Message body; variables: store, events (summary, kind, severity, ...).")


class GlobalSettings(_Strict):
    """Everything in ``rivalwatch.yaml``."""

    channels: list[Channel] = Field(default_factory=list, description="Alert destinations.")
    alerts: list[AlertRule] = Field(default_factory=list, description="Alert rules applied to every store.")
    quiet_hours: QuietHours | None = Field(None, description="Hold non-critical alerts at night.")
    digest_schedule: str = Field("0 8 * * *", description="Cron (UTC) at which digest alerts are sent.")
    templates: Templates | None = Field(None, description="Custom message templates.")
    timezone: str = Field("UTC", description="IANA time zone in which the dashboard, CLI, alerts and the weekly "
                          "briefing show times, e.g. 'Asia/Jakarta' (WIB).")
    briefing_schedule: str | None = Field(
        None, description="Cron (read in `timezone`; weekday 1 = Monday) at which `rivalwatch schedule` sends the weekly briefing to the "
        "change channels, e.g. '0 7 * * 1' (Mondays 07:00). Unset: no briefing is sent.")
    user_agent_contact: str | None = Field(
        None,
        description="http(s) URL (or mailto:) where site owners can reach you; sent in the User-Agent header "
        "of every crawl, e.g. 'https://example.com/rivalwatch-bot'.",
    )
    confidence_threshold: float = Field(
        0.6, ge=0, le=1,
        description="Shipping and returns facts extracted with a lower confidence (0..1) are stored as 'needs "
        "review': shown with their source sentence, never compared for change events or alerts.",
    )
    allow_private_targets: bool = Field(
        False,
        description="Allow crawling and notifying loopback/private addresses. Only for tests and the local demo.",
    )

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("use an IANA time zone such as 'Asia/Jakarta' or 'UTC'") from None
        return value

    @field_validator("briefing_schedule")
    @classmethod
    def _briefing_cron(cls, value: str | None) -> str | None:
        if value is not None:
            from core.config.cron import cron_trigger

            try:
                cron_trigger(value)
            except ValueError as exc:
                raise ValueError(f"not a 5-field cron expression ({exc}), e.g. '0 7 * * 1'") from None
        return value

    @field_validator("user_agent_contact")
    @classmethod
    def _contact(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"(https?://|mailto:)[^\s()<>;]+", value):
            raise ValueError("use an http(s):// URL or a mailto: address without spaces, ';' or brackets")
        return value

    @model_validator(mode="after")
    def _unique_channels(self) -> "GlobalSettings":
        names = [c.name for c in self.channels]
        if len(names) != len(set(names)):
            raise ValueError("channel names must be unique")
        if not self.allow_private_targets:
            for channel in self.channels:
                if channel.url:
                    check_channel_target(channel.url)
        known = set(names)
        for rule in self.alerts:
            unknown = set(rule.channels) - known
            if unknown:
                raise ValueError(f"alert rule {rule.when!r} names unknown channel(s) {', '.join(sorted(unknown))}")
        return self


def load_global_settings(directory: Path) -> tuple[GlobalSettings, list]:
    """Read ``rivalwatch.yaml`` if present; return settings (defaults when absent) and ConfigErrors."""
    path = Path(directory) / SETTINGS_FILE
    if not path.exists():
        return GlobalSettings(), []
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return GlobalSettings.model_validate(raw), []
    except yaml.YAMLError as exc:
        return GlobalSettings(), [ConfigError(str(path), "", f"YAML syntax error: {exc}")]
    except ValidationError as exc:
        return GlobalSettings(), pydantic_errors(str(path), exc)
