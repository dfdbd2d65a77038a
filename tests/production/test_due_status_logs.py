"""Cron arithmetic (due / next), the status rows and the JSON-lines log format."""

from __future__ import annotations

import io
import json
import logging
from datetime import datetime, timedelta, timezone

from core.config.models import StoreConfig
from rivalwatch.due import is_due, next_fire, previous_fire
from rivalwatch.logs import JsonFormatter, RunContextFilter, configure
from rivalwatch.status import status_rows
from storage import finish_run, start_run, sync_store
from storage.runs import StoreInfo

NOW = datetime(2026, 11, 23, 0, 0, tzinfo=timezone.utc)  # 07:00 in Jakarta


def store(schedule: str = "30 6 * * *", tz: str = "Asia/Jakarta", slug: str = "a") -> StoreConfig:
    return StoreConfig(slug=slug, name="A", currency="USD", schedule=schedule, timezone=tz,
                       sources=[{"kind": "product", "url": "https://shop.example/p/1"}])


def test_previous_and_next_fire_respect_the_time_zone():
    s = store()
    assert previous_fire(s, NOW) == datetime(2026, 11, 22, 23, 30, tzinfo=timezone.utc)
    assert next_fire(s, NOW) == datetime(2026, 11, 23, 23, 30, tzinfo=timezone.utc)
    assert previous_fire(store("0 0 1 1 *", "UTC"), NOW) == datetime(2026, 1, 1, tzinfo=timezone.utc)


def test_due_after_a_missed_slot_only_once():
    s = store()
    assert is_due(s, None, NOW)  # never crawled
    assert is_due(s, NOW - timedelta(days=3), NOW)  # down for days: due (once)
    assert not is_due(s, NOW - timedelta(minutes=20), NOW)  # crawled since the 06:30 slot


def test_status_rows_show_last_and_next_run(sqlite_db):
    sync_store(sqlite_db, StoreInfo(slug="a", name="A", currency="USD"))
    run = start_run(sqlite_db, "a", "store")
    finish_run(sqlite_db, run, status="finished", finish_reason="finished", pages=3, errors=0, healthy=True,
               health_reasons=[], stats={})
    rows = status_rows(sqlite_db, [store(), store(slug="b")], now=NOW)
    assert rows[0]["status"] == "finished" and rows[0]["healthy"] is True and rows[0]["finished_at"]
    assert rows[0]["next_run"] == "2026-11-23T23:30:00+00:00"
    assert rows[1]["status"] == "never run" and rows[1]["due"] is True


def test_json_lines_carry_store_and_run_id():
    class Spider:
        store_config = store(slug="rival")
        run_id = 42

    stream = io.StringIO()
    handler = configure("json", "INFO", stream=stream)
    try:
        logging.getLogger("x").info("page %s", 1, extra={"spider": Spider()})
        logging.getLogger("y").warning("plain", extra={"store": "other"})
    finally:
        logging.getLogger().removeHandler(handler)
    first, second = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert first["message"] == "page 1" and first["store"] == "rival" and first["run_id"] == 42
    assert second["store"] == "other" and second["level"] == "WARNING"
    assert isinstance(JsonFormatter(), logging.Formatter) and RunContextFilter.default_spider is None
