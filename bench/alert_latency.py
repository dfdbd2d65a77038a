"""Alert latency: from the end of a crawl with changes to the message arriving at a webhook.

A local webhook receiver (``http.server`` on 127.0.0.1) stands in for Slack/Teams/any JSON hook;
the store's channel is the real apprise URL ``json://127.0.0.1:PORT/hook`` (``allow_private_targets:
true`` in ``rivalwatch.yaml``), the rule ``price_change_percent >= 5``. Per run: a crawl whose
apply creates change events (5 % of the products' prices drop 8 %, through the storage API with the
items the spider stages — see ``bench.storage_growth``); the clock starts when ``apply_run``
has committed, i.e. when the crawl has ended; then

* ``in-process``: ``plan_alerts`` + ``send_due`` (what the scheduler does after a crawl), and
* ``cli``: ``rivalwatch alerts send`` as a new process (includes Python start-up and imports),

and the clock stops when the receiver has read the POST. One warm-up run, then ``--runs``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from bench import report
from bench.catalog import Catalog
from bench.common import REPO, child_env, write_config
from core.testing.loopback import LoopbackStore


class Receiver(LoopbackStore):
    """A webhook that timestamps every POST it receives."""

    methods = ("POST",)

    def __init__(self):
        super().__init__()
        self.messages: list[tuple[float, dict]] = []
        self.arrived = threading.Event()
        self.start()

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self.port}/hook"

    def expect(self) -> None:
        self.messages.clear()
        self.arrived.clear()

    def answer(self, handler) -> None:
        body = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        t = time.perf_counter()
        handler.send_response(200)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
        try:
            payload = json.loads(body)
        except ValueError:
            payload = {"raw": body[:200].decode("latin-1")}
        self.messages.append((t, payload))
        self.arrived.set()


def run(products: int = 200, runs: int = 7, results_dir: Path | None = None, quiet: bool = False,
        warmup: bool = True) -> dict:
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, flush=True))
    from bench.staged_items import CrawlItems
    from bench.storage_growth import ApiCrawler
    from rivalwatch.alerts.planner import plan_alerts
    from rivalwatch.alerts.sender import send_due
    from core.config import load_config_dir
    from storage import Database, upgrade

    catalog = Catalog(products)
    receiver = Receiver()
    samples: dict[str, list[dict]] = {"in-process": [], "cli": []}
    with tempfile.TemporaryDirectory(prefix="rw-bench-alerts-") as tmp:
        config_dir = write_config(Path(tmp) / "config", "http://127.0.0.1:9", policies=True, webhook=receiver.url,
                                  alerts=["price_change_percent >= 5"])
        database_url = f"sqlite:///{tmp}/alerts.sqlite"
        db = Database.connect(database_url)
        upgrade(db)
        crawler = ApiCrawler(db, config_dir, CrawlItems(catalog, config_dir, verify=50))
        crawler.crawl(1)  # baseline: no events
        version = 1
        say(f"alerts: {products} products, {runs} runs per mode after a warm-up; load average {report.load_average()}")
        for i in range(0 if warmup else 1, runs + 1):
            for mode in ("in-process", "cli"):
                version += 1
                info = crawler.crawl(version)
                receiver.expect()
                t_end = time.perf_counter()  # the crawl's changes are committed
                if mode == "in-process":
                    configs = load_config_dir(config_dir)
                    planned = plan_alerts(db, configs)
                    t_planned = time.perf_counter()
                    sent = send_due(db, configs.settings)
                    t_sent = time.perf_counter()
                    detail = {"planned": planned, "sent": sent.sent, "errors": sent.errors,
                              "plan_s": t_planned - t_end, "send_s": t_sent - t_planned}
                else:
                    proc = subprocess.run(
                        [str(Path(os.sys.executable).with_name("rivalwatch")), "alerts", "send", "--config",
                         str(config_dir), "--database-url", database_url],
                        cwd=REPO, env=child_env(), capture_output=True, text=True, timeout=120)
                    detail = {"stdout": proc.stdout.strip(), "stderr": proc.stderr.strip()[-500:], "exit": proc.returncode}
                if not receiver.arrived.wait(30):
                    raise RuntimeError(f"no alert arrived ({mode}): {detail}")
                arrival = receiver.messages[0][0]
                body = receiver.messages[0][1].get("message", "")
                entry = {"latency_s": arrival - t_end, "events": info["changes"],
                         "events_in_message": body.count("RW-"), "messages": len(receiver.messages), **detail}
                label = "warm-up" if i == 0 else f"run {i}"
                say(f"  {label:8} {mode:10} {entry['latency_s'] * 1000:8.1f} ms  {info['changes']} events, "
                    f"{entry['events_in_message']} in the message")
                if i:
                    samples[mode].append(entry)
        db.dispose()
    receiver.close()
    stats = {mode: report.summary([s["latency_s"] * 1000 for s in rows]) for mode, rows in samples.items()}
    result = {"benchmark": "alerts", "machine": report.machine_info(), "products": products, "runs": runs,
              "latency_ms": stats, "samples": samples, "load_average_end": report.load_average()}
    say(report.table(["path", "median ms", "min ms", "max ms", "runs"],
                     [[mode, s["median"], s["min"], s["max"], s["n"]] for mode, s in stats.items()],
                     title="\nAlert latency: crawl committed -> webhook received"))
    result["saved_to"] = str(report.save("alerts", result, results_dir))
    say(f"saved {result['saved_to']}")
    return result


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--products", type=int, default=200, help="products in the catalogue (default 200; 5 %% change per run)")
    parser.add_argument("--runs", type=int, default=7, help="measured runs per mode (default 7)")


def run_from_args(args, results_dir: Path | None = None) -> dict:
    return run(products=args.products, runs=args.runs, results_dir=results_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench alerts", description=__doc__.splitlines()[0])
    add_arguments(parser)
    run_from_args(parser.parse_args(argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
