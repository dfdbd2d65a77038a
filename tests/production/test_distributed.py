"""Scale-out on real Redis + PostgreSQL: two workers share one frontier of a 2,000-page loopback
store — every page is fetched once and every item lands once; a worker killed with -9 while it has
requests in flight loses none of them (another worker puts them back in the queue and fetches
them; only those can be fetched twice); ``rivalwatch schedule --enqueue`` only seeds runs, and a
polling ``rivalwatch worker`` crawls them to an applied, healthy run."""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import time

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import func, select

from core.config import load_config_dir
from rivalwatch.jobs import JobContext
from rivalwatch.scheduler import CrawlScheduler
from rivalwatch.worker import seed_run
from storage import Database, upgrade
from storage.models import CrawlRun, Product
from tests.production.conftest import FAST, REDIS_URL, REPO, write_config
from core.testing.stores import CountingStore, store_yaml

pytestmark = [pytest.mark.redis, pytest.mark.postgres]
PAGES = 2000


def worker_cmd(config, db_url: str, prefix: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "rivalwatch", "worker", "--config", str(config), "--database-url", db_url,
            "--redis-url", REDIS_URL, "--key-prefix", prefix, "--idle-seconds", "2", *extra]


def start_worker(*cmd: str, log=subprocess.DEVNULL) -> subprocess.Popen:
    return subprocess.Popen(list(cmd), cwd=REPO, stdout=log, stderr=log, start_new_session=True)


def stop(process: subprocess.Popen, sig=signal.SIGKILL) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)


def seed_big_store(tmp_path, shop, db_url, prefix, redis_client) -> tuple:
    urls = [f"{shop.base_url}/p/{i}" for i in range(PAGES)]
    config = write_config(tmp_path / "cfg", {"big": store_yaml("big", urls, politeness=FAST)})
    seeded = subprocess.run(worker_cmd(config, db_url, prefix, "--store", "big", "--seed"), cwd=REPO,
                            capture_output=True, text=True)
    assert seeded.returncode == 0, seeded.stderr[-2000:]
    return config, int(redis_client.get(f"{prefix}:big:run"))


def fetches(shop) -> collections.Counter:
    return collections.Counter(path for _, path, _ in shop.requests if path.startswith("/p/"))


def outcome(db_url: str):
    db = Database.connect(db_url)
    with db.session() as s:
        run = s.scalars(select(CrawlRun)).one()
        products = s.scalar(select(func.count()).select_from(Product))
    db.dispose()
    return run, products


def test_two_workers_fetch_every_page_once(tmp_path, postgres_url, redis_client):
    prefix = redis_client.test_prefix
    with CountingStore(products=PAGES) as shop:
        config, run_id = seed_big_store(tmp_path, shop, postgres_url, prefix, redis_client)
        db = Database.connect(postgres_url)
        assert seed_run(db, redis_client, prefix, load_config_dir(config).get("big")) is None  # no second run
        db.dispose()
        assert int(redis_client.get(f"{prefix}:big:run")) == run_id
        workers = [start_worker(*worker_cmd(config, postgres_url, prefix, "--store", "big")) for _ in range(2)]
        try:
            codes = [w.wait(timeout=180) for w in workers]
        finally:
            for w in workers:
                stop(w)
        hits = fetches(shop)
    assert codes == [0, 0]
    assert len(hits) == PAGES and max(hits.values()) == 1
    run, products = outcome(postgres_url)
    assert run.status == "finished" and run.healthy and run.items == PAGES
    assert products == PAGES
    assert run.stats.get("rivalwatch/requeued_inflight", 0) == 0
    assert not list(redis_client.scan_iter(f"{prefix}:*"))  # every key of the run is gone


