"""``rivalwatch demo``: demo stores → crawl v1 → switch to v2 → crawl again → benchmark and changes.

Each crawl round runs in a child process (``python -m rivalwatch crawl``) because Scrapy's reactor
can only start once per process; the demo stores keep serving from this process meanwhile.
The demo database (``./data/demo.sqlite`` by default) is reset on every run so the demo always
shows the same story.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from rivalwatch.procs import Terminated, run_child, sigterm_as_interrupt

DEFAULT_DEMO_HOME = Path("data")


def _crawl_round(config_dir: Path, database_url: str, label: str) -> int:
    typer.echo(f"\n== crawl {label} ==")
    cmd = [sys.executable, "-m", "rivalwatch", "crawl", "--config", str(config_dir), "--database-url", database_url]
    return run_child(cmd, env=dict(os.environ))  # Ctrl-C / SIGTERM stop the crawl and its Chromium too


def _print_reports(database_url: str) -> None:
    from core.reports import render
    from storage import Database, standing
    from storage import formatting as fmt
    from storage.queries import benchmark, changes_feed

    db = Database.connect(database_url)
    typer.echo("\n== benchmark: own store vs competitors ==")
    typer.echo(render(standing.level_table(benchmark(db)), "table"))
    changes = changes_feed(db)
    typer.echo(f"\n== {len(changes)} changes detected between v1 and v2 ==")
    for row in changes.to_dict("records"):
        typer.echo(f"  {row['store_name']:<14} {fmt.change_line(row)}")
    db.dispose()


def _reset_sqlite(database_url: str) -> None:
    path = Path(database_url.split("///", 1)[1])
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def run_demo(*, dashboard: bool, port: int, database_url: str | None) -> int:
    """Run the whole demo; return the exit code. SIGTERM stops it and every process it started."""
    with sigterm_as_interrupt():
        try:
            return _run_demo(dashboard=dashboard, port=port, database_url=database_url)
        except Terminated:
            typer.echo("demo stopped (SIGTERM)", err=True)
            return 143


def _run_demo(*, dashboard: bool, port: int, database_url: str | None) -> int:
    from rivalwatch.demo.configs import write_demo_configs
    from rivalwatch.demo.server import DemoStores

    home = DEFAULT_DEMO_HOME.resolve()
    home.mkdir(parents=True, exist_ok=True)
    if database_url is None:
        database_url = f"sqlite:///{home / 'demo.sqlite'}"
        _reset_sqlite(database_url)
    config_dir = home / "demo-competitors"
    config_dir.mkdir(exist_ok=True)
    for old in config_dir.glob("*.yaml"):
        old.unlink()
    with DemoStores(version=1) as stores:
        write_demo_configs(config_dir, stores.base_urls)
        typer.echo(f"demo stores: {', '.join(f'{k} {v}' for k, v in stores.base_urls.items())}")
        typer.echo(f"database: {database_url}\nconfig: {config_dir}")
        first = _crawl_round(config_dir, database_url, "1 (store version 1)")
        stores.set_version(2)
        second = _crawl_round(config_dir, database_url, "2 (store version 2: prices, shipping, returns changed)")
        _print_reports(database_url)
        if first or second:
            typer.echo("some crawls were not healthy; see the lines above", err=True)
            return 1
        if dashboard:
            from rivalwatch.dashboard_server import run_dashboard

            # The dashboard reads the demo's own config directory (Sources, Crawl health).
            return run_dashboard(port=port, address="127.0.0.1", database_url=database_url,
                                 config_dir=config_dir, next_free_port=True)
    return 0
