"""Fetch faults (reliability.md group D): each ends in a recorded error and never in a change event.

Real crawls (``scrapy crawl store``) of a byte-level fault server: a healthy baseline crawl, then one
crawl with the fault; the fault run must be unhealthy (or, for 429 + Retry-After and charset
variants, healthy with the same price) and no fact or change event may come from it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage import Database, upgrade
from storage.models import ChangeEvent, CrawlRun, Fact
from tests.reliability.fault_server import FaultStore

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def faulty(tmp_path):
    store = FaultStore()
    config = tmp_path / "config"
    config.mkdir()
    (config / "rival.yaml").write_text(
        f"slug: rival\nname: Rival\ncountry: FR\ncurrency: EUR\nconfirm_runs: 1\n"
        "politeness: {download_delay: 0, autothrottle: false}\n"
        f"sources:\n  - kind: product\n    url: {store.base_url}/p/0\n", encoding="utf-8")
    (config / "rivalwatch.yaml").write_text("allow_private_targets: true\n", encoding="utf-8")
    db_url = f"sqlite:///{tmp_path / 'rw.sqlite'}"
    db = Database.connect(db_url)
    upgrade(db)

    def crawl(mode: str) -> CrawlRun:
        store.mode = mode
        cmd = [sys.executable, "-m", "scrapy", "crawl", "store", "-a", "store=rival", "-a", f"config={config}",
               "-s", f"RIVALWATCH_DATABASE_URL={db_url}", "-s", "DOWNLOAD_TIMEOUT=2", "-s", "RETRY_TIMES=1",
               "-s", "LOG_LEVEL=WARNING"]
        result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr[-2000:]
        with db.session() as s:
            return s.scalar(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1))

    crawl.db, crawl.store = db, store
    yield crawl
    store.close()
    db.dispose()


def _counts(db) -> tuple[int, int]:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Fact)), s.scalar(select(func.count()).select_from(ChangeEvent))


@pytest.mark.parametrize("mode", ["reset", "partial", "badchunk", "hang", "loop", "chain", "huge", "bomb"])
def test_fault_is_recorded_and_never_a_change(faulty, mode):
    assert faulty("ok").healthy
    facts_before, _ = _counts(faulty.db)
    run = faulty(mode)
    assert run.healthy is False and run.status == "failed", (run.status, run.health_reasons)
    assert any(reason.startswith("fetch:") for reason in run.health_reasons)
    assert _counts(faulty.db) == (facts_before, 0)
    if mode == "hang":  # after a fault the next crawl works and still sees no change
        assert faulty("ok").healthy
        assert _counts(faulty.db)[1] == 0


def test_retry_after_then_success_is_processed_normally(faulty):
    assert faulty("ok").healthy
    run = faulty("retry_after")
    assert run.healthy and run.stats.get("retry/count", 0) >= 1
    assert _counts(faulty.db)[1] == 0


@pytest.mark.parametrize("mode", ["charset_meta", "charset_bom", "charset_mislabelled"])
def test_charset_variants_give_the_same_price(faulty, mode):
    assert faulty("ok").healthy
    assert faulty(mode).healthy
    assert _counts(faulty.db)[1] == 0
    with faulty.db.session() as s:
        prices = s.scalars(select(Fact.value).where(Fact.field == "price")).all()
    assert prices == [json.dumps("19.99")]


def test_dns_failure_is_a_fetch_error(tmp_path):
    config = tmp_path / "config"
    config.mkdir()
    (config / "rival.yaml").write_text(
        "slug: rival\nname: Rival\ncurrency: EUR\nsources:\n  - kind: product\n    url: http://shop.invalid/p/0\n")
    db_url = f"sqlite:///{tmp_path / 'rw.sqlite'}"
    cmd = [sys.executable, "-m", "scrapy", "crawl", "store", "-a", "store=rival", "-a", f"config={config}",
           "-s", f"RIVALWATCH_DATABASE_URL={db_url}", "-s", "LOG_LEVEL=WARNING", "-s", "RETRY_TIMES=1"]
    assert subprocess.run(cmd, cwd=REPO, capture_output=True, timeout=120).returncode == 0
    db = Database.connect(db_url)
    with db.session() as s:
        run = s.scalar(select(CrawlRun))
        assert run.healthy is False and s.scalar(select(func.count()).select_from(Fact)) == 0
    db.dispose()
