"""``python -m bench all|throughput|storage|platform|alerts|conditional|extraction [options]``.

``all`` runs every benchmark at its default size (``--quick`` for small sizes that finish in about a
minute); each benchmark prints its table and writes ``bench/results/<name>-<UTC time>.json`` (and
``<name>-latest.json``) with the machine info. ``--results-dir`` (or ``BENCH_RESULTS_DIR``) moves them.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from bench import alert_latency, conditional_bench, platform_efficiency, report, storage_growth, throughput

BENCHMARKS = {
    "throughput": throughput,
    "storage": storage_growth,
    "platform": platform_efficiency,
    "alerts": alert_latency,
    "conditional": conditional_bench,
}
QUICK = {
    "throughput": ["--pages", "300", "--runs", "1", "--no-warmup"],
    "storage": ["--products", "200", "--recrawls", "3", "--no-pg-vacuum-series"],
    "platform": ["--products", "300"],
    "alerts": ["--products", "100", "--runs", "1"],
    "conditional": ["--products", "100", "--runs", "1"],
}


def run_extraction(results_dir: Path | None = None, quiet: bool = False) -> dict:
    """Accuracy benchmarks of the extractors (``bench/eval_products.py``, ``bench/eval_policy.py``)."""
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, flush=True))
    outcome = {}
    for name in ("eval_products", "eval_policy"):
        script = report.REPO / "bench" / f"{name}.py"
        if not script.exists():
            outcome[name] = {"skipped": f"{script.name} not found"}
            continue
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, str(script)], cwd=report.REPO, capture_output=True, text=True, timeout=1800)
        outcome[name] = {"exit": proc.returncode, "seconds": time.perf_counter() - t0, "output": proc.stdout,
                         "stderr": proc.stderr[-2000:]}
        say(f"== {name} (exit {proc.returncode}, {outcome[name]['seconds']:.0f} s)")
        say(proc.stdout.rstrip() or proc.stderr.rstrip()[-2000:])
    result = {"benchmark": "extraction", "machine": report.machine_info(), "results": outcome}
    result["saved_to"] = str(report.save("extraction", result, results_dir))
    say(f"saved {result['saved_to']}")
    return result


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="name", required=True)
    every = sub.add_parser("all", help="run every benchmark (default sizes; --quick for small ones)")
    every.add_argument("--quick", action="store_true", help="small sizes (CI-style smoke run)")
    every.add_argument("--skip", action="append", default=[], choices=[*BENCHMARKS, "extraction"],
                       help="leave a benchmark out (repeatable)")
    every.add_argument("--results-dir", type=Path)
    for name, module in BENCHMARKS.items():
        p = sub.add_parser(name, help=(module.__doc__ or "").splitlines()[0])
        module.add_arguments(p)
        p.add_argument("--results-dir", type=Path)
    extraction = sub.add_parser("extraction", help=run_extraction.__doc__)
    extraction.add_argument("--results-dir", type=Path)
    args = parser.parse_args(argv)

    if args.name == "extraction":
        run_extraction(args.results_dir)
        return 0
    if args.name in BENCHMARKS:
        BENCHMARKS[args.name].run_from_args(args, results_dir=args.results_dir)
        return 0
    started = time.perf_counter()
    print(f"machine: {report.machine_info()}", flush=True)
    failures = []
    for name, module in BENCHMARKS.items():
        if name in args.skip:
            continue
        print(f"\n===== {name} =====", flush=True)
        sub_parser = argparse.ArgumentParser()
        module.add_arguments(sub_parser)
        try:
            module.run_from_args(sub_parser.parse_args(QUICK[name] if args.quick else []), results_dir=args.results_dir)
        except Exception as exc:  # noqa: BLE001 - report and go on with the other benchmarks
            failures.append(f"{name}: {type(exc).__name__}: {exc}")
            print(f"{name} FAILED: {exc}", flush=True)
    if "extraction" not in args.skip:
        print("\n===== extraction =====", flush=True)
        run_extraction(args.results_dir)
    print(f"\nall benchmarks done in {time.perf_counter() - started:.0f} s" + (f"; failures: {failures}" if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
