"""Evaluate the policy-text parser against labelled texts: real stores (by split) and the samples.

Usage: python bench/eval_policy.py [--split development|validation|samples|all] [--samples DIR]
                                   [--min-confidence 0.6] [--json OUT]

Sets: the development and validation splits of ``../shared/policy_real`` (``bench/policy_split.py``)
and ``../shared/policy_samples``. ``--samples DIR`` evaluates one directory instead (a directory with
``en/ id/ ja/`` folders is read as the real corpus and split). Each set is reported per language and
per field: facts found (recall), decoys (a predicted value where the expected one is null, or a
predicted shipping option matching no expected one), precision, and the median parse time (fastest of
three runs per text). "<lang> shipping side" rows count shipping options, threshold and processing only. Misses and
decoys are listed for development and samples only: validation is for reporting, never for tuning.

Store context, decided without reading labels: the parser gets the currency and country a store of
that language would be configured with only where the language fixes them (``id`` -> IDR/ID,
``ja`` -> JPY/JP); English stores (SG, AU, US, UK, ...) get none, so a bare ``$`` must be resolved
from the text or left without currency. Facts whose evidence confidence is below ``--min-confidence``
are "needs review": not compared (as the product does), counted separately.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import unicodedata
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.policy_split import DEVELOPMENT, VALIDATION, split_of  # noqa: E402
from spiders.pages.policy_text import parse_policy_text  # noqa: E402
from core import fields as catalogue  # noqa: E402

RETURN_FIELDS = list(catalogue.keys("returns"))  # the catalogue's returns fields, in its order
SAMPLES, REAL = "samples", "real"
POLICY_REAL = ROOT.parent / "shared" / "policy_real"
POLICY_SAMPLES = ROOT.parent / "shared" / "policy_samples"
STORE_CONTEXT = {"id": ("IDR", "ID"), "ja": ("JPY", "JP")}  # language -> (currency, country) it fixes
REVIEW_BELOW = 0.6
TIMED_RUNS = 3


def _norm(text: str | None) -> str:
    """Lower case, one space, NFKC: a label copied from a PDF keeps radicals ("岩⼿") the parser reads as "岩手"."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "").strip().lower())


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


def language_of(name: str) -> str:
    """``en/shop.txt`` -> en (real corpus), ``ja_03.txt`` -> ja (samples)."""
    return name.split("/")[0] if "/" in name else name.split("_")[0]


def read_text(path: Path) -> str:
    """The text of a labelled file; the real corpus' ``# SOURCE:`` first line is dropped."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("# SOURCE:"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
    return text


def store_context(name: str) -> dict:
    """The currency/country passed to the parser, from the text's language only (see module doc)."""
    currency, country = STORE_CONTEXT.get(language_of(name), (None, None))
    return {"currency": currency, "country": country}


def _confident(got: dict, path: str, min_conf: float) -> bool:
    ev = (got.get("evidence") or {}).get(path)
    return ev is None or ev.get("confidence", 1.0) >= min_conf


def reviewed(got: dict, min_conf: float) -> tuple[dict, int]:
    """The result with needs-review facts removed (as the product would not compare them), and their count."""
    out = dict(got, returns=dict(got["returns"]) if got.get("returns") else got.get("returns"))
    held = 0
    keep = [o for i, o in enumerate(got["shipping"]) if _confident(got, f"shipping[{i}]", min_conf)]
    held += len(got["shipping"]) - len(keep)
    out["shipping"] = keep
    for field in ("free_shipping_threshold", "processing_days"):
        if out.get(field) is not None and not _confident(got, field, min_conf):
            out[field], held = None, held + 1
    for field in RETURN_FIELDS:
        if out["returns"] and not _empty(field, out["returns"].get(field)) \
                and not _confident(got, f"returns.{field}", min_conf):
            out["returns"][field], held = ([] if field == "refund_types" else None), held + 1
    return out, held


def _blank() -> dict:
    return {"tp": 0, "fp": 0, "fn": 0}


def score_text(name: str, exp: dict, got: dict, acc: dict) -> None:
    """Add one text's comparison to the accumulator (per field, per language, misses, decoys)."""
    lang = language_of(name)
    missing, extra = match_options(exp["shipping"], got["shipping"])
    counts = [acc["fields"]["shipping_option"], acc["langs"][lang], acc["langs"][f"{lang} shipping side"]]
    for c in counts:
        c["tp"] += len(exp["shipping"]) - len(missing)
        c["fn"] += len(missing)
        c["fp"] += len(extra)
    acc["misses"] += [f"{name} shipping missing {m}" for m in missing]
    acc["decoys"] += [f"{name} shipping extra {e}" for e in extra]
    fields = [("free_shipping_threshold", exp["free_shipping_threshold"], got["free_shipping_threshold"]),
              ("processing_days", exp["processing_days"], got["processing_days"])]
    exp_ret, got_ret = exp["returns"] or {}, got["returns"] or {}
    fields += [(f"returns.{f}", exp_ret.get(f, [] if f == "refund_types" else None),
                got_ret.get(f, [] if f == "refund_types" else None)) for f in RETURN_FIELDS]
    for field, e, g in fields:
        side = [] if field.startswith("returns.") else [acc["langs"][f"{lang} shipping side"]]
        _score([acc["fields"][field], acc["langs"][lang], *side], field, e, g, name, acc)


def _score(counts: list[dict], field: str, e, g, name: str, acc: dict) -> None:
    short = field.split(".")[-1]
    if _empty(short, e) and _empty(short, g):
        return
    if not _empty(short, e) and value_eq(short, e, g):
        outcome = "tp"
    else:
        outcome = None
        if not _empty(short, e):
            for c in counts:
                c["fn"] += 1
            acc["misses"].append(f"{name} {field}: expected {e!r} got {g!r}")
        if not _empty(short, g):
            for c in counts:
                c["fp"] += 1
            if _empty(short, e):
                acc["decoys"].append(f"{name} {field}: expected null got {g!r}")
    if outcome:
        for c in counts:
            c["tp"] += 1


