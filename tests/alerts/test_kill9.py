"""``kill -9`` of a crawl at random points: the database stays consistent, committed history is intact,
the killed run becomes ``aborted`` at the next start, and partial data never raises a change."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from storage import Database, upgrade
from storage.models import ChangeEvent, CrawlRun, Fact
from tests.fakes.scripted_store import ScriptedStore

REPO = Path(__file__).resolve().parents[2]
TRIALS = 4


def scrapy_crawl(config_dir: Path, url: str) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "scrapy", "crawl", "store", "-a", "store=rival", "-a", f"config={config_dir}",
           "-s", f"RIVALWATCH_DATABASE_URL={url}", "-s", "LOG_LEVEL=WARNING", "-s", "RIVALWATCH_STAGE_BATCH=5",
           "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2"]
    return subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_for_open_run(db: Database, runs_before: int, timeout: float = 90.0) -> bool:
    """Wait until the crawl has opened its run (start-up takes seconds on a loaded machine)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with db.read() as s:
            if s.scalar(select(func.count()).select_from(CrawlRun)) > runs_before:
                return True
        time.sleep(0.1)
    return False


def test_kill_9_never_corrupts_or_alerts(tmp_path):
    rng = random.Random(20261123)
    with ScriptedStore(products=30, price="50.00") as store:
        config = tmp_path / "config"
        config.mkdir()
        (config / "rival.yaml").write_text(store.config_yaml(), encoding="utf-8")
        (config / "rivalwatch.yaml").write_text("allow_private_targets: true\n", encoding="utf-8")
        path = tmp_path / "rw.sqlite"
        url = f"sqlite:///{path}"
        db = Database.connect(url)
        upgrade(db)
        assert scrapy_crawl(config, url).wait(timeout=120) == 0  # the baseline, committed
        with db.session() as s:
            baseline_facts = s.scalar(select(func.count()).select_from(Fact))
        # The store's politeness allows 8 pages in parallel: 30 pages at 3 s each take at least 12 s, so the
        # crawl outlives every kill below (at most 5 s after start, or 3 s after its run opened). At 0.6 s a
        # page a fast machine finished the crawl before the kill, and the mass-change guard's event for
        # the finished run failed the test.
        store.delay = 3.0
        store.prices = ["40.00"] * 30  # a change that partial data must never report
        opened = 0
        for trial in range(TRIALS):
            with db.read() as s:
                runs_before = s.scalar(select(func.count()).select_from(CrawlRun))
            process = scrapy_crawl(config, url)
            if trial % 2:  # a random point of the whole process life, start-up included
                time.sleep(rng.uniform(0.5, 5.0))
            else:  # a random point while the run is open and pages are being staged
                assert _wait_for_open_run(db, runs_before), "the crawl never opened its run"
                opened += 1
                time.sleep(rng.uniform(0.2, 3.0))
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            with sqlite3.connect(path) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            with db.session() as s:
                assert s.scalar(select(func.count()).select_from(Fact)) == baseline_facts
                assert s.scalar(select(func.count()).select_from(ChangeEvent)) == 0
        store.delay = 0.0
        store.prices = ["50.00"] * 30
        assert scrapy_crawl(config, url).wait(timeout=120) == 0
        with db.session() as s:
            statuses = s.scalars(select(CrawlRun.status).order_by(CrawlRun.id)).all()
            assert statuses[0] == "finished" and statuses[-1] == "finished"
            # a kill during start-up leaves no run at all; every run it did open is now aborted
            assert set(statuses[1:-1]) == {"aborted"} and opened <= len(statuses) - 2 <= TRIALS
            assert s.scalar(select(func.count()).select_from(ChangeEvent)) == 0
        db.dispose()
