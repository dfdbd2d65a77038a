"""Score only the RETURNS facts of the policy-text parser, per split, language and field.

Usage: python -m bench.eval_returns [--split development|validation|samples|all] [--misses]

Uses the scoring rules of ``bench/eval_policy.py`` (its ``_score`` / ``value_eq``) on the nine
``returns.*`` fields. The real corpus (``../shared/policy_real``) is split by ``bench/policy_split``;
misses and decoys are printed for the development split only (never tune on validation texts).
Facts the parser marks below the review threshold (evidence confidence < 0.6) are "needs review"
and are not compared, exactly as downstream change detection treats them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.eval_policy import RETURN_FIELDS, _score  # noqa: E402
from bench.policy_split import DEVELOPMENT, POLICY_REAL, VALIDATION, split_of  # noqa: E402
from spiders.pages.policy_text import parse_policy_text  # noqa: E402

SAMPLES = ROOT.parent / "shared" / "policy_samples"
REVIEW_BELOW = 0.6
_CURRENCY_BY_LANG = {"id": "IDR", "ja": "JPY"}


def read_text(path: Path) -> str:
    """Corpus text without its ``# SOURCE:`` line."""
    text = path.read_text(encoding="utf-8")
    return text.split("\n", 1)[1] if text.startswith("# SOURCE:") else text


def _lang(name: str) -> str:
    return name.split("/", 1)[0] if "/" in name else name.split("_", 1)[0]


def comparable_returns(got: dict) -> dict:
    """The returns facts that would be compared: those not flagged "needs review"."""
    returns = dict(got.get("returns") or {})
    evidence = got.get("evidence") or {}
    for field in RETURN_FIELDS:
        ev = evidence.get(f"returns.{field}")
        if ev is not None and ev.get("confidence", 1.0) < REVIEW_BELOW:
            returns[field] = [] if field == "refund_types" else None
    return returns


def score(corpus: Path, names: list[str]) -> dict:
    """Per-language and per-field tp/fp/fn with misses, decoys and the median parse time."""
    expected = json.loads((corpus / "expected.json").read_text(encoding="utf-8"))
    counts: dict = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0})
    misses: list[str] = []
    decoys: list[str] = []
    times: list[float] = []
    for name in names:
        text, lang = read_text(corpus / name), _lang(name)
        start = time.perf_counter()
        got = parse_policy_text(text, currency=_CURRENCY_BY_LANG.get(lang))
        times.append(time.perf_counter() - start)
        exp_ret, got_ret = expected[name]["returns"] or {}, comparable_returns(got)
        for field in RETURN_FIELDS:
            empty = [] if field == "refund_types" else None
            e, g = exp_ret.get(field, empty), got_ret.get(field, empty)
            keys = (f"{lang}|{field}", f"all|{field}", f"{lang}|*", "all|*")
            _score([counts[k] for k in keys], f"returns.{field}", e, g, name,
                   {"misses": misses, "decoys": decoys})
    return {"counts": dict(counts), "misses": misses, "decoys": decoys,
            "median_ms": round(statistics.median(times) * 1000, 2) if times else 0.0}


def names_of(split: str) -> tuple[Path, list[str]]:
    if split == "samples":
        expected = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
        return SAMPLES, sorted(expected)
    expected = json.loads((POLICY_REAL / "expected.json").read_text(encoding="utf-8"))
    return POLICY_REAL, sorted(n for n in expected if split == "all" or split_of(n) == split)


def _print(split: str, report: dict, show: bool) -> None:
    c = report["counts"]
    print(f"== {split}: returns facts (median parse {report['median_ms']} ms)")
    print(f"{'lang|field':40} found/expected decoys(fp)")
    for key in sorted(c):
        v = c[key]
        print(f"{key:40} {v['tp']:4}/{v['tp'] + v['fn']:<4} fp={v['fp']}")
    print(f"decoys (expected null): {len(report['decoys'])}")
    if show:
        for line in report["decoys"]:
            print("  DECOY", line)
        for line in report["misses"]:
            print("  MISS", line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="all-splits",
                        choices=[DEVELOPMENT, VALIDATION, "samples", "all", "all-splits"])
    parser.add_argument("--misses", action="store_true", help="list misses/decoys (development and samples only)")
    args = parser.parse_args(argv)
    splits = [DEVELOPMENT, VALIDATION, "samples"] if args.split == "all-splits" else [args.split]
    for split in splits:
        corpus, names = names_of(split)
        _print(split, score(corpus, names), args.misses and split in (DEVELOPMENT, "samples"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
