"""Evaluate the policy-text parser against the labelled samples.

Usage: python bench/eval_policy.py [--samples DIR] [--json OUT]

Prints per-field precision / recall / F1, the share of expected facts found, decoys taken
(a predicted value where the expected one is null, or a predicted shipping option matching
no expected one), the list of misses, and the median parse time per text.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from spiders.pages.policy_text import parse_policy_text  # noqa: E402
from storage import fields as catalogue  # noqa: E402

RETURN_FIELDS = list(catalogue.keys("returns"))  # the catalogue's returns fields, in its order


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").strip().lower())


def _region_eq(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    a, b = _norm(a), _norm(b)
    return a == b or a in b or b in a


def option_matches(exp: dict, got: dict) -> bool:
    """Hard fields equal (price as Decimal, region by normalised substring); name is not compared."""
    price_ok = (exp["price"] is None and got.get("price") is None) or (
        exp["price"] is not None and got.get("price") is not None and Decimal(exp["price"]) == Decimal(got["price"]))
    return price_ok and exp["currency"] == got.get("currency") and all(
        exp[k] == got.get(k) for k in ("min_days", "max_days", "business_days")) and _region_eq(
        exp["region"], got.get("region"))


def match_options(expected: list[dict], got: list[dict]) -> tuple[list[dict], list[dict]]:
    """(unmatched expected, unmatched predicted) under multiset matching."""
    left = list(got)
    missing = []
    for exp in expected:
        hit = next((g for g in left if option_matches(exp, g)), None)
        if hit is None:
            missing.append(exp)
        else:
            left.remove(hit)
    return missing, left


def value_eq(field: str, exp, got) -> bool:
    if field == "refund_types":
        return set(exp or []) == set(got or [])
    if isinstance(exp, dict) and isinstance(got, dict):
        if set(exp) != set(got):
            return False
        return all(Decimal(str(exp[k])) == Decimal(str(got[k])) if k in ("amount", "percent")
                   else exp[k] == got[k] for k in exp)
    return exp == got


def _empty(field: str, value) -> bool:
    return value is None or (field == "refund_types" and value == [])


def evaluate(samples: Path) -> dict:
    expected_all = json.loads((samples / "expected.json").read_text(encoding="utf-8"))
    counts = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0})
    misses, decoys, times = [], [], []
    for name, exp in sorted(expected_all.items()):
        text = (samples / name).read_text(encoding="utf-8")
        start = time.perf_counter()
        got = parse_policy_text(text)
        times.append(time.perf_counter() - start)
        missing, extra = match_options(exp["shipping"], got["shipping"])
        c = counts["shipping_option"]
        c["tp"] += len(exp["shipping"]) - len(missing)
        c["fn"] += len(missing)
        c["fp"] += len(extra)
        misses += [f"{name} shipping missing {m}" for m in missing]
        decoys += [f"{name} shipping extra {e}" for e in extra]
        fields = [("free_shipping_threshold", exp["free_shipping_threshold"], got["free_shipping_threshold"]),
                  ("processing_days", exp["processing_days"], got["processing_days"])]
        exp_ret, got_ret = exp["returns"] or {}, got["returns"] or {}
        fields += [(f"returns.{f}", exp_ret.get(f, [] if f == "refund_types" else None),
                    got_ret.get(f, [] if f == "refund_types" else None)) for f in RETURN_FIELDS]
        for field, e, g in fields:
            _score(counts[field], field, e, g, name, misses, decoys)
    return _summary(counts, misses, decoys, times)


def _score(c: dict, field: str, e, g, name: str, misses: list, decoys: list) -> None:
    short = field.split(".")[-1]
    if _empty(short, e) and _empty(short, g):
        return
    if not _empty(short, e) and value_eq(short, e, g):
        c["tp"] += 1
        return
    if not _empty(short, e):
        c["fn"] += 1
        misses.append(f"{name} {field}: expected {e!r} got {g!r}")
    if not _empty(short, g):
        c["fp"] += 1
        if _empty(short, e):
            decoys.append(f"{name} {field}: expected null got {g!r}")


def _summary(counts: dict, misses: list, decoys: list, times: list) -> dict:
    per_field = {}
    for field, c in counts.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        per_field[field] = {**c, "precision": round(p, 3), "recall": round(r, 3),
                            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}
    tp = sum(c["tp"] for c in counts.values())
    total = tp + sum(c["fn"] for c in counts.values())
    return {"per_field": per_field, "facts_found": tp, "facts_expected": total,
            "facts_share": round(tp / total, 4) if total else 1.0, "decoys_taken": len(decoys),
            "decoys": decoys, "misses": misses, "median_parse_ms": round(statistics.median(times) * 1000, 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=Path, default=ROOT.parent / "shared" / "policy_samples")
    parser.add_argument("--json", type=Path, help="write the full report as JSON here")
    args = parser.parse_args(argv)
    report = evaluate(args.samples)
    print(f"{'field':34} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn")
    for field, s in sorted(report["per_field"].items()):
        print(f"{field:34} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {s['tp']:4} {s['fp']:3} {s['fn']:3}")
    print(f"\nfacts found: {report['facts_found']}/{report['facts_expected']} = {report['facts_share']:.1%}")
    print(f"decoys taken: {report['decoys_taken']}")
    for d in report["decoys"]:
        print("  DECOY", d)
    print(f"misses: {len(report['misses'])}")
    for m in report["misses"]:
        print("  MISS", m)
    print(f"median parse time: {report['median_parse_ms']} ms/text")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
