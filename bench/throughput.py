"""Crawl throughput: a bare Scrapy spider vs the full RivalWatch pipeline on the same catalogue.

Each crawl runs in its own child process (``bench.crawl_child``) against the catalogue server of
this process, with the same Scrapy settings. One warm-up pair, then ``--runs`` measured pairs,
interleaved (bare, full, bare, full, ...) so machine noise hits both alike. Per run: pages/s
(responses ÷ wall time of ``CrawlerProcess.start()``, which for the full pipeline includes the
apply at close), CPU seconds per 1,000 pages (``getrusage`` of the child over the same span) and
peak RSS (``VmHWM`` of the child, whole process). The full pipeline writes to a SQLite file that
the warm-up crawl filled, so measured runs are the steady state: a re-crawl of a known store.
``--profile`` adds one cProfile run of the full pipeline and prints where the time goes.
"""

from __future__ import annotations

import argparse
import pstats
import tempfile
from pathlib import Path

from bench import report
from bench.catalog import Catalog, CatalogServer
from bench.common import run_crawl_child, write_config

TARGET_RATIO = 0.9


def _run_health(database_url: str, run_id: int | None) -> dict:
    from sqlalchemy import func, select

    from storage import Database
    from storage.models import ChangeEvent, CrawlRun, Fact

    db = Database.connect(database_url)
    try:
        with db.session() as s:
            run = s.get(CrawlRun, run_id) if run_id else None
            return {
                "healthy": run.healthy if run else None,
                "health_reasons": list(run.health_reasons or []) if run else None,
                "applied": bool(run and run.applied_at),
                "items": run.items if run else None,
                "facts": s.scalar(select(func.count()).select_from(Fact)),
                "events": s.scalar(select(func.count()).select_from(ChangeEvent)),
            }
    finally:
        db.dispose()


def profile_top(path: Path, limit: int = 25) -> list[dict]:
    """The functions with most own time, and the RivalWatch/Scrapy entry points with most cumulative time."""
    stats = pstats.Stats(str(path))
    total = stats.total_tt or 1.0
    rows = []
    for (filename, line, name), (_cc, calls, tottime, cumtime, _callers) in stats.stats.items():
        rows.append({"function": f"{_short(filename)}:{line}:{name}", "calls": calls, "own_s": tottime,
                     "cum_s": cumtime, "own_share": tottime / total, "cum_share": cumtime / total})
    own = sorted(rows, key=lambda r: -r["own_s"])[:limit]
    project = sorted(
        (r for r in rows if r["function"].startswith(("spiders/", "storage/", "rivalwatch/"))), key=lambda r: -r["cum_s"]
    )[:limit]
    return [{"total_s": total}, {"by_own_time": own}, {"project_by_cumulative_time": project}]


