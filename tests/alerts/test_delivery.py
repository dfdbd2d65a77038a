"""Alert delivery with apprise to a real local webhook receiver and a real local SMTP server
(aiosmtpd): retries, exactly one delivered message, quiet hours, digests, refused targets."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from rivalwatch.alerts.planner import plan_alerts
from rivalwatch.alerts.sender import send_due, send_test
from core.config.global_settings import GlobalSettings
from core.config.loader import ConfigSet
from core.config.models import StoreConfig
from core.testing.loopback import LoopbackStore
from storage.models import AlertDelivery
from tests.fakes.smtp_inbox import smtp_inbox
from tests.storage.helpers import crawl, product, register


class Receiver(LoopbackStore):
    """Local webhook: answers with the scripted statuses (then 200) and records every body."""

    methods = ("POST",)

    def __init__(self, statuses: list[int] | None = None):
        super().__init__()
        self.statuses, self.bodies = list(statuses or []), []
        self.url = f"json://127.0.0.1:{self.port}/hook"
        self.start()

    def answer(self, handler) -> None:
        body = handler.rfile.read(int(handler.headers.get("Content-Length", 0)))
        status = self.statuses.pop(0) if self.statuses else 200
        self.bodies.append((status, json.loads(body)))
        handler.send_response(status)
        handler.end_headers()

    def delivered(self) -> list[dict]:
        return [body for status, body in self.bodies if status == 200]


@pytest.fixture
def receiver():
    running = Receiver()
    yield running
    running.close()


def configs_with(url: str, *, rule="price_change_percent >= 5", mode="immediate", private=True, **settings) -> ConfigSet:
    store = StoreConfig(slug="rival", name="Rival", currency="IDR",
                        sources=[{"kind": "product", "url": "https://rival.example/p"}],
                        alerts=[{"when": rule, "mode": mode}])
    global_settings = GlobalSettings(channels=[{"name": "hook", "url": url}], allow_private_targets=private, **settings)
    return ConfigSet(stores=[store], settings=global_settings)


def price_cut(db, title="Kopi Gayo") -> None:
    register(db)
    crawl(db, [product("A", "100000", title=title)])
    crawl(db, [product("A", "90000", title=title)])


def statuses(db) -> list[tuple[str, int]]:
    with db.session() as s:
        return [(d.status, d.attempts) for d in s.scalars(select(AlertDelivery))]


def test_webhook_500_then_200_delivers_exactly_once(any_db, receiver):
    receiver.statuses = [500]
    configs = configs_with(receiver.url)
    price_cut(any_db)
    assert plan_alerts(any_db, configs) == 1
    assert plan_alerts(any_db, configs) == 0  # planning twice changes nothing
    first = send_due(any_db, configs.settings)
    assert (first.sent, first.retrying) == (0, 1)
    assert statuses(any_db) == [("pending", 1)]
    assert send_due(any_db, configs.settings).sent == 0  # backoff: not due yet
    later = datetime.now(timezone.utc) + timedelta(hours=1)
    assert send_due(any_db, configs.settings, now=later).sent == 1
    assert send_due(any_db, configs.settings, now=later + timedelta(hours=3)).sent == 0
    [message] = receiver.delivered()
    assert "Kopi Gayo (SKU A): price Rp 100.000 → Rp 90.000 (−10.0%)" in message["message"]  # one formatting layer
    assert statuses(any_db) == [("sent", 2)]


def test_rule_below_threshold_plans_nothing(sqlite_db, receiver):
    register(sqlite_db)
    crawl(sqlite_db, [product("A", "100.00")])
    crawl(sqlite_db, [product("A", "100.01")])
    assert plan_alerts(sqlite_db, configs_with(receiver.url, rule="price_change_percent >= 1")) == 0


def test_email_through_local_smtp_escapes_scraped_html(sqlite_db):
    with smtp_inbox() as inbox:
        configs = configs_with(inbox.url(to="team@example.com"))
        price_cut(sqlite_db, title='<a href="https://evil">Click</a>')
        plan_alerts(sqlite_db, configs)
        report = send_due(sqlite_db, configs.settings)
        assert report.sent == 1, report.errors
    [message] = inbox.messages
    text = "".join(part.get_payload(decode=True).decode() for part in message.walk() if not part.is_multipart())
    assert "&lt;a href=" in text and '<a href="https://evil">' not in text


def test_quiet_hours_defer_and_digest_collects(sqlite_db, receiver):
    quiet = {"start": "00:00", "end": "23:59", "timezone": "UTC"}
    configs = configs_with(receiver.url, quiet_hours=quiet)
    price_cut(sqlite_db)
    plan_alerts(sqlite_db, configs, now=datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc))
    assert send_due(sqlite_db, configs.settings, now=datetime(2026, 1, 1, 12, 5, tzinfo=timezone.utc)).sent == 0
    assert send_due(sqlite_db, configs.settings, now=datetime(2026, 1, 1, 23, 59, tzinfo=timezone.utc)).sent == 1


def test_digest_mode_waits_for_schedule(sqlite_db, receiver):
    configs = configs_with(receiver.url, mode="digest", digest_schedule="0 8 * * *")
    price_cut(sqlite_db)
    plan_alerts(sqlite_db, configs, now=datetime(2026, 1, 1, 9, 0, tzinfo=timezone.utc))
    assert send_due(sqlite_db, configs.settings, now=datetime(2026, 1, 1, 20, 0, tzinfo=timezone.utc)).sent == 0
    assert send_due(sqlite_db, configs.settings, now=datetime(2026, 1, 2, 8, 0, tzinfo=timezone.utc)).sent == 1
    assert len(receiver.delivered()) == 1


def test_private_webhook_refused_when_saved_and_when_sent(sqlite_db, receiver, monkeypatch):  # A13
    with pytest.raises(ValueError, match="not a public address"):
        configs_with(receiver.url, private=False)
    monkeypatch.setenv("RW_TEST_HOOK", receiver.url)  # a secret URL from the environment is checked at send time
    store = StoreConfig(slug="rival", name="Rival", currency="IDR",
                        sources=[{"kind": "product", "url": "https://rival.example/p"}],
                        alerts=[{"when": "price_change_percent >= 5"}])
    configs = ConfigSet(stores=[store], settings=GlobalSettings(channels=[{"name": "hook", "url_env": "RW_TEST_HOOK"}]))
    price_cut(sqlite_db)
    plan_alerts(sqlite_db, configs)
    report = send_due(sqlite_db, configs.settings)
    assert report.sent == 0 and "non-public address" in report.errors[0]
    assert receiver.bodies == []
    ok, message = send_test(configs.settings, "hook")
    assert not ok and "non-public" in message


@pytest.mark.parametrize("url", ["json://hooks.example/x?attach=file:///etc/passwd", "json://hooks.example/?template=x",
                                 "file:///etc/passwd", "windows://", "post://169.254.169.254/"])
def test_unsafe_channel_urls_are_refused(url):  # A13, A14
    with pytest.raises(ValueError):
        GlobalSettings(channels=[{"name": "c", "url": url}])


def test_failure_message_masks_secrets():
    settings = GlobalSettings(channels=[{"name": "slack", "url": "json://127.0.0.1:1/T000/B000/XXXXsecretXXXX"}],
                              allow_private_targets=True)
    started = time.monotonic()
    ok, message = send_test(settings, "slack")
    assert not ok and "secret" not in message
    assert time.monotonic() - started < 30
