"""Conditional re-fetches: bytes downloaded and time of an unchanged re-crawl with vs without validators.

The benchmark catalogue (default 500 products of ~30 KB, a sitemap, shipping and returns pages) is
served with an ``ETag`` per page; a request whose ``If-None-Match`` matches gets ``304 Not Modified``
without a body. Two fresh SQLite databases, one per mode: ``politeness.conditional_requests`` true
(validators sent) and false (plain re-fetch). In each, a first crawl records the baseline, then
``--runs`` unchanged re-crawls are measured with the real ``store`` spider in a child process:
body bytes counted at the server, Scrapy's ``downloader/response_bytes``, wall and CPU time, 304s,
change events (must be 0) and run health (must be healthy).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import tempfile
from pathlib import Path

import yaml

from bench import report
from bench.catalog import Catalog, CatalogServer
from bench.common import STORE_SLUG, run_crawl_child, write_config

MODES = {"with validators": True, "without validators": False}


class ETagCatalogServer(CatalogServer):
    """The benchmark catalogue with an ``ETag`` on every page and ``304`` for a matching ``If-None-Match``."""

    def __init__(self, catalog: Catalog):
        super().__init__(catalog)
        self.not_modified = 0

    def reset_counts(self) -> None:
        super().reset_counts()
        self.not_modified = 0

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        async with self._slots:
            try:
                while True:
                    head = await reader.readuntil(b"\r\n\r\n")
                    line, _, rest = head.partition(b"\r\n")
                    method, target, _version = line.decode("latin-1").split(" ", 2)
                    headers = {}
                    for header in rest.split(b"\r\n"):
                        name, _, value = header.partition(b":")
                        headers[name.strip().lower()] = value.strip()
                    if int(headers.get(b"content-length", 0) or 0):
                        await reader.readexactly(int(headers[b"content-length"]))
                    status, ctype, body, route = self.routes.answer(target)
                    self.counts[route] += 1
                    etag = b'"%s"' % hashlib.sha1(body).hexdigest()[:20].encode()
                    if status == 200 and route != "robots.txt" and headers.get(b"if-none-match") == etag:
                        self.not_modified += 1
                        writer.write(b"HTTP/1.1 304 Not Modified\r\nETag: %s\r\n\r\n" % etag)
                    else:
                        send = body if method != "HEAD" else b""
                        self.bytes_sent += len(send)
                        reason = b"OK" if status == 200 else b"Not Found"
                        writer.write(b"HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nETag: %s\r\n\r\n"
                                     % (status, reason, ctype, len(body), etag))
                        writer.write(send)
                    await writer.drain()
                    if headers.get(b"connection") == b"close":
                        break
            except (asyncio.IncompleteReadError, ConnectionError, ValueError, asyncio.LimitOverrunError):
                pass
            finally:
                writer.close()


def _config(directory: Path, base_url: str, conditional: bool) -> Path:
    write_config(directory, base_url)
    path = directory / f"{STORE_SLUG}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.setdefault("politeness", {})["conditional_requests"] = conditional
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return directory


def _run_row(database_url: str, run_id: int) -> dict:
    from sqlalchemy import func, select

    from storage import Database
    from storage.models import ChangeEvent, CrawlRun

    db = Database.connect(database_url)
    try:
        with db.session() as s:
            run = s.get(CrawlRun, run_id)
            events = s.scalar(select(func.count()).select_from(ChangeEvent).where(ChangeEvent.run_id == run_id))
            stats = run.stats or {}
            return {"healthy": run.healthy, "applied": run.applied_at is not None, "items": run.items, "events": events,
                    "response_bytes": int(stats.get("downloader/response_bytes", 0)),
                    "not_modified": int(stats.get("rivalwatch/not_modified", 0))}
    finally:
        db.dispose()


def run(products: int = 500, runs: int = 1, results_dir: Path | None = None, quiet: bool = False) -> dict:
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, flush=True))
    catalog = Catalog(products)
    samples: dict[str, list[dict]] = {mode: [] for mode in MODES}
    # The extraction code's identity is part of every validator; pin it so an edit in the working tree
    # during the benchmark does not turn the measured re-crawls into full fetches.
    pinned = os.environ.get("RIVALWATCH_EXTRACTION_VERSION")
    os.environ["RIVALWATCH_EXTRACTION_VERSION"] = pinned or "bench"
    try:
        with tempfile.TemporaryDirectory(prefix="rw-bench-conditional-") as tmp, ETagCatalogServer(catalog) as server:
            say(f"conditional: {products:,} products, unchanged re-crawl with vs without validators; "
                f"load average {report.load_average()}")
            for mode, conditional in MODES.items():
                config = _config(Path(tmp) / mode.replace(" ", "-"), server.base_url, conditional)
                database_url = f"sqlite:///{tmp}/{mode.replace(' ', '-')}.sqlite"
                run_crawl_child("full", server.base_url, config=config, database_url=database_url)  # baseline
                for _ in range(runs):
                    server.reset_counts()
                    result = run_crawl_child("full", server.base_url, config=config, database_url=database_url)
                    sample = {"wall_s": result["wall_s"], "cpu_s": result["cpu_s"], "server_body_bytes": server.bytes_sent,
                              "server_304": server.not_modified, "server_requests": server.requests,
                              **_run_row(database_url, result["run_id"])}
                    samples[mode].append(sample)
                    say(f"  {mode:18} {sample['server_body_bytes'] / 2**20:7.2f} MiB bodies  {sample['wall_s']:6.1f} s  "
                        f"{sample['server_304']:>5} × 304  events {sample['events']}  healthy {sample['healthy']}")
    finally:
        if pinned is None:
            os.environ.pop("RIVALWATCH_EXTRACTION_VERSION", None)
        else:
            os.environ["RIVALWATCH_EXTRACTION_VERSION"] = pinned

    def median(mode: str, key: str) -> float:
        return report.summary([s[key] for s in samples[mode]])["median"]

    on, off = "with validators", "without validators"
    result = {
        "benchmark": "conditional", "machine": report.machine_info(), "products": products, "runs": runs,
        "samples": samples,
        "bytes_ratio": median(on, "response_bytes") / max(median(off, "response_bytes"), 1),
        "time_ratio": median(on, "wall_s") / max(median(off, "wall_s"), 1e-9),
    }
    rows = [[mode, median(mode, "server_body_bytes") / 2**20, median(mode, "response_bytes") / 2**20,
             median(mode, "wall_s"), median(mode, "cpu_s"), int(median(mode, "server_304")), int(median(mode, "events"))]
            for mode in MODES]
    say(report.table(["unchanged re-crawl", "body MiB (server)", "response MiB (Scrapy)", "wall s", "CPU s", "304s",
                      "events"], rows, title=f"\n{products:,} products, median of {runs} re-crawl(s) per mode"))
    say(f"with validators: {result['bytes_ratio']:.3f}× the bytes, {result['time_ratio']:.2f}× the time "
        "(machine shared and loaded: compare ratios)")
    result["saved_to"] = str(report.save("conditional", result, results_dir))
    say(f"saved {result['saved_to']}")
    return result


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--products", type=int, default=500, help="products in the catalogue (default 500)")
    parser.add_argument("--runs", type=int, default=1, help="measured re-crawls per mode (default 1)")


def run_from_args(args, results_dir: Path | None = None) -> dict:
    return run(products=args.products, runs=args.runs, results_dir=results_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.conditional_bench", description=__doc__.splitlines()[0])
    add_arguments(parser)
    parser.add_argument("--results-dir", type=Path)
    args = parser.parse_args(argv)
    run_from_args(args, results_dir=args.results_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