def _short(filename: str) -> str:
    for marker in (f"{report.REPO}/", "site-packages/", "/lib/python3.11/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def run(pages: int = 10_000, runs: int = 3, warmup: bool = True, concurrency: int = 8, profile: bool = False,
        results_dir: Path | None = None, quiet: bool = False) -> dict:
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, flush=True))
    machine = report.machine_info()
    catalog = Catalog(pages)
    samples: dict[str, list[dict]] = {"bare": [], "full": []}
    warm: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="rw-bench-") as tmp, CatalogServer(catalog) as server:
        config = write_config(Path(tmp) / "config", server.base_url, concurrency=concurrency)
        database_url = f"sqlite:///{tmp}/throughput.sqlite"
        say(f"throughput: {pages:,} product pages at {server.base_url}, {runs} measured runs per mode"
            f"{' after a warm-up pair' if warmup else ''}; load average {report.load_average()}")

        def crawl(mode: str, label: str) -> dict:
            server.reset_counts()
            result = run_crawl_child(mode, server.base_url, config=config, database_url=database_url,
                                     concurrency=concurrency)
            result["server_requests"] = dict(server.counts)
            result["pages_per_s"] = result["responses"] / result["wall_s"] if result["wall_s"] else None
            result["cpu_s_per_1k_pages"] = 1000 * result["cpu_s"] / max(result["responses"], 1)
            result["load_average_after"] = report.load_average()
            if mode == "full":
                result["run"] = _run_health(database_url, result.get("run_id"))
            say(f"  {label:8} {mode:4}  {result['responses']:>7,} pages  {result['wall_s']:7.1f} s  "
                f"{result['pages_per_s']:7.1f} pages/s  {result['cpu_s_per_1k_pages']:6.2f} CPU s/1k  "
                f"{result['maxrss_mib']:6.0f} MiB"
                + (f"  healthy={result['run']['healthy']} applied={result['run']['applied']}" if mode == "full" else ""))
            return result

        if warmup:
            for mode in ("bare", "full"):
                warm[mode] = crawl(mode, "warm-up")
        for i in range(runs):
            for mode in ("bare", "full"):
                samples[mode].append(crawl(mode, f"run {i + 1}"))
        profile_result = None
        if profile:
            prof_path = Path(tmp) / "full.prof"
            say("  profiling one full-pipeline crawl (cProfile; slower than the measured runs)")
            run_crawl_child("full", server.base_url, config=config, database_url=database_url,
                            concurrency=concurrency, profile=prof_path)
            profile_result = profile_top(prof_path)
            keep = (results_dir or report.RESULTS_DIR)
            keep.mkdir(parents=True, exist_ok=True)
            (keep / "throughput-full.prof").write_bytes(prof_path.read_bytes())

    def agg(mode: str, key: str) -> dict:
        return report.summary([r[key] for r in samples[mode]])

    modes = {m: {k: agg(m, k) for k in ("pages_per_s", "cpu_s_per_1k_pages", "maxrss_mib", "wall_s")} for m in samples}
    bare_pps, full_pps = modes["bare"]["pages_per_s"]["median"], modes["full"]["pages_per_s"]["median"]
    ratio = full_pps / bare_pps if bare_pps and full_pps else None
    ratios = [f["pages_per_s"] / b["pages_per_s"] for b, f in zip(samples["bare"], samples["full"])]
    result = {
        "benchmark": "throughput", "machine": machine, "pages": pages, "runs": runs, "concurrency": concurrency,
        "settings_identical": all(r["settings"] == samples["bare"][0]["settings"] for m in samples for r in samples[m]),
        "settings": samples["bare"][0]["settings"] if samples["bare"] else None,
        "modes": modes, "ratio_full_over_bare": ratio, "ratio_per_pair": report.summary(ratios),
        "target_ratio": TARGET_RATIO, "meets_target": bool(ratio and ratio >= TARGET_RATIO),
        "warmup": warm, "samples": samples, "profile": profile_result,
        "load_average_end": report.load_average(),
    }
    rows = []
    for mode in ("bare", "full"):
        m = modes[mode]
        rows.append([mode, m["pages_per_s"]["median"], f"±{100 * (m['pages_per_s']['spread'] or 0):.0f} %",
                     m["cpu_s_per_1k_pages"]["median"], m["maxrss_mib"]["median"], m["wall_s"]["median"]])
    say(report.table(["pipeline", "pages/s", "spread", "CPU s/1k pages", "peak RSS MiB", "wall s"], rows,
                     title=f"\nThroughput, {pages:,} pages, median of {runs} (spread = (max-min)/median)"))
    say(f"full / bare = {ratio:.2f}× (target ≥ {TARGET_RATIO}×; per-pair ratios {min(ratios):.2f}–{max(ratios):.2f})"
        if ratio else "ratio: n/a")
    say(f"same Scrapy settings in every run: {result['settings_identical']}; load average at end {result['load_average_end']}")
    if profile_result:
        say("\nwhere the full pipeline's time goes (cProfile, own time):")
        say(report.table(["function", "calls", "own s", "share"],
                         [[r["function"], r["calls"], r["own_s"], f"{100 * r['own_share']:.1f} %"]
                          for r in profile_result[1]["by_own_time"][:15]]))
        say("\nRivalWatch functions by cumulative time:")
        say(report.table(["function", "calls", "cum s", "share"],
                         [[r["function"], r["calls"], r["cum_s"], f"{100 * r['cum_share']:.1f} %"]
                          for r in profile_result[2]["project_by_cumulative_time"][:20]]))
    result["saved_to"] = str(report.save("throughput", result, results_dir))
    say(f"saved {result['saved_to']}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench throughput", description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args(argv)
    run_from_args(args)
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pages", type=int, default=10_000, help="product pages in the catalogue (default 10,000)")
    parser.add_argument("--runs", type=int, default=3, help="measured runs per pipeline (default 3)")
    parser.add_argument("--no-warmup", action="store_true", help="skip the warm-up pair")
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight to the catalogue (default 8)")
    parser.add_argument("--profile", action="store_true", help="also profile one full-pipeline crawl")


def run_from_args(args, results_dir: Path | None = None) -> dict:
    return run(pages=args.pages, runs=args.runs, warmup=not args.no_warmup, concurrency=args.concurrency,
               profile=args.profile, results_dir=results_dir)


if __name__ == "__main__":
    raise SystemExit(main())
