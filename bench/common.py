"""Shared helpers: store config files for the catalogue, child-process crawls, throw-away databases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.report import REPO

STORE_SLUG = "bench-warung"
PG_ADMIN_URL = os.environ.get("RIVALWATCH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def write_config(directory: Path, base_url: str, *, kind: str = "sitemap", policies: bool = True,
                 concurrency: int = 8, alerts: list[str] | None = None, webhook: str | None = None,
                 confirm_runs: int = 1) -> Path:
    """Write ``<slug>.yaml`` (and ``rivalwatch.yaml``) for the benchmark store; return the directory.

    ``confirm_runs: 1`` so a price change is applied by the first crawl that sees it (the product
    default, 2, waits for a second crawl). Politeness is off (no delay, no AutoThrottle) so the
    crawl measures RivalWatch, not a configured rate limit; the bare spider gets the same values.
    """
    directory.mkdir(parents=True, exist_ok=True)
    if kind == "shopify":
        sources = [("shopify", base_url)]
    else:
        sources = [("sitemap", f"{base_url}/sitemap.xml")]
    if policies:
        sources += [("shipping", f"{base_url}/policies/shipping"), ("returns", f"{base_url}/policies/returns")]
    lines = [
        f"slug: {STORE_SLUG}", "name: Bench Warung", "country: ID", "currency: IDR",
        f"confirm_runs: {confirm_runs}", "sources:",
    ]
    for source_kind, url in sources:
        lines += [f"  - kind: {source_kind}", f"    url: {url}", "    max_pages: 10000"]
    if _has_politeness():
        lines += ["politeness:", "  download_delay: 0", f"  concurrency: {concurrency}", "  autothrottle: false",
                  "  obey_robots_txt: true", "  max_run_minutes: 600"]
    if alerts:
        lines.append("alerts:")
        lines += [f"  - when: {json.dumps(rule)}" for rule in alerts]
    (directory / f"{STORE_SLUG}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    settings = ["allow_private_targets: true"]
    if webhook:
        settings += ["channels:", "  - name: bench-hook", f"    url: {webhook}"]
    (directory / "rivalwatch.yaml").write_text("\n".join(settings) + "\n", encoding="utf-8")
    return directory


def _has_politeness() -> bool:
    from core.config.models import StoreConfig

    return "politeness" in StoreConfig.model_fields


def child_env(database_url: str | None = None) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["RIVALWATCH_ALLOW_PRIVATE_TARGETS"] = "1"  # the catalogue is on 127.0.0.1
    env.setdefault("SCRAPY_SETTINGS_MODULE", "spiders.settings")
    if database_url:
        env["RIVALWATCH_DATABASE_URL"] = database_url
    return env


def run_crawl_child(mode: str, base_url: str, *, config: Path | None = None, database_url: str | None = None,
                    concurrency: int = 8, profile: Path | None = None, timeout: float = 3600) -> dict:
    """Run ``bench.crawl_child`` in a fresh Python process; return its result dict."""
    cmd = [sys.executable, "-m", "bench.crawl_child", mode, "--base-url", base_url, "--store", STORE_SLUG]
    if config:
        cmd += ["--config", str(config)]
    if database_url:
        cmd += ["--database-url", database_url]
    # Identical overrides for both modes, at command-line priority (above any per-store settings).
    for name, value in (("CONCURRENT_REQUESTS_PER_DOMAIN", concurrency), ("DOWNLOAD_DELAY", 0),
                        ("AUTOTHROTTLE_ENABLED", "False")):
        cmd += ["--set", f"{name}={value}"]
    if profile:
        cmd += ["--profile", str(profile)]
    proc = subprocess.run(cmd, cwd=REPO, env=child_env(database_url), capture_output=True, text=True, timeout=timeout)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("BENCH_RESULT "):
            result = json.loads(line[len("BENCH_RESULT "):])
            result["stderr_tail"] = proc.stderr[-2000:] if (proc.returncode or result.get("errors")) else ""
            return result
    raise RuntimeError(f"{mode} crawl failed (exit {proc.returncode}):\n{proc.stderr[-4000:]}")


@contextmanager
def postgres_database(prefix: str = "rw_bench") -> Iterator[str | None]:
    """A fresh PostgreSQL database (dropped afterwards), or None when the server is unreachable."""
    from sqlalchemy import create_engine, text

    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect():
            pass
    except Exception:  # noqa: BLE001 - any connection problem: no PostgreSQL figures
        admin.dispose()
        yield None
        return
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
