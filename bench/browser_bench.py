"""Browser rendering benchmark: scrapy-playwright (4 and 8 pages) vs raw Playwright on the same pages,
and the memory of a long run.

    .venv/bin/python -m bench.browser_bench [--pages 200] [--soak 1000]

Pages are ``core.testing.stores.CountingStore`` ``/js/<i>``: an empty shell whose inline script
fetches ``/api/<i>.json`` and writes JSON-LD plus a ``#ready`` price (like the pasar-kilat demo
store). scrapy-playwright runs the real ``store`` spider (``render: browser``, ``wait_for: #ready``,
one context, N pages). Raw Playwright reuses N pages, each ``goto`` + ``wait_for_selector`` +
``content()``, with the same Chromium and arguments. Two rates per run: end to end (process start,
imports and browser launch included) and steady (first to last rendered page, from the store's
request log — the rendering rate the 0.8× target is about). Tools alternate, ``--rounds`` times,
and the median of each is reported, because the machine is shared. The soak run samples the summed RSS of the
crawl's process tree (Python + node + Chromium) every second. Prints a table; writes
``bench/results/browser_bench.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rivalwatch.procs import descendants
from spiders.browser.config import CHROMIUM_ARGS, default_chromium
from core.testing.stores import FAST, CountingStore, store_yaml, write_config

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"


def tree_rss_mib(pid: int) -> float:
    total = 0
    for p in [pid, *descendants(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def scrapy_playwright(shop: CountingStore, count: int, pages: int, sample: bool = False) -> dict:
    """Crawl ``count`` JS pages with the store spider; pages/s and RSS samples."""
    with tempfile.TemporaryDirectory() as tmp:
        urls = [f"{shop.base_url}/js/{i}" for i in range(count)]
        config = write_config(Path(tmp) / "cfg", {"js": store_yaml("js", urls, render="browser", wait_for="#ready",
                                                                   politeness={**FAST, "max_run_minutes": 120})})
        cmd = [sys.executable, "-m", "scrapy", "crawl", "store", "-a", "store=js", "-a", f"config={config}",
               "-s", f"RIVALWATCH_DATABASE_URL=sqlite:///{tmp}/rw.sqlite", "-s", "LOG_LEVEL=WARNING",
               "-s", "PLAYWRIGHT_MAX_CONTEXTS=1", "-s", f"PLAYWRIGHT_MAX_PAGES_PER_CONTEXT={pages}"]
        before = len(shop.hits("/api/"))
        start = time.perf_counter()
        process = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples = []
        while process.poll() is None:
            if sample:
                samples.append((round(time.perf_counter() - start, 1), len(shop.hits("/api/")) - before,
                                round(tree_rss_mib(process.pid), 1)))
            time.sleep(1.0)
        wall = time.perf_counter() - start
        hits = shop.hits("/api/")[before:]
    return {"tool": f"scrapy-playwright {pages} pages", "pages": len(hits), "wall_s": round(wall, 1),
            "pages_per_s": round(len(hits) / wall, 2), "steady_pages_per_s": steady_rate(hits),
            "exit": process.returncode, "rss_samples": samples}


def steady_rate(hits: list[float]) -> float:
    """Pages per second between the first and the last rendered page."""
    if len(hits) < 2 or hits[-1] <= hits[0]:
        return 0.0
    return round((len(hits) - 1) / (hits[-1] - hits[0]), 2)


async def _raw(shop: CountingStore, count: int, pages: int) -> None:
    from playwright.async_api import async_playwright

    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(count):
        queue.put_nowait(i)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=default_chromium(), args=CHROMIUM_ARGS)
        context = await browser.new_context()

        async def work() -> None:
            page = await context.new_page()
            while not queue.empty():
                i = queue.get_nowait()
                await page.goto(f"{shop.base_url}/js/{i}")
                await page.wait_for_selector("#ready")
                await page.content()

        await asyncio.gather(*(work() for _ in range(pages)))
        await browser.close()


def raw_playwright(shop: CountingStore, count: int, pages: int) -> dict:
    before = len(shop.hits("/api/"))
    start = time.perf_counter()
    asyncio.run(_raw(shop, count, pages))
    wall = time.perf_counter() - start
    hits = shop.hits("/api/")[before:]
    return {"tool": f"raw Playwright {pages} pages", "pages": count, "wall_s": round(wall, 1),
            "pages_per_s": round(count / wall, 2), "steady_pages_per_s": steady_rate(hits), "exit": 0,
            "rss_samples": []}


def median_row(runs: list[dict]) -> dict:
    """One row per tool: the median of each rate over the rounds."""
    def median(key: str) -> float:
        values = sorted(run[key] for run in runs)
        mid = len(values) // 2
        return values[mid] if len(values) % 2 else round((values[mid - 1] + values[mid]) / 2, 2)
    return {**runs[0], "wall_s": median("wall_s"), "pages_per_s": median("pages_per_s"),
            "steady_pages_per_s": median("steady_pages_per_s"), "rounds": len(runs)}


def soak_summary(samples: list) -> dict:
    """Mean tree RSS early (2nd fifth of the renders) vs late (last fifth), while pages are rendering."""
    total = max((s[1] for s in samples), default=0)
    rendering = [s for s in samples if 0 < s[1] < total]
    if len(rendering) < 10:
        return {}
    fifth = len(rendering) // 5
    early = sum(s[2] for s in rendering[fifth:2 * fifth]) / fifth
    late = sum(s[2] for s in rendering[-fifth:]) / fifth
    return {"rss_early_mib": round(early), "rss_late_mib": round(late), "rss_max_mib": max(s[2] for s in rendering),
            "growth_after_warmup_pct": round(100 * (late - early) / early, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200, help="renders per throughput run")
    parser.add_argument("--soak", type=int, default=1000, help="renders in the RSS run (0 skips it)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs per tool (median reported)")
    args = parser.parse_args()
    rows, ratios = [], {}
    with CountingStore(products=max(args.pages, args.soak)) as shop:
        for pages in (4, 8):
            ours, raw = [], []
            for _ in range(args.rounds):
                ours.append(scrapy_playwright(shop, args.pages, pages))
                raw.append(raw_playwright(shop, args.pages, pages))
            rows += [median_row(ours), median_row(raw)]
            ratios[pages] = {key: round(rows[-2][key] / rows[-1][key], 2) if rows[-1][key] else None
                             for key in ("pages_per_s", "steady_pages_per_s")}
        soak = scrapy_playwright(shop, args.soak, 4, sample=True) if args.soak else None
    print(f"{'tool':<28}{'pages':>7}{'wall s':>9}{'pages/s':>9}{'steady':>9}")
    for row in rows:
        print(f"{row['tool']:<28}{row['pages']:>7}{row['wall_s']:>9}{row['pages_per_s']:>9}{row['steady_pages_per_s']:>9}")
    for pages, ratio in ratios.items():
        print(f"scrapy-playwright / raw, {pages} pages: end to end {ratio['pages_per_s']}×, steady {ratio['steady_pages_per_s']}×")
    result = {"throughput": rows, "ratios": ratios, "cpu_count": os.cpu_count()}
    if soak:
        result["soak"] = {**{k: v for k, v in soak.items() if k != "rss_samples"}, **soak_summary(soak["rss_samples"]),
                          "samples": soak["rss_samples"]}
        print(f"soak: {soak['pages']} renders in {soak['wall_s']} s; RSS (tree) " +
              ", ".join(f"{k}={v}" for k, v in soak_summary(soak["rss_samples"]).items()))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "browser_bench.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
