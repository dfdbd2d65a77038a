"""Evaluate ``extract_product`` on the Zyte product-extraction benchmark (development split).

Usage: ``python bench/eval_products.py [DATASET_DIR]``
(default ``../shared/realworld/product_pages/benchmark_dev`` beside the repository).

Metric, as the benchmark defines it (scrapinghub/product-extraction-benchmark): per attribute and
page, a prediction equal to one of the labelled values is a true positive (price compared as
``Decimal``); a wrong prediction is a false positive, plus a false negative when the page has a
label; no prediction on a labelled page is a false negative. Precision, recall and F1 come from
the totals. Prints price and availability figures, every miss, and extraction time per page.
"""

from __future__ import annotations

import gzip
import json
import statistics
import sys
import time
from decimal import Decimal, InvalidOperation
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from spiders.pages import extract_product  # noqa: E402

DEFAULT_DIR = REPO.parent / "shared" / "realworld" / "product_pages" / "benchmark_dev"


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


def evaluate(dataset: Path) -> dict:
    truth = json.loads((dataset / "ground-truth.json").read_text(encoding="utf-8"))
    totals = {"price": [0, 0, 0], "availability": [0, 0, 0]}
    misses, timings = [], []
    for key, labels in sorted(truth.items()):
        html = gzip.decompress((dataset / "html" / f"{key}.html.gz").read_bytes())
        start = time.perf_counter()
        item = extract_product(html, labels["url"])
        timings.append(time.perf_counter() - start)
        checks = {
            "price": ({as_decimal(v) for v in labels.get("price", [])}, item.price),
            "availability": (set(labels.get("availability", [])), item.availability),
        }
        for attribute, (expected, predicted) in checks.items():
            result = score(expected, predicted)
            totals[attribute] = [a + b for a, b in zip(totals[attribute], result)]
            if result[1] or result[2]:
                note = item.price_note if attribute == "price" else ""
                source = item.provenance.get(attribute, "")
                misses.append(f"{attribute:12} {key[:12]} expected={sorted(map(str, expected))} "
                              f"got={predicted} [{source}{note or ''}] {labels['url'][:70]}")
    return {"totals": totals, "misses": misses, "timings": timings, "pages": len(truth)}


def main(argv: list[str]) -> int:
    dataset = Path(argv[0]) if argv and not argv[0].startswith("-") else DEFAULT_DIR
    if not (dataset / "ground-truth.json").exists():
        print(f"error: benchmark not found: {dataset}")
        return 2
    result = evaluate(dataset)
    print(f"pages: {result['pages']}")
    for attribute, (tp, fp, fn) in result["totals"].items():
        precision, recall, f1 = prf(tp, fp, fn)
        print(f"{attribute:12} P={precision:.3f} R={recall:.3f} F1={f1:.3f}  (tp={tp} fp={fp} fn={fn})")
    timings = sorted(result["timings"])
    p95 = timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))]
    print(f"time/page    median={statistics.median(timings) * 1000:.0f} ms  p95={p95 * 1000:.0f} ms")
    print(f"misses ({len(result['misses'])}):")
    for line in result["misses"]:
        print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
