"""Scale-out benchmark: pages/s with 1 and 2 scrapy-redis workers, and the Redis frontier's overhead
against Scrapy's in-memory scheduler, on the same 2,000-page loopback store.

    .venv/bin/python -m bench.distributed_bench [--pages 2000] [--admin-url postgresql+psycopg://…] [--ops-only]

Stores are ``core.testing.stores.CountingStore`` ``/p/<i>`` JSON-LD pages, politeness off
(no delay, concurrency 8). "in-memory" is ``rivalwatch crawl``; "redis N" is ``rivalwatch worker
--store big --seed`` + N ``rivalwatch worker --store big`` processes on the reliable frontier
(``spiders/queue/reliable.py``: every pop recorded in flight, acknowledged after staging). Wall time
covers process start-up to the last exit (including each worker's idle wait, ``--idle-seconds 1``);
"crawl s" is first to last page request as the server saw them; the Redis frontier's per-page
overhead is ``1 / (redis 1 pages/s) − 1 / (in-memory pages/s)``. Both cores of a 2-core box are
shared by the store, the workers and the database, so 2 workers measure contention as much as
scale. Writes ``bench/results/distributed_bench.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from core.testing.stores import FAST, CountingStore, store_yaml, write_config

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"
REDIS = "redis://127.0.0.1:6379/15"


def fresh_postgres(admin_url: str) -> str:
    from sqlalchemy import create_engine, text

    name = f"rw_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def drop_postgres(admin_url: str, url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    engine.dispose()


def one_run(pages: int, workers: int, db_url: str) -> dict:
    with CountingStore(products=pages) as shop, tempfile.TemporaryDirectory() as tmp:
        urls = [f"{shop.base_url}/p/{i}" for i in range(pages)]
        config = write_config(Path(tmp) / "cfg", {"big": store_yaml("big", urls, politeness=FAST)})
        base = [sys.executable, "-m", "rivalwatch"]
        common = ["--store", "big", "--config", str(config), "--database-url", db_url]
        start = time.perf_counter()
        if workers == 0:
            subprocess.run([*base, "crawl", *common, "--no-progress"], cwd=REPO, capture_output=True, check=False)
        else:
            redis = ["--redis-url", REDIS, "--key-prefix", f"rwbench-{uuid.uuid4().hex[:6]}", "--idle-seconds", "1"]
            subprocess.run([*base, "worker", *common, *redis, "--seed"], cwd=REPO, capture_output=True, check=True)
            procs = [subprocess.Popen([*base, "worker", *common, *redis], cwd=REPO, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL) for _ in range(workers)]
            for p in procs:
                p.wait()
        wall = time.perf_counter() - start
        hits = sorted(shop.hits("/p/"))
    crawl = hits[-1] - hits[0] if len(hits) > 1 else float("nan")
    return {"mode": "in-memory" if workers == 0 else f"redis {workers} worker(s)", "pages": len(hits),
            "wall_s": round(wall, 1), "crawl_s": round(crawl, 1), "pages_per_s_crawl": round(len(hits) / crawl, 1)}


def frontier_ops(pages: int, repeats: int = 3) -> dict:
    """Redis cost per page of the frontier alone (no crawl): enqueue + pop (+ one ack per 20 pages)
    with stock scrapy-redis calls (SADD, ZADD, MULTI ZRANGE/ZREMRANGEBYRANK) vs the reliable scripts."""
    import pickle
    import statistics

    import redis

    from spiders.queue.reliable import Frontier

    server = redis.Redis.from_url(REDIS)
    payloads = [pickle.dumps({"url": f"http://shop.example/p/{i}", "meta": {"source": i, "page": 1}}) for i in range(pages)]

    def stock(prefix: str) -> None:
        for i, data in enumerate(payloads):
            if server.sadd(f"{prefix}:dupefilter", f"fp{i}"):
                server.execute_command("ZADD", f"{prefix}:requests", 0, data)
        for _ in payloads:
            pipe = server.pipeline()
            pipe.multi()
            pipe.zrange(f"{prefix}:requests", 0, 0).zremrangebyrank(f"{prefix}:requests", 0, 0)
            pipe.execute()

    def reliable(prefix: str) -> None:
        frontier, tokens = Frontier(server, prefix, "bench", 15), []
        for i, data in enumerate(payloads):
            frontier.push(f"fp{i}", 0, data, None)
        for _ in payloads:
            tokens.append(frontier.pop()[0])
            if len(tokens) == 20:  # the staging batch
                frontier.ack(tokens)
                tokens = []
        frontier.ack(tokens)

    samples: dict[str, list[float]] = {"stock_scrapy_redis": [], "reliable": []}
    for _ in range(repeats):
        for name, fn in (("stock_scrapy_redis", stock), ("reliable", reliable)):
            prefix = f"rwbench-ops-{uuid.uuid4().hex[:6]}"
            start = time.perf_counter()
            fn(prefix)
            samples[name].append(1000 * (time.perf_counter() - start) / pages)
            for key in server.scan_iter(f"{prefix}:*"):
                server.delete(key)
    return {f"{name}_ms_per_page": round(statistics.median(v), 3) for name, v in samples.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--admin-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test",
                        help="PostgreSQL server to create a scratch database per run on")
    parser.add_argument("--ops-only", action="store_true", help="only the Redis operations per page (no crawls)")
    args = parser.parse_args()
    ops = {**frontier_ops(args.pages), "load_average": [round(x, 1) for x in os.getloadavg()]}
    print("Redis frontier operations per page (enqueue + pop + ack):", ", ".join(f"{k}={v}" for k, v in ops.items()))
    if args.ops_only:
        return 0
    rows = []
    for workers in (0, 1, 2):
        db_url = fresh_postgres(args.admin_url)
        try:
            rows.append(one_run(args.pages, workers, db_url))
        finally:
            drop_postgres(args.admin_url, db_url)
    print(f"{'mode':<22}{'pages':>7}{'wall s':>8}{'crawl s':>9}{'pages/s':>9}")
    for r in rows:
        print(f"{r['mode']:<22}{r['pages']:>7}{r['wall_s']:>8}{r['crawl_s']:>9}{r['pages_per_s_crawl']:>9}")
    memory, one = rows[0]["pages_per_s_crawl"], rows[1]["pages_per_s_crawl"]
    summary = {"redis_overhead_pct": round(100 * (memory - one) / memory, 1),
               "redis_overhead_ms_per_page": round(1000 * (1 / one - 1 / memory), 2),
               "speedup_2_vs_1": round(rows[2]["pages_per_s_crawl"] / one, 2),
               "load_average": [round(x, 1) for x in os.getloadavg()]}
    print(", ".join(f"{k}={v}" for k, v in summary.items()))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "distributed_bench.json").write_text(json.dumps({"runs": rows, **summary, "frontier_ops": ops}, indent=2),
                                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
