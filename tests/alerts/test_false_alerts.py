"""Fake-store run sequences with exact expected alert counts (real crawls with ``scrapy crawl``).

Each crawl is ``scrapy crawl store -a store=rival`` from the repo root into a SQLite or a PostgreSQL
database; after
each crawl the alert planner runs, and we count planned deliveries of competitor changes and of
operator events (broken / recovered / suspect).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from rivalwatch.alerts.planner import plan_alerts
from core.config import load_config_dir
from storage import Database, upgrade
from storage.models import AlertDelivery, ChangeEvent, CrawlRun
from tests.fakes.scripted_store import ScriptedStore

REPO = Path(__file__).resolve().parents[2]
SETTINGS = "channels:\n  - name: hook\n    url: json://127.0.0.1:9/unused\nallow_private_targets: true\n"


class Sequence:
    """Crawl a scripted store repeatedly and count alerts."""

    def __init__(self, tmp_path: Path, store: ScriptedStore, database_url: str, **config):
        self.store, self.dir = store, tmp_path / "config"
        self.dir.mkdir()
        (self.dir / "rival.yaml").write_text(store.config_yaml(**config), encoding="utf-8")
        (self.dir / "rivalwatch.yaml").write_text(SETTINGS, encoding="utf-8")
        self.url = database_url
        self.db = Database.connect(self.url)
        upgrade(self.db)

    def crawl(self, mode: str = "ok", prices: list[str] | None = None) -> str:
        self.store.mode = mode
        if prices is not None:
            self.store.prices = prices
        cmd = [sys.executable, "-m", "scrapy", "crawl", "store", "-a", "store=rival", "-a", f"config={self.dir}",
               "-s", f"RIVALWATCH_DATABASE_URL={self.url}", "-s", "DOWNLOAD_TIMEOUT=2", "-s", "RETRY_TIMES=1",
               "-s", "LOG_LEVEL=WARNING"]
        result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr[-3000:]
        plan_alerts(self.db, load_config_dir(self.dir))
        with self.db.session() as s:
            return s.scalar(select(CrawlRun.status).order_by(CrawlRun.id.desc()).limit(1))

    def counts(self) -> tuple[int, int]:
        """(competitor-change alerts, operator alerts) planned so far."""
        with self.db.session() as s:
            kinds = s.scalars(select(ChangeEvent.kind).join(AlertDelivery, AlertDelivery.event_id == ChangeEvent.id)).all()
        operator = sum(k in ("broken", "recovered", "suspect") for k in kinds)
        return len(kinds) - operator, operator

    def operator_kinds(self) -> list[str]:
        with self.db.session() as s:
            return s.scalars(select(ChangeEvent.kind).where(ChangeEvent.kind.in_(("broken", "recovered"))).order_by(ChangeEvent.id)).all()


@pytest.fixture
def store():
    with ScriptedStore() as running:
        yield running


def test_failed_fetch_between_equal_prices_gives_no_alert(tmp_path, store, any_url):
    seq = Sequence(tmp_path, store, any_url)
    assert seq.crawl() == "finished"
    assert seq.crawl("error503") == "failed"
    assert seq.crawl("hang") == "failed"
    assert seq.counts() == (0, 1)  # two failed runs in a row: one operator alert
    assert seq.crawl() == "finished"
    assert seq.counts() == (0, 2)  # ... and its recovery, never a price change
    assert seq.operator_kinds() == ["broken", "recovered"]


def test_single_timeout_raises_nothing(tmp_path, store, any_url):
    seq = Sequence(tmp_path, store, any_url)
    seq.crawl()
    assert seq.crawl("hang") == "failed"
    seq.crawl()
    assert seq.counts() == (0, 0)


def test_captcha_page_is_blocked_not_a_change(tmp_path, store, any_url):
    seq = Sequence(tmp_path, store, any_url)
    seq.crawl()
    assert seq.crawl("captcha") == "blocked"
    assert seq.counts() == (0, 1)
    seq.crawl()
    assert seq.counts() == (0, 2)
    assert seq.operator_kinds() == ["broken", "recovered"]


def test_redesign_breaks_spider_once_then_recovers(tmp_path, store, any_url):
    seq = Sequence(tmp_path, store, any_url)
    seq.crawl()
    assert seq.crawl("redesign") == "finished"
    seq.crawl("redesign")
    assert seq.counts() == (0, 1)  # one operator alert for two broken runs
    seq.crawl()
    assert seq.operator_kinds() == ["broken", "recovered"]
    assert seq.counts()[0] == 0


def test_threshold_rule_ignores_cents_and_reports_real_cut(tmp_path, store, any_url):
    store.prices = ["100.00"]
    seq = Sequence(tmp_path, store, any_url)
    seq.crawl()
    seq.crawl(prices=["100.01"])
    assert seq.counts() == (0, 0)
    seq.crawl(prices=["90.00"])
    assert seq.counts() == (1, 0)


def test_flip_flop_needs_confirmation(tmp_path, store, any_url):
    seq = Sequence(tmp_path, store, any_url, confirm_runs=2)
    for price in ["19.99", "17.99", "19.99", "17.99"]:
        seq.crawl(prices=[price])
    assert seq.counts() == (0, 0)
    seq.crawl(prices=["17.99"])
    assert seq.counts() == (1, 0)


def test_site_wide_change_is_one_event(tmp_path, any_url):
    with ScriptedStore(products=12, price="10.00") as store:
        seq = Sequence(tmp_path, store, any_url)
        seq.crawl()
        seq.crawl(prices=["1.00"] * 12)
        with seq.db.session() as s:
            kinds = s.scalars(select(ChangeEvent.kind)).all()
        assert kinds == ["suspect"]
        assert seq.counts() == (0, 1)
