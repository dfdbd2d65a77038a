"""The scheduler: fires on schedule, never overlaps a store (also across two schedulers sharing a
database), kills a crawl past its budget and marks the run failed (timeout), then runs the next one;
SIGTERM stops it gracefully with exit code 0 and no crawl left behind. Enqueue mode refuses setups
workers cannot share (its end-to-end test is in test_distributed.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import select

from core.config import load_config_dir
from rivalwatch.jobs import JobContext, run_store_job
from rivalwatch.procs import descendants
from rivalwatch.scheduler import CrawlScheduler
from storage import Database, upgrade
from storage.models import CrawlRun
from tests.production.conftest import FAST, REPO, rivalwatch, write_config
from core.testing.stores import CountingStore, store_yaml

FAKE = [sys.executable, str(REPO / "tests" / "production" / "fake_crawl.py")]


def every_second(_store):
    return CronTrigger(second="*")


def intervals(log_path):
    starts, ends = {}, []
    lines = log_path.read_text().splitlines() if log_path.exists() else []
    for line in lines:
        kind, slug, stamp = line.split()[:3]
        (starts.setdefault(slug, []) if kind == "start" else ends).append(float(stamp))
    return starts, ends


def test_two_schedulers_fire_every_second_and_never_overlap(tmp_path, monkeypatch):
    with CountingStore(products=1) as shop:
        config = write_config(tmp_path / "cfg", {"a": store_yaml("a", [f"{shop.base_url}/p/0"])})
    db_url = f"sqlite:///{tmp_path / 'rw.sqlite'}"
    upgrade(Database.connect(db_url))
    log = tmp_path / "runs.log"
    monkeypatch.setenv("FAKE_CRAWL_LOG", str(log))
    monkeypatch.setenv("FAKE_CRAWL_SECONDS", "1.6")
    configs = load_config_dir(config)
    schedulers = [
        CrawlScheduler(JobContext(config, db_url, crawl_command=FAKE), configs, scheduler_cls=BackgroundScheduler,
                       trigger_factory=every_second, catch_up=False, alerts=False)
        for _ in range(2)
    ]
    for s in schedulers:
        s.add_jobs()
        s.scheduler.start()
    time.sleep(6.5)
    for s in schedulers:
        s.request_stop()
        assert s.wait_for_jobs(10)
    starts, _ = intervals(log)
    lines = [line.split() for line in log.read_text().splitlines()]
    events = sorted((float(parts[2]), parts[0]) for parts in lines)
    running = 0
    for _stamp, kind in events:  # start/end events of store "a" must strictly alternate
        running += 1 if kind == "start" else -1
        assert running in (0, 1), "two crawls of the same store overlapped"
    assert len(starts["a"]) >= 2  # it fired repeatedly
    outcomes = [r.outcome for s in schedulers for r in s.results]
    assert "refused" in outcomes  # the other scheduler's trigger was refused by the lease


def test_crawl_past_budget_is_killed_marked_failed_and_next_run_starts(tmp_path):
    with CountingStore(products=3, hang_seconds=60) as shop:
        hanging = store_yaml("slow", [f"{shop.base_url}/hang/{i}" for i in range(3)],
                             politeness={**FAST, "max_run_minutes": 0.08})  # 4.8 s budget
        config = write_config(tmp_path / "cfg", {"slow": hanging})
        db_url = f"sqlite:///{tmp_path / 'rw.sqlite'}"
        ctx = JobContext(config, db_url, grace_seconds=2)
        upgrade(Database.connect(db_url))
        store = load_config_dir(config).get("slow")
        started = time.monotonic()
        result = run_store_job(ctx, store)
        assert result.outcome == "timeout" and time.monotonic() - started < 20
        db = Database.connect(db_url)
        with db.session() as s:
            run = s.scalars(select(CrawlRun)).one()
            assert (run.status, run.finish_reason, run.healthy) == ("failed", "timeout", False)
        fixed = store_yaml("slow", [f"{shop.base_url}/p/{i}" for i in range(3)], politeness=FAST)
        (config / "slow.yaml").write_text(fixed, encoding="utf-8")
        result = run_store_job(ctx, load_config_dir(config).get("slow"))
        assert result.outcome == "crawled" and result.returncode == 0
        with db.session() as s:
            latest = s.scalars(select(CrawlRun).order_by(CrawlRun.id.desc())).first()
            assert latest.status == "finished" and latest.healthy
        db.dispose()


def test_crawl_killed_during_start_up_still_records_a_failed_run(tmp_path):
    # 0.06 s budget: the child is stopped while Python is still importing, before it opens a run
    with CountingStore(products=1) as shop:
        quick = store_yaml("quick", [f"{shop.base_url}/p/0"], politeness={**FAST, "max_run_minutes": 0.001})
        config = write_config(tmp_path / "cfg", {"quick": quick})
        db_url = f"sqlite:///{tmp_path / 'rw.sqlite'}"
        upgrade(Database.connect(db_url))
        result = run_store_job(JobContext(config, db_url, grace_seconds=1), load_config_dir(config).get("quick"))
        assert result.outcome == "timeout"
        assert shop.hits("/p/") == []
    db = Database.connect(db_url)
    with db.session() as s:
        run = s.scalars(select(CrawlRun)).one()
        assert (run.status, run.finish_reason, run.healthy) == ("failed", "timeout", False)
        assert "start-up" in run.health_reasons[0]
    db.dispose()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_stops_scheduler_and_its_crawls(tmp_path, sig):
    with CountingStore(products=40, delay=0.1) as shop:
        slow = store_yaml("slow", [f"{shop.base_url}/p/{i}" for i in range(40)], schedule="0 6 * * *",
                          politeness={"download_delay": 0.2, "concurrency": 1, "autothrottle": False})
        config = write_config(tmp_path / "cfg", {"slow": slow})
        db_url = f"sqlite:///{tmp_path / 'rw.sqlite'}"
        process = subprocess.Popen(
            [sys.executable, "-m", "rivalwatch", "schedule", "--config", str(config), "--database-url", db_url,
             "--grace", "10"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True)
        try:
            db = Database.connect(db_url)
            deadline = time.monotonic() + 40
            while time.monotonic() < deadline and not shop.hits("/p/"):
                time.sleep(0.2)  # never crawled: the catch-up starts it at once
            assert shop.hits("/p/"), "the overdue store was not crawled at start-up"
            children = descendants(process.pid)
            process.send_signal(sig)
            output, _ = process.communicate(timeout=40)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
        assert process.returncode == 0, output[-3000:]
        alive = [pid for pid in children if os.path.exists(f"/proc/{pid}")]
        assert not alive, f"processes left behind: {alive}"
        with db.session() as s:
            run = s.scalars(select(CrawlRun)).one()
            assert run.status == "failed" and run.finish_reason == "shutdown"
        db.dispose()


@pytest.mark.parametrize("args, message", [
    (["schedule", "--enqueue", "--database-url", "sqlite:///x.sqlite"], "needs a database every worker reaches"),
    (["schedule", "--enqueue", "--database-url", "postgresql+psycopg://postgres@127.0.0.1:5432/none",
      "--redis-url", "redis://127.0.0.1:1/0"], "cannot reach Redis at redis://127.0.0.1:1/0"),
    (["worker", "--seed"], "--seed needs --store SLUG"),
    (["worker", "--name", "a b"], "--name: use letters"),
])
def test_enqueue_and_worker_options_are_checked(tmp_path, args, message):
    config = write_config(tmp_path / "cfg", {"a": store_yaml("a", ["https://shop.example/p/1"])})
    result = rivalwatch(*args, "--config", str(config), timeout=60)
    assert result.returncode == 2, result.stderr[-2000:]
    assert message in result.stderr and "Traceback" not in result.stderr