def evaluate(samples: Path, names: list[str] | None = None, min_conf: float = REVIEW_BELOW) -> dict:
    """Score the parser on ``names`` (default: every labelled text) of the directory ``samples``."""
    expected_all = json.loads((samples / "expected.json").read_text(encoding="utf-8"))
    acc = {"fields": defaultdict(_blank), "langs": defaultdict(_blank), "misses": [], "decoys": [], "review": 0, "cpu": []}
    times = []
    for name in sorted(names if names is not None else expected_all):
        text = read_text(samples / name)
        runs, cpu = [], []
        for _ in range(TIMED_RUNS):  # the fastest of a few runs: the box is shared, its load is noise
            start, start_cpu = time.perf_counter(), time.process_time()
            got = parse_policy_text(text, **store_context(name))
            runs.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        times.append(min(runs))
        acc["cpu"].append(min(cpu))
        got, held = reviewed(got, min_conf)
        acc["review"] += held
        score_text(name, expected_all[name], got, acc)
    return _summary(acc, times, len(times))


def _rates(c: dict) -> dict:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    return {**c, "precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def _summary(acc: dict, times: list, n_texts: int) -> dict:
    counts = acc["fields"]
    tp = sum(c["tp"] for c in counts.values())
    total = tp + sum(c["fn"] for c in counts.values())
    emitted = tp + sum(c["fp"] for c in counts.values())
    return {"texts": n_texts, "per_field": {f: _rates(c) for f, c in counts.items()},
            "per_language": {lang: _rates(c) for lang, c in sorted(acc["langs"].items())},
            "facts_found": tp, "facts_expected": total, "facts_share": round(tp / total, 4) if total else 1.0,
            "facts_emitted": emitted, "precision": round(tp / emitted, 4) if emitted else 1.0,
            "decoys_taken": len(acc["decoys"]),
            "decoy_share": round(len(acc["decoys"]) / emitted, 4) if emitted else 0.0,
            "needs_review": acc["review"], "decoys": acc["decoys"], "misses": acc["misses"],
            "median_parse_ms": round(statistics.median(times) * 1000, 2) if times else 0.0,
            "median_parse_cpu_ms": round(statistics.median(acc["cpu"]) * 1000, 2) if acc["cpu"] else 0.0}


def plan(split: str, samples: Path | None) -> list[tuple[str, Path, list[str] | None]]:
    """The (set name, directory, names) to evaluate for ``--split`` / ``--samples``."""
    real_dir, sample_dir = POLICY_REAL, POLICY_SAMPLES
    if samples is not None:
        expected = json.loads((samples / "expected.json").read_text(encoding="utf-8"))
        if not any("/" in n for n in expected):
            return [(SAMPLES, samples, None)]
        real_dir, sample_dir = samples, None
    expected = json.loads((real_dir / "expected.json").read_text(encoding="utf-8"))
    sets = []
    for part in (DEVELOPMENT, VALIDATION):
        if split in (part, "all"):
            sets.append((part, real_dir, sorted(n for n in expected if split_of(n) == part)))
    if split in (SAMPLES, "all") and sample_dir is not None:
        sets.append((SAMPLES, sample_dir, None))
    return sets


def print_report(set_name: str, report: dict, details: bool) -> None:
    print(f"\n=== {set_name}: {report['texts']} texts ===")
    print(f"{'field / language':34} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn")
    for label, rows in (("field", report["per_field"]), ("language", report["per_language"])):
        for key, s in sorted(rows.items()):
            print(f"{key:34} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {s['tp']:4} {s['fp']:3} {s['fn']:3}")
        print()
    print(f"facts found: {report['facts_found']}/{report['facts_expected']} = {report['facts_share']:.1%}")
    print(f"facts emitted: {report['facts_emitted']}, precision {report['precision']:.1%}, "
          f"decoys {report['decoys_taken']} = {report['decoy_share']:.1%} of emitted; "
          f"needs review (not compared): {report['needs_review']}")
    if details:
        for d in report["decoys"]:
            print("  DECOY", d)
        print(f"misses: {len(report['misses'])}")
        for m in report["misses"]:
            print("  MISS", m)
    print(f"median parse time: {report['median_parse_ms']} ms/text wall-clock, "
          f"{report['median_parse_cpu_ms']} ms/text CPU")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=[DEVELOPMENT, VALIDATION, SAMPLES, "all"], default="all")
    parser.add_argument("--samples", type=Path, help="evaluate this labelled directory instead")
    parser.add_argument("--min-confidence", type=float, default=REVIEW_BELOW,
                        help="facts below this evidence confidence are 'needs review' and not compared")
    parser.add_argument("--json", type=Path, help="write the full report as JSON here")
    args = parser.parse_args(argv)
    full = {}
    for set_name, directory, names in plan(args.split, args.samples):
        if not (directory / "expected.json").exists():
            print(f"error: {directory / 'expected.json'} not found: pass --samples DIR with an expected.json")
            return 2
        report = evaluate(directory, names, args.min_confidence)
        if set_name == VALIDATION:  # figures only: its misses are never shown, so never tuned on
            report = {k: v for k, v in report.items() if k not in ("misses", "decoys")}
            report.setdefault("decoys", [])
        print_report(set_name, report, details=set_name != VALIDATION)
        full[set_name] = report
    if args.json:
        args.json.write_text(json.dumps(full, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
