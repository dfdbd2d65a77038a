"""``python -m bench.summarize [DIR]``: Markdown summary of the ``*-latest.json`` results (for README)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench.report import RESULTS_DIR


def _load(directory: Path, name: str) -> dict | None:
    path = directory / f"{name}-latest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _mib(value) -> str:
    return f"{value / 2**20:.1f}"


def markdown(directory: Path = RESULTS_DIR) -> str:
    out: list[str] = []
    t = _load(directory, "throughput")
    st = _load(directory, "storage")
    if t:
        m = dict(t["machine"])
        m["postgres"] = m.get("postgres") or (st or {}).get("machine", {}).get("postgres")
        out += [f"Machine: {m['nproc']} cores ({m['cpu']}), {m['ram_gib']} GiB RAM, {m['os']}, Python {m['python']}, "
                f"SQLite {m['sqlite']}, PostgreSQL {m.get('postgres') or '-'}; "
                + ", ".join(f"{k} {v}" for k, v in m["packages"].items() if v) + f"; commit {m['git_commit']}"
                + (" + uncommitted changes" if m.get("git_dirty") else ""), ""]
        out += [f"### Throughput — {t['pages']:,} pages, median of {t['runs']} runs ({t['machine']['date_utc']})", "",
                "| pipeline | pages/s (min–max) | CPU s / 1,000 pages | peak RSS MiB | wall s |", "|---|---|---|---|---|"]
        for mode in ("bare", "full"):
            s = t["modes"][mode]
            out.append(f"| {mode} | {s['pages_per_s']['median']:.0f} ({s['pages_per_s']['min']:.0f}–{s['pages_per_s']['max']:.0f}) "
                       f"| {s['cpu_s_per_1k_pages']['median']:.2f} | {s['maxrss_mib']['median']:.0f} | {s['wall_s']['median']:.0f} |")
        r = t["ratio_per_pair"]
        cpu_ratio = t["modes"]["bare"]["cpu_s_per_1k_pages"]["median"] / t["modes"]["full"]["cpu_s_per_1k_pages"]["median"]
        out += ["", f"full / bare = **{t['ratio_full_over_bare']:.2f}×** pages/s (per interleaved pair {r['min']:.2f}–{r['max']:.2f}; "
                f"target ≥ {t['target_ratio']}× — {'met' if t['meets_target'] else 'NOT met'}); by CPU per page "
                f"{cpu_ratio:.2f}×. Same Scrapy settings in every run: {t['settings_identical']}. "
                f"Load average at start {t['machine']['load_average']}, at end {t['load_average_end']}.", ""]
    s = _load(directory, "storage")
    if s:
        out += [f"### Storage growth — {s['products']:,} products, {s['recrawls']} unchanged re-crawls, then 5 % of prices "
                f"changed (via {s['via']}; {s['items_checked_against_spider']} items re-checked against the spider)", ""]
        for b in s["backends"]:
            phases = [p for p in b["phases"] if not p["phase"].startswith("re-crawl")
                      or p["phase"].startswith(("re-crawl 1 ", f"re-crawl {s['recrawls']} "))]
            extra = "used MiB" if b["backend"] == "sqlite" else "tables MiB"
            out += [f"**{b['backend']}**", "", f"| phase | facts | current | events | DB MiB | {extra} | stage + apply s |", "|---|---|---|---|---|---|---|"]
            for p in phases + [b["vacuumed_reference"]]:
                used = p.get("used_bytes", p.get("tables_bytes"))
                took = p.get("stage_s", 0) + p.get("apply_s", 0) if "apply_s" in p else p.get("crawl_s")
                out.append(f"| {p['phase']} | {p['facts']:,} | {p['facts_current']:,} | {p['change_events']:,} | "
                           f"{_mib(p['db_bytes'])} | {_mib(used)} | {f'{took:.1f}' if took else '-'} |")
            out += ["", f"Re-crawls added {b['facts_added_by_recrawls']} fact rows and {b['events_from_recrawls']} events; "
                    f"size after {s['recrawls']} re-crawls {b['size_ratio_after_recrawls']:.3f}× the first crawl "
                    f"(max {b['max_size_ratio_during_recrawls']:.3f}×; target ≤ {s['size_target']}×). The 5 % change "
                    f"({b['changed_products']:,} products) added {b['facts_added_by_change']:,} fact rows, "
                    f"{b['events_from_change']:,} events, {b['bytes_added_by_change'] / 1024:,.0f} KiB.", ""]
    p = _load(directory, "platform")
    if p:
        shop, html = p["crawls"]["shopify"], p["crawls"]["sitemap"]
        out += [f"### Platform — {p['products']:,} products", "",
                "| source | data requests | all requests (incl. robots.txt) | MiB transferred | wall s | products priced |",
                "|---|---|---|---|---|---|"]
        for kind, c in (("shopify `/products.json`", shop), ("sitemap + HTML pages", html)):
            out.append(f"| {kind} | {c['product_data_requests']:,} | {c['server_requests']:,} | {_mib(c['body_bytes'])} | "
                       f"{c['wall_s']:.1f} | {c['products_priced']:,} |")
        out += [""]
    a = _load(directory, "alerts")
    if a:
        out += [f"### Alert latency — crawl committed → webhook received ({a['runs']} runs, {a['products']} products, "
                f"{a['samples']['in-process'][0]['events']} events per run)", "", "| path | median ms | min–max ms |", "|---|---|---|"]
        for mode, st in a["latency_ms"].items():
            out.append(f"| {mode} | {st['median']:.0f} | {st['min']:.0f}–{st['max']:.0f} |")
        out += [""]
    return "\n".join(out)


if __name__ == "__main__":
    print(markdown(Path(sys.argv[1]) if len(sys.argv) > 1 else RESULTS_DIR))
