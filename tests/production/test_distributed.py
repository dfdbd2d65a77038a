"""Scale-out on real Redis + PostgreSQL: two workers share one frontier of a 2,000-page loopback
store — every page is fetched once and every item lands once; killing a worker mid-crawl still
completes the run (only that worker's in-flight requests are lost)."""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

from storage import Database
from storage.models import CrawlRun, Product
from tests.production.conftest import FAST, REDIS_URL, REPO, write_config
from tests.production.stores import CountingStore, store_yaml

pytestmark = [pytest.mark.redis, pytest.mark.postgres]
PAGES = 2000
LOST_IN_FLIGHT_MAX = 60  # CONCURRENT_REQUESTS in flight + one unflushed staging batch


def worker_cmd(config, db_url: str, prefix: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "rivalwatch", "worker", "--store", "big", "--config", str(config),
            "--database-url", db_url, "--redis-url", REDIS_URL, "--key-prefix", prefix, "--idle-seconds", "2", *extra]


def crawl_with_two_workers(tmp_path, shop, db_url, prefix, kill_after: int | None = None):
    urls = [f"{shop.base_url}/p/{i}" for i in range(PAGES)]
    config = write_config(tmp_path / "cfg", {"big": store_yaml("big", urls, politeness=FAST)})
    seeded = subprocess.run(worker_cmd(config, db_url, prefix, "--seed"), cwd=REPO, capture_output=True, text=True)
    assert seeded.returncode == 0, seeded.stderr[-2000:]
    workers = [subprocess.Popen(worker_cmd(config, db_url, prefix), cwd=REPO, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True) for _ in range(2)]
    try:
        if kill_after is not None:
            deadline = time.monotonic() + 90
            while len(shop.hits("/p/")) < kill_after and time.monotonic() < deadline:
                time.sleep(0.05)
            os.killpg(workers[0].pid, signal.SIGKILL)
        codes = [w.wait(timeout=180) for w in workers]
    finally:
        for w in workers:
            if w.poll() is None:
                os.killpg(w.pid, signal.SIGKILL)
    return codes


def outcome(db_url: str):
    db = Database.connect(db_url)
    with db.session() as s:
        run = s.scalars(select(CrawlRun)).one()
        products = s.scalar(select(func.count()).select_from(Product))
    db.dispose()
    return run, products


def test_two_workers_fetch_every_page_once(tmp_path, postgres_url, redis_client):
    with CountingStore(products=PAGES) as shop:
        codes = crawl_with_two_workers(tmp_path, shop, postgres_url, redis_client.test_prefix)
        hits = collections.Counter(path for _, path, _ in shop.requests if path.startswith("/p/"))
    assert codes == [0, 0]
    assert len(hits) == PAGES and max(hits.values()) == 1
    run, products = outcome(postgres_url)
    assert run.status == "finished" and run.healthy and run.items == PAGES
    assert products == PAGES
    assert not list(redis_client.scan_iter(f"{redis_client.test_prefix}:big:{run.id}:*"))  # cleaned up


def test_killing_a_worker_mid_crawl_still_completes(tmp_path, postgres_url, redis_client):
    with CountingStore(products=PAGES) as shop:
        codes = crawl_with_two_workers(tmp_path, shop, postgres_url, redis_client.test_prefix, kill_after=400)
        hits = collections.Counter(path for _, path, _ in shop.requests if path.startswith("/p/"))
    assert codes[1] == 0
    assert max(hits.values()) == 1  # nothing fetched twice
    assert len(hits) >= PAGES - LOST_IN_FLIGHT_MAX  # only the killed worker's in-flight requests are missing
    run, products = outcome(postgres_url)
    assert run.status == "finished" and run.healthy
    assert products >= PAGES - LOST_IN_FLIGHT_MAX