def test_worker_killed_with_requests_in_flight_loses_none(tmp_path, postgres_url, redis_client):
    prefix = redis_client.test_prefix
    started = time.monotonic()
    with CountingStore(products=PAGES, delay=0.01) as shop:
        config, run_id = seed_big_store(tmp_path, shop, postgres_url, prefix, redis_client)
        inflight = f"{prefix}:big:{run_id}:inflight:victim"
        victim = start_worker(*worker_cmd(config, postgres_url, prefix, "--store", "big", "--name", "victim"))
        survivor = start_worker(*worker_cmd(config, postgres_url, prefix, "--store", "big", "--name", "survivor"))
        try:
            deadline = time.monotonic() + 60
            reported = f"{prefix}:big:{run_id}:stats"  # workers add their stats every 5 s, not only at close
            while time.monotonic() < deadline and not (len(shop.hits("/p/")) >= 400 and redis_client.hlen(inflight)
                                                       and redis_client.hget(reported, "item_scraped_count")):
                time.sleep(0.02)
            os.killpg(victim.pid, signal.SIGKILL)
            victim.wait(timeout=10)
            lost_with_victim = redis_client.hlen(inflight)  # popped, never acknowledged
            code = survivor.wait(timeout=120)
        finally:
            stop(victim)
            stop(survivor)
        hits = fetches(shop)
    assert lost_with_victim > 0, "the worker was killed before it popped anything"
    assert code == 0
    assert len(hits) == PAGES, f"{PAGES - len(hits)} page(s) never fetched"
    twice = sum(1 for n in hits.values() if n > 1)
    assert max(hits.values()) <= 2 and twice <= lost_with_victim  # only the victim's unacknowledged pages
    run, products = outcome(postgres_url)
    assert run.status == "finished" and run.healthy
    assert run.items == PAGES and products == PAGES  # one staged item per page, applied once
    assert int(run.stats["rivalwatch/requeued_inflight"]) == lost_with_victim
    assert int(run.stats["item_scraped_count"]) >= PAGES // 2  # the victim's reported items still count (health)
    assert not list(redis_client.scan_iter(f"{prefix}:*"))
    print(f"killed worker had {lost_with_victim} unacknowledged entries; {twice} page(s) fetched twice; "
          f"{time.monotonic() - started:.0f} s")


def every_second(_store):
    return CronTrigger(second="*")


def test_enqueue_scheduler_seeds_and_a_polling_worker_crawls(tmp_path, postgres_url, redis_client):
    prefix = redis_client.test_prefix
    with CountingStore(products=20) as shop:
        shop_yaml = store_yaml("shop", [f"{shop.base_url}/p/{i}" for i in range(20)], politeness=FAST)
        # Same store, different User-Agent contact: the shop tells who fetched each page.
        scheduler_cfg = write_config(tmp_path / "sched", {"shop": shop_yaml}, contact="https://scheduler.example/bot")
        worker_cfg = write_config(tmp_path / "work", {"shop": shop_yaml}, contact="https://worker.example/bot")
        db = Database.connect(postgres_url)
        upgrade(db)
        ctx = JobContext(scheduler_cfg, postgres_url, redis_url=REDIS_URL, key_prefix=prefix)
        scheduler = CrawlScheduler(ctx, load_config_dir(scheduler_cfg), scheduler_cls=BackgroundScheduler,
                                   trigger_factory=every_second, catch_up=False)
        log = (tmp_path / "worker.log").open("w")
        worker = start_worker(*worker_cmd(worker_cfg, postgres_url, prefix, "--poll-seconds", "0.5",
                                          "--idle-seconds", "1"), log=log)
        try:
            scheduler.add_jobs()
            scheduler.scheduler.start()
            deadline = time.monotonic() + 60
            finished = []
            while time.monotonic() < deadline and not finished:
                with db.session() as s:
                    finished = list(s.scalars(select(CrawlRun).where(CrawlRun.status != "running")))
                time.sleep(0.3)
            scheduler.request_stop()
            assert scheduler.wait_for_jobs(10)
            worker.send_signal(signal.SIGTERM)  # to the worker only: it forwards to its crawl
            code = worker.wait(timeout=60)
        finally:
            stop(worker)
            log.close()
        user_agents = {ua for _, _, ua in shop.requests}
    assert finished, "no run finished within 60 s"
    first = finished[0]
    assert (first.status, first.healthy, first.items) == ("finished", True, 20)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Product)) == 20  # applied
        runs = list(s.scalars(select(CrawlRun).order_by(CrawlRun.started_at)))
    db.dispose()
    for earlier, later in zip(runs, runs[1:]):  # a store is never seeded while its run is queued/running
        assert earlier.finished_at is not None and later.started_at >= earlier.finished_at
    outcomes = collections.Counter(r.outcome for r in scheduler.results)
    assert outcomes["enqueued"] >= 1 and outcomes["busy"] >= 1
    assert user_agents and all("worker.example" in ua for ua in user_agents), user_agents  # the scheduler fetched nothing
    assert code == 0
    assert "alerts: planned" in (tmp_path / "worker.log").read_text()  # the applying worker sent the alerts


