"""Storage growth: does the database grow with changes, not with crawls?

Phases, on SQLite and on PostgreSQL (each a fresh database): one crawl of the catalogue (baseline),
``--recrawls`` unchanged re-crawls, then one crawl with 5 % of the prices changed (-8 % each).
After each phase: fact rows (all / current), change events, products, staged items, pending changes,
and bytes on disk.

How the crawls are driven (``--via``):
* ``api`` (default, fast): through the storage write API the spider uses — ``sync_store``,
  ``start_run``, ``stage_items`` in batches of 500 (the pipeline's batch), ``finish_run`` (healthy),
  ``apply_run`` with the store's ``ApplyPolicy`` — with the items the real spider + pipeline stage
  (``bench.staged_items``: a template checked against the real callbacks on a sample of pages and on every
  changed product). Downloading and health checks are skipped; they do not write facts.
* ``spider``: every crawl is a real ``store`` crawl of the catalogue server in a child process.

Bytes: SQLite — after ``PRAGMA wal_checkpoint(TRUNCATE)``, the database file size (the WAL is then
empty) and the pages in use (``page_count - freelist_count``; free pages are reused, never returned to
the OS without VACUUM). PostgreSQL — ``pg_database_size`` and the sum of ``pg_total_relation_size``
of RivalWatch's tables (heap + indexes + TOAST), with autovacuum as configured on the server and
no manual VACUUM between phases; dead tuples of ``facts`` are reported. Crawls here follow each other
within seconds, so autovacuum rarely gets a turn; a second PostgreSQL series runs a plain ``VACUUM``
before each crawl, as autovacuum would in the hours between scheduled crawls. At the end, as a reference
for live data, the same after a full ``VACUUM`` (SQLite) / ``VACUUM FULL`` (PostgreSQL).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time
from pathlib import Path

from bench import report
from bench.catalog import CHANGE_EVERY, Catalog, CatalogServer
from bench.common import STORE_SLUG, postgres_database, run_crawl_child, write_config

TABLES = ("stores", "sources", "products", "crawl_runs", "staged_items", "facts", "pending_changes", "policy_texts",
          "change_events", "alert_deliveries")
SIZE_TARGET = 1.1


def _counts(db) -> dict:
    from sqlalchemy import func, select

    from storage.models import (
        ChangeEvent,
        CrawlRun,
        Fact,
        PendingChange,
        Product,
        StagedItem,
    )

    with db.session() as s:
        return {
            "facts": s.scalar(select(func.count()).select_from(Fact)),
            "facts_current": s.scalar(select(func.count()).select_from(Fact).where(Fact.valid_to.is_(None))),
            "change_events": s.scalar(select(func.count()).select_from(ChangeEvent)),
            "products": s.scalar(select(func.count()).select_from(Product)),
            "crawl_runs": s.scalar(select(func.count()).select_from(CrawlRun)),
            "staged_items": s.scalar(select(func.count()).select_from(StagedItem)),
            "pending_changes": s.scalar(select(func.count()).select_from(PendingChange)),
        }


def _sizes(db, sqlite_path: Path | None) -> dict:
    from sqlalchemy import text

    if sqlite_path is not None:
        # A plain sqlite3 connection in autocommit mode: the engine starts every transaction with
        # BEGIN IMMEDIATE, and a checkpoint cannot run inside a transaction.
        conn = sqlite3.connect(sqlite_path, isolation_level=None, timeout=30)
        try:
            busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            page_size = conn.execute("PRAGMA page_size").fetchone()[0]
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            free = conn.execute("PRAGMA freelist_count").fetchone()[0]
        finally:
            conn.close()
        wal = Path(str(sqlite_path) + "-wal")
        return {
            "db_bytes": sqlite_path.stat().st_size,
            "wal_bytes": wal.stat().st_size if wal.exists() else 0,
            "used_bytes": (pages - free) * page_size,
            "free_bytes": free * page_size,
            "checkpoint_busy": bool(busy),
        }
    with db.engine.connect() as conn:
        database = conn.execute(text("select pg_database_size(current_database())")).scalar()
        tables = conn.execute(text(
            "select coalesce(sum(pg_total_relation_size(relid)), 0) from pg_stat_user_tables where relname = any(:t)"
        ), {"t": list(TABLES)}).scalar()
        facts = conn.execute(text(
            "select pg_total_relation_size('facts'), n_live_tup, n_dead_tup, autovacuum_count, coalesce(last_autovacuum::text, '')"
            " from pg_stat_user_tables where relname = 'facts'"
        )).one()
    return {"db_bytes": int(database), "tables_bytes": int(tables), "facts_bytes": int(facts[0]),
            "facts_live_tuples": int(facts[1]), "facts_dead_tuples": int(facts[2]), "facts_autovacuums": int(facts[3])}


class ApiCrawler:
    """Crawls through the storage API with the items the spider stages."""

    def __init__(self, db, config_dir: Path, items):
        from core.config import load_config_dir
        from spiders.extensions.recording import store_info
        from storage import ApplyPolicy, sync_store

        self.db, self.items = db, items
        config = load_config_dir(config_dir).get(STORE_SLUG)
        self.info = store_info(config)
        self.policy = ApplyPolicy(config.confirm_runs, config.remove_after_runs, config.max_change_share)
        sync_store(db, self.info)

    def crawl(self, version: int) -> dict:
        from storage import apply_run, finish_run, stage_items, start_run, sync_store
        from storage.runs import reclaim_space

        items = self.items.items(version)
        t0 = time.perf_counter()
        sync_store(self.db, self.info)
        run_id = start_run(self.db, STORE_SLUG, "store")
        for start in range(0, len(items), 500):
            stage_items(self.db, run_id, items[start:start + 500])
        t1 = time.perf_counter()
        finish_run(self.db, run_id, status="finished", finish_reason="finished", pages=self.items.catalog.n + 5,
                   errors=0, healthy=True, health_reasons=[], stats={"bench": "storage api"})
        changes = apply_run(self.db, run_id, self.policy)
        reclaim_space(self.db)  # what the spider's RunRecorder does after every run
        t2 = time.perf_counter()
        return {"run_id": run_id, "changes": changes, "stage_s": t1 - t0, "apply_s": t2 - t1, "items": len(items)}


class SpiderCrawler:
    """Crawls with the real spider, in a child process, against the catalogue server."""

    def __init__(self, server: CatalogServer, config_dir: Path, database_url: str):
        self.server, self.config_dir, self.database_url = server, config_dir, database_url

    def crawl(self, version: int) -> dict:
        self.server.catalog.version = version
        result = run_crawl_child("full", self.server.base_url, config=self.config_dir, database_url=self.database_url)
        if result["finish_reason"] != "finished":
            raise RuntimeError(f"crawl failed: {result}")
        return {"run_id": result["run_id"], "changes": result["changes"], "crawl_s": result["wall_s"],
                "items": result["items"]}


def run_one(backend: str, database_url: str, sqlite_path: Path | None, catalog: Catalog, config_dir: Path,
            recrawls: int, via: str, server: CatalogServer | None, items, say, vacuum_between: bool = False) -> dict:
    from storage import Database, upgrade

    db = Database.connect(database_url)
    upgrade(db)
    crawler = SpiderCrawler(server, config_dir, database_url) if via == "spider" else ApiCrawler(db, config_dir, items)
    phases = []

    def phase(name: str, version: int) -> dict:
        if vacuum_between and phases:
            # What autovacuum does in the hours between two scheduled crawls: plain VACUUM marks the
            # previous crawl's dead row versions reusable (it does not shrink files).
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM")
        info = crawler.crawl(version)
        entry = {"phase": name, "version": version, **info, **_counts(db), **_sizes(db, sqlite_path),
                 "load_average": report.load_average()}
        phases.append(entry)
        return entry

    first = phase("crawl 1 (baseline)", 1)
    say(f"  [{backend}] baseline: {first['facts']:,} facts, {first['db_bytes'] / 2**20:.1f} MiB")
    for k in range(1, recrawls + 1):
        entry = phase(f"re-crawl {k} (unchanged)", 1)
        if k in (1, recrawls) or k % 10 == 0:
            say(f"  [{backend}] re-crawl {k}: {entry['facts']:,} facts, {entry['change_events']} events, "
                f"{entry['db_bytes'] / 2**20:.1f} MiB")
    changed = phase("5 % prices changed", 2)
    say(f"  [{backend}] 5 % changed: {changed['facts']:,} facts, {changed['change_events']} events, "
        f"{changed['db_bytes'] / 2**20:.1f} MiB")
    # Reference: live data once dead space is reclaimed (not part of the pass/fail figures).
    if sqlite_path is not None:
        db.engine.dispose()
        conn = sqlite3.connect(sqlite_path, isolation_level=None, timeout=30)
        conn.execute("VACUUM")
        conn.close()
    else:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM FULL")
    vacuumed = {"phase": "reference: after VACUUM" + ("" if sqlite_path else " FULL"), **_counts(db), **_sizes(db, sqlite_path)}
    db.dispose()

    last_unchanged = phases[recrawls]  # phases[0] is the baseline
    size_ratio = last_unchanged["db_bytes"] / first["db_bytes"]
    changed_products = sum(1 for p in catalog.products if p.changes)
    return {
        "backend": backend, "phases": phases, "vacuumed_reference": vacuumed,
        "facts_added_by_recrawls": last_unchanged["facts"] - first["facts"],
        "events_from_recrawls": last_unchanged["change_events"] - first["change_events"],
        "size_ratio_after_recrawls": size_ratio,
        "max_size_ratio_during_recrawls": max(p["db_bytes"] for p in phases[: recrawls + 1]) / first["db_bytes"],
        "changed_products": changed_products,
        "facts_added_by_change": changed["facts"] - last_unchanged["facts"],
        "events_from_change": changed["change_events"] - last_unchanged["change_events"],
        "bytes_added_by_change": changed["db_bytes"] - last_unchanged["db_bytes"],
        "meets_targets": (last_unchanged["facts"] == first["facts"] and size_ratio <= SIZE_TARGET
                          and changed["facts"] - last_unchanged["facts"] == changed_products),
    }


def _save_partial(backends: list, products: int, recrawls: int, via: str, results_dir: Path | None) -> None:
    # A long run that is stopped part-way keeps the series already measured.
    report.save("storage-partial", {"benchmark": "storage", "partial": True, "products": products, "recrawls": recrawls,
                                    "via": via, "backends": backends, "machine": report.machine_info()}, results_dir)


def run(products: int = 10_000, recrawls: int = 30, via: str = "api", postgres: bool = True, verify: int = 100,
        pg_vacuum: bool = True, results_dir: Path | None = None, quiet: bool = False) -> dict:
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, flush=True))
    catalog = Catalog(products)
    backends = []
    with tempfile.TemporaryDirectory(prefix="rw-bench-storage-") as tmp, CatalogServer(catalog) as server:
        config_dir = write_config(Path(tmp) / "config", server.base_url)
        say(f"storage: {products:,} products, baseline + {recrawls} unchanged re-crawls + one with "
            f"{100 / CHANGE_EVERY:.0f} % prices changed; via {via}; load average {report.load_average()}")
        items = None
        if via == "api":
            from bench.staged_items import CrawlItems

            items = CrawlItems(catalog, config_dir, verify=verify)
        sqlite_path = Path(tmp) / "storage.sqlite"
        backends.append(run_one("sqlite", f"sqlite:///{sqlite_path}", sqlite_path, catalog, config_dir, recrawls, via,
                                server, items, say))
        _save_partial(backends, products, recrawls, via, results_dir)
        pg_url = None
        if postgres:
            with postgres_database("rw_bench_storage") as pg_url:
                if pg_url is None:
                    say("  PostgreSQL not reachable: skipped")
                else:
                    backends.append(run_one("postgresql", pg_url, None, catalog, config_dir, recrawls, via, server,
                                            items, say))
                    _save_partial(backends, products, recrawls, via, results_dir)
            if pg_url is not None and pg_vacuum:
                with postgres_database("rw_bench_storage") as pg_url2:
                    backends.append(run_one("postgresql, VACUUM between crawls", pg_url2, None, catalog, config_dir,
                                            recrawls, via, server, items, say, vacuum_between=True))
        checked = items.checked if items else None
    machine = report.machine_info(os.environ.get("RIVALWATCH_TEST_POSTGRES_URL") or
                                  "postgresql+psycopg://postgres@127.0.0.1:5432/test" if postgres else None)
    result = {"benchmark": "storage", "machine": machine, "products": products, "recrawls": recrawls, "via": via,
              "items_checked_against_spider": checked, "size_target": SIZE_TARGET, "backends": backends,
              "load_average_end": report.load_average()}
    for b in backends:
        rows = []
        for p in b["phases"]:
            if p["phase"].startswith("re-crawl") and not (p["phase"].startswith(f"re-crawl {recrawls} ")
                                                           or p["phase"].startswith("re-crawl 1 ")):
                continue
            rows.append([p["phase"], p["facts"], p["facts_current"], p["change_events"], p["staged_items"],
                         p["db_bytes"] / 2**20, p.get("used_bytes", p.get("tables_bytes", 0)) / 2**20,
                         p.get("apply_s", p.get("crawl_s"))])
        ref = b["vacuumed_reference"]
        rows.append([ref["phase"], ref["facts"], ref["facts_current"], ref["change_events"], ref["staged_items"],
                     ref["db_bytes"] / 2**20, ref.get("used_bytes", ref.get("tables_bytes", 0)) / 2**20, None])
        used = "used MiB" if b["backend"] == "sqlite" else "tables MiB"
        say(report.table(["phase", "facts", "current", "events", "staged", "DB MiB", used,
                          "apply s" if via == "api" else "crawl s"], rows,
                         title=f"\n{b['backend']}: {products:,} products"))
        say(f"re-crawls added {b['facts_added_by_recrawls']} fact rows and {b['events_from_recrawls']} events; "
            f"DB size after {recrawls} re-crawls = {b['size_ratio_after_recrawls']:.3f}× the first crawl "
            f"(max {b['max_size_ratio_during_recrawls']:.3f}×, target ≤ {SIZE_TARGET}×); the 5 % change "
            f"({b['changed_products']} products) added {b['facts_added_by_change']} fact rows, "
            f"{b['events_from_change']} events, {b['bytes_added_by_change'] / 1024:.0f} KiB")
    result["saved_to"] = str(report.save("storage", result, results_dir))
    say(f"saved {result['saved_to']}")
    return result


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--products", "--pages", dest="products", type=int, default=10_000,
                        help="products in the catalogue (default 10,000)")
    parser.add_argument("--recrawls", type=int, default=30, help="unchanged re-crawls (default 30)")
    parser.add_argument("--via", choices=("api", "spider"), default="api",
                        help="drive crawls through the storage API (default) or the real spider")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--no-pg-vacuum-series", action="store_true",
                        help="skip the PostgreSQL series with a plain VACUUM between crawls")
    parser.add_argument("--verify", type=int, default=100,
                        help="api mode: pages re-extracted by the real spider to check the item template")


def run_from_args(args, results_dir: Path | None = None) -> dict:
    return run(products=args.products, recrawls=args.recrawls, via=args.via, postgres=not args.no_postgres,
               verify=args.verify, pg_vacuum=not args.no_pg_vacuum_series, results_dir=results_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench storage", description=__doc__.splitlines()[0])
    add_arguments(parser)
    run_from_args(parser.parse_args(argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
