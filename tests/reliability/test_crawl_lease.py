"""E11: every crawl of a store runs under the store's lease, whichever way it was started.

A plain ``scrapy crawl store -a store=X`` takes the lease in the run recorder, so a second crawl of
the same store (on this machine or another) is refused with finish reason ``lease_held`` and writes
nothing — in particular it never aborts the live run. ``rivalwatch crawl`` already holds the lease
and the recorder must not take it a second time; a lease handed over in ``RIVALWATCH_LEASE_HOLDER`` is
used as is; a lease left by a killed process on this machine is taken over at once.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from storage.lease_holder import holder_is_dead, lease_name
from storage import Database, leases, upgrade
from storage.models import CrawlRun
from tests.fakes.scripted_store import ScriptedStore

REPO = Path(__file__).resolve().parents[2]
NAME = lease_name("rival")


class Crawls:
    """A config dir for the scripted store, a SQLite database and crawl launchers."""

    def __init__(self, tmp_path: Path, store: ScriptedStore):
        self.dir = tmp_path / "config"
        self.dir.mkdir()
        (self.dir / "rivalwatch.yaml").write_text("allow_private_targets: true\n", encoding="utf-8")
        products = "".join(f"  - kind: product\n    url: {store.base_url}/p/{i}\n" for i in range(len(store.prices)))
        (self.dir / "rival.yaml").write_text(
            "slug: rival\nname: Rival\ncurrency: USD\nconfirm_runs: 1\n"
            f"politeness: {{download_delay: 0, concurrency: 2, autothrottle: false}}\nsources:\n{products}",
            encoding="utf-8",
        )
        self.logs = tmp_path / "logs"
        self.logs.mkdir()
        self.url = f"sqlite:///{tmp_path / 'rw.sqlite'}"
        self.db = Database.connect(self.url)
        upgrade(self.db)

    def scrapy(self, env: dict | None = None) -> subprocess.Popen:
        cmd = [sys.executable, "-m", "scrapy", "crawl", "store", "-a", "store=rival", "-a", f"config={self.dir}",
               "-s", f"RIVALWATCH_DATABASE_URL={self.url}", "-s", "LOG_LEVEL=INFO", "-s", "DOWNLOAD_TIMEOUT=100"]
        environ = {k: v for k, v in os.environ.items() if k != "RIVALWATCH_LEASE_HOLDER"}
        log = self.logs / f"crawl-{len(list(self.logs.iterdir()))}.log"  # a file: a full pipe would stall the crawl
        process = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=log.open("w"),
                                   env={**environ, **(env or {})})
        process.log = log
        return process

    def runs(self) -> list[CrawlRun]:
        with self.db.session() as s:
            return s.scalars(select(CrawlRun).order_by(CrawlRun.id)).all()


def _finish(process: subprocess.Popen) -> str:
    process.wait(timeout=120)
    err = process.log.read_text(encoding="utf-8", errors="replace")
    assert process.returncode == 0, err[-3000:]
    return err


def _refused(log: str) -> bool:
    return "refused: another process holds its lease" in log and "'finish_reason': 'lease_held'" in log


@pytest.fixture
def slow_store():
    with ScriptedStore(products=4, price="19.99") as store:
        store.delay = 1.0
        yield store


def _gated(store: ScriptedStore) -> threading.Event:
    """Product pages wait for the returned event: a crawl stays in flight until the test lets it go."""
    gate, render = threading.Event(), store.product_html

    def product_html(index: int) -> str:
        gate.wait(90)
        return render(index)

    store.product_html = product_html
    return gate


def test_second_scrapy_crawl_is_refused_while_the_first_runs(tmp_path, slow_store):
    crawls = Crawls(tmp_path, slow_store)
    gate = _gated(slow_store)
    first = crawls.scrapy()
    try:
        deadline = time.monotonic() + 90
        while NAME not in leases.current(crawls.db) or slow_store.hits < 2:  # the first run is fetching pages
            assert first.poll() is None and time.monotonic() < deadline, "first crawl never took the lease"
            time.sleep(0.1)
        second_log = _finish(crawls.scrapy())
        assert first.poll() is None, "the refusal must come while the first crawl is still running"
    finally:
        gate.set()
    first_log = _finish(first)
    assert _refused(second_log), second_log[-2000:]
    assert not _refused(first_log)
    runs = crawls.runs()
    assert [(r.status, r.healthy) for r in runs] == [("finished", True)]  # one run; nothing aborted it
    assert NAME not in leases.current(crawls.db)  # released at the end


def test_simultaneous_scrapy_crawls_never_overlap(tmp_path, slow_store):
    crawls = Crawls(tmp_path, slow_store)
    processes = [crawls.scrapy() for _ in range(2)]
    logs = [_finish(p) for p in processes]
    runs = crawls.runs()
    assert runs and all(r.status == "finished" for r in runs)  # never "aborted" by the other crawl
    assert len(runs) + sum(_refused(log) for log in logs) == 2
    for earlier, later in zip(runs, runs[1:]):  # a second run, if any, started after the first ended
        assert later.started_at >= earlier.finished_at


def test_foreign_holder_blocks_and_handed_over_lease_is_used(tmp_path, slow_store):
    slow_store.delay = 0.0
    crawls = Crawls(tmp_path, slow_store)
    holder = "scheduler-host.example:4242:abcd1234"
    assert leases.acquire(crawls.db, NAME, holder, 120)
    assert _refused(_finish(crawls.scrapy()))
    assert crawls.runs() == []  # refused before the run was opened: nothing written
    log = _finish(crawls.scrapy(env={"RIVALWATCH_LEASE_HOLDER": holder}))  # a scheduler child
    assert not _refused(log)
    assert [r.status for r in crawls.runs()] == ["finished"]
    assert leases.current(crawls.db)[NAME].holder == holder  # the parent releases what it handed over


def test_lease_of_a_killed_process_on_this_machine_is_taken_over(tmp_path, slow_store):
    slow_store.delay = 0.0
    crawls = Crawls(tmp_path, slow_store)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    dead = f"{socket.gethostname()}:{gone.pid}:deadbeef"
    assert holder_is_dead(dead) and not holder_is_dead(f"{socket.gethostname()}:{os.getpid()}:x")
    assert leases.acquire(crawls.db, NAME, dead, 120)
    log = _finish(crawls.scrapy())
    assert "taken over" in log and not _refused(log)
    assert [r.status for r in crawls.runs()] == ["finished"]
    assert NAME not in leases.current(crawls.db)


def test_rivalwatch_crawl_takes_the_lease_once(tmp_path, slow_store):
    slow_store.delay = 0.0
    crawls = Crawls(tmp_path, slow_store)
    result = subprocess.run(
        [sys.executable, "-m", "rivalwatch", "crawl", "--store", "rival", "--config", str(crawls.dir),
         "--database-url", crawls.url, "--no-progress", "--verbose"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
        env={k: v for k, v in os.environ.items() if k != "RIVALWATCH_LEASE_HOLDER"},
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert not _refused(result.stderr)
    assert [r.status for r in crawls.runs()] == ["finished"]
    assert NAME not in leases.current(crawls.db)


def test_plain_crawl_never_aborts_a_live_shared_run(tmp_path, slow_store):
    """A run that scrapy-redis workers fill holds no local lease: a local crawl is refused while it is
    within its budget, and only a shared run past its budget is aborted as stale."""
    from datetime import timedelta

    from core.config import load_config_dir
    from spiders.extensions.recording import store_info
    from storage import start_run, sync_store
    from storage.runs import DISTRIBUTED_SPIDER

    slow_store.delay = 0.0
    crawls = Crawls(tmp_path, slow_store)
    sync_store(crawls.db, store_info(load_config_dir(crawls.dir).stores[0]))
    shared = start_run(crawls.db, "rival", DISTRIBUTED_SPIDER)
    log = _finish(crawls.scrapy())
    assert "scrapy-redis workers are filling run" in log and "distributed_run_in_progress" in log
    assert [(r.id, r.status) for r in crawls.runs()] == [(shared, "running")]  # untouched, nothing new
    with crawls.db.session() as s:  # the workers died long ago: past any budget
        s.get(CrawlRun, shared).started_at -= timedelta(days=1)
    _finish(crawls.scrapy())
    assert [r.status for r in crawls.runs()] == ["aborted", "finished"]