def test_frontier_scripts_keep_every_popped_entry_until_acknowledged(redis_client):
    """The Lua operations on their own: pop records in flight, hand-over and ack remove, a dead
    worker's entries (requests and start entries) go back only after its heartbeat expired."""
    from spiders.queue.reliable import Frontier, start_token

    base = f"{redis_client.test_prefix}:s:1"
    dead, live = Frontier(redis_client, base, "dead", ttl=1), Frontier(redis_client, base, "live", ttl=30)
    assert dead.push("fp-a", -1, b"request-a", None) and dead.push("fp-b", 0, b"request-b", None)
    assert not live.push("fp-a", 0, b"request-a-again", None)  # the dupefilter and the queue move together
    redis_client.rpush(f"{base}:start_urls", b"start-1")
    dead.beat()
    live.beat()
    token, data = dead.pop()
    assert data == b"request-a" and token.startswith("-1:")  # highest priority first; the score travels along
    assert dead.pop_start(10) == [b"start-1"]
    assert redis_client.hlen(dead.inflight) == 2 and dead.pending() == 1
    assert live.recover_dead() == 0  # its heartbeat still lives: nothing is taken from a live worker
    time.sleep(1.2)  # the heartbeat expires
    assert live.recover_dead() == 2
    assert redis_client.zrange(f"{base}:requests", 0, -1, withscores=True) == [(b"request-a", -1.0), (b"request-b", 0.0)]
    assert redis_client.lrange(f"{base}:start_urls", 0, -1) == [b"start-1"]
    assert int(redis_client.hget(f"{base}:stats", "rivalwatch/requeued_inflight")) == 2
    token, _ = live.pop()
    assert live.push("", -1, b"request-a-retry", token)  # a retry replaces its original in one script
    assert redis_client.hlen(live.inflight) == 0 and live.pending() == 3
    live.pop_start(10)
    live.ack([start_token(b"start-1")])
    assert redis_client.hlen(live.inflight) == 0 and live.other_inflight() == []


def test_sigterm_to_a_polling_worker_hands_its_work_to_the_other(tmp_path, postgres_url, redis_client):
    """A worker stopped gracefully mid-run (deploy, scale-down) exits 0; the other polling worker
    finishes the run, which ends ``finished`` — the leaver's ``shutdown`` is not the run's reason."""
    prefix, pages = redis_client.test_prefix, 400
    with CountingStore(products=pages, delay=0.02) as shop:
        config = write_config(tmp_path / "cfg", {"mid": store_yaml("mid", [f"{shop.base_url}/p/{i}" for i in range(pages)],
                                                                  politeness=FAST)})
        seeded = subprocess.run(worker_cmd(config, postgres_url, prefix, "--store", "mid", "--seed"), cwd=REPO,
                                capture_output=True, text=True)
        assert seeded.returncode == 0, seeded.stderr[-2000:]
        run_id = int(redis_client.get(f"{prefix}:mid:run"))
        polling = ("--poll-seconds", "0.5", "--idle-seconds", "1")
        leaver = start_worker(*worker_cmd(config, postgres_url, prefix, *polling, "--name", "leaver"))
        stayer = start_worker(*worker_cmd(config, postgres_url, prefix, *polling, "--name", "stayer"))
        db = Database.connect(postgres_url)
        try:
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline and not (len(shop.hits("/p/")) >= 50
                                                       and redis_client.hlen(f"{prefix}:mid:{run_id}:inflight:leaver")):
                time.sleep(0.02)
            leaver.send_signal(signal.SIGTERM)  # the worker process only: it forwards to its crawl
            leaver_code = leaver.wait(timeout=60)
            run = None
            while time.monotonic() < deadline + 60 and (run is None or run.status == "running"):
                time.sleep(0.3)
                with db.session() as s:
                    run = s.get(CrawlRun, run_id)
            stayer.send_signal(signal.SIGTERM)
            stayer_code = stayer.wait(timeout=60)
        finally:
            stop(leaver)
            stop(stayer)
            db.dispose()
        hits = fetches(shop)
    assert leaver_code == 0 and stayer_code == 0
    assert len(hits) == pages
    assert (run.status, run.finish_reason, run.healthy, run.items) == ("finished", "finished", True, pages)
    assert not list(redis_client.scan_iter(f"{prefix}:*"))
