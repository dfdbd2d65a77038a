"""Evaluate ``extract_product`` on the Zyte product-extraction benchmark (development pages).

Usage: ``python bench/eval_products.py [DATASET_DIR] [--sites] [--repeat=N]``
(default ``../shared/realworld/product_pages/benchmark_dev`` beside the repository).

Metric, as the benchmark defines it (scrapinghub/product-extraction-benchmark): per attribute and
page, a prediction equal to one of the labelled values is a true positive (price compared as
``Decimal``, SKU as stripped text); a wrong prediction is a false positive, plus a false negative
when the page has a label; no prediction on a labelled page is a false negative. Precision, recall
and F1 come from the totals. Pages are split by site (``bench/product_split.py``, fixed before
tuning): figures are printed for the development part (tuned on), the validation part (not tuned
on) and all pages, per field (price, availability, SKU); ``--sites`` adds one row per site. Every
miss is listed with its split, and the extraction time per page (the fastest of ``--repeat`` runs).
"""

from __future__ import annotations

import gzip
import json
import statistics
import sys
import time
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.product_split import DEVELOPMENT, VALIDATION, site_of, split_of  # noqa: E402
from spiders.pages import extract_product  # noqa: E402

DEFAULT_DIR = REPO.parent / "shared" / "realworld" / "product_pages" / "benchmark_dev"
FIELDS = ("price", "availability", "sku")


def score(labels: set, predicted) -> tuple[int, int, int]:
    """(tp, fp, fn) of one prediction against the labelled values."""
    if predicted is None:
        return 0, 0, int(bool(labels))
    if predicted in labels:
        return 1, 0, 0
    return 0, 1, int(bool(labels))


def as_decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
    recall = tp / (tp + fn) if tp + fn else (1.0 if not fp else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _checks(labels: dict, item) -> dict:
    sku = item.sku.strip() if item.sku else None
    return {
        "price": ({as_decimal(v) for v in labels.get("price", [])}, item.price),
        "availability": (set(labels.get("availability", [])), item.availability),
        "sku": ({str(v).strip() for v in labels.get("sku", [])}, sku),
    }


def evaluate(dataset: Path, repeat: int = 1) -> dict:
    """Totals per (split, field) and per (site, field), misses, timings, price confidences."""
    truth = json.loads((dataset / "ground-truth.json").read_text(encoding="utf-8"))
    totals: dict = defaultdict(lambda: [0, 0, 0])
    per_site: dict = defaultdict(lambda: [0, 0, 0])
    misses, timings, cpu, confidence = [], [], [], []
    for key, labels in sorted(truth.items()):
        html = gzip.decompress((dataset / "html" / f"{key}.html.gz").read_bytes())
        best, best_cpu = float("inf"), float("inf")
        for _ in range(repeat):  # the fastest of ``repeat`` runs: steadier on a shared machine
            start, start_cpu = time.perf_counter(), time.process_time()
            item = extract_product(html, labels["url"])
            best_cpu = min(best_cpu, time.process_time() - start_cpu)
            best = min(best, time.perf_counter() - start)
        timings.append(best)
        cpu.append(best_cpu)
        split, site = split_of(labels["url"]), site_of(labels["url"])
        for attribute, (expected, predicted) in _checks(labels, item).items():
            result = score(expected, predicted)
            for bucket, name in ((totals, split), (totals, "all"), (per_site, site)):
                bucket[name, attribute] = [a + b for a, b in zip(bucket[name, attribute], result)]
            if attribute == "price" and predicted is not None:
                confidence.append((item.price_confidence, bool(result[0])))
            if result[1] or result[2]:
                note = item.price_note if attribute == "price" else ""
                source = item.provenance.get(attribute, "")
                misses.append(f"{split[:3]} {attribute:12} {key[:12]} expected={sorted(map(str, expected))} "
                              f"got={predicted} [{source}{note or ''}] {labels['url'][:70]}")
    return {"totals": totals, "sites": per_site, "misses": misses, "timings": timings, "cpu": cpu,
            "pages": len(truth), "confidence": confidence,
            "split_pages": {s: sum(split_of(v["url"]) == s for v in truth.values()) for s in (DEVELOPMENT, VALIDATION)}}


def _f1(totals: dict, name: str, attribute: str) -> str:
    tp, fp, fn = totals.get((name, attribute), (0, 0, 0))
    return f"{prf(tp, fp, fn)[2]:.3f} ({tp}/{fp}/{fn})" if tp + fp + fn else "   –"


def report(result: dict, sites: bool = False) -> list[str]:
    """The printed report: F1 (tp/fp/fn) per field and split, optional per-site rows, misses, time."""
    pages = result["split_pages"]
    lines = [f"pages: {result['pages']} (development {pages[DEVELOPMENT]}, validation {pages[VALIDATION]}; "
             "split by site, bench/product_split.py)",
             f"{'field':12} {'development':>18} {'validation':>18} {'all':>18}"]
    for attribute in FIELDS:
        lines.append(f"{attribute:12} " + " ".join(f"{_f1(result['totals'], s, attribute):>18}"
                                                   for s in (DEVELOPMENT, VALIDATION, "all")))
    if sites:
        lines.append(f"{'site':28} {'split':5} " + " ".join(f"{a:>14}" for a in FIELDS))
        for site in sorted({s for s, _ in result["sites"]}):
            split = "val" if split_of(f"https://{site}/") == VALIDATION else "dev"
            lines.append(f"{site[:28]:28} {split:5} " + " ".join(f"{_f1(result['sites'], site, a):>14}" for a in FIELDS))
    low = [ok for c, ok in result["confidence"] if c is not None and c < 0.5]
    high = [ok for c, ok in result["confidence"] if c is None or c >= 0.5]
    lines.append(f"price confidence: <0.5 on {len(low)} prices ({sum(low)} right), "
                 f">=0.5 on {len(high)} ({sum(high)} right)")
    timings = sorted(result["timings"])
    p95 = timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))]
    lines.append(f"time/page    median={statistics.median(timings) * 1000:.0f} ms  p95={p95 * 1000:.0f} ms  "
                 f"(CPU median={statistics.median(result['cpu']) * 1000:.1f} ms: steadier on a loaded machine)")
    lines.append(f"misses ({len(result['misses'])}):")
    lines.extend("  " + line for line in result["misses"])
    return lines


def main(argv: list[str]) -> int:
    paths = [a for a in argv if not a.startswith("-")]
    dataset = Path(paths[0]) if paths else DEFAULT_DIR
    if not (dataset / "ground-truth.json").exists():
        print(f"error: benchmark not found: {dataset} (pass the directory holding ground-truth.json)")
        return 2
    repeat = next((int(a.split("=", 1)[1]) for a in argv if a.startswith("--repeat=")), 1)
    print("\n".join(report(evaluate(dataset, repeat), sites="--sites" in argv)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
