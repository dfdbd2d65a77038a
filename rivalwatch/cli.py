"""The ``rivalwatch`` command line (Typer): the product's interface, as specified in design.md.

Commands stay thin: they parse options, call the package's functions and print. Expected problems
(bad config, missing file, unknown store) end with one clear line and exit code 1 or 2, never a
traceback.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from core.config.loader import default_config_dir
from rivalwatch.cli_common import ConfigOpt, DatabaseOpt, Format, fail, load_configs, open_read_db
from storage.extras import MissingExtra


class _Typer(typer.Typer):
    """Typer whose commands end with one line and exit 2 when an optional extra is missing."""

    def __call__(self, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        except MissingExtra as exc:  # e.g. `rivalwatch worker` without rivalwatch[distributed]
            typer.echo(f"error: {exc}", err=True)
            sys.exit(2)


app = _Typer(help="RivalWatch: watch competitors' prices, shipping, returns and support.", no_args_is_help=True)
config_app = typer.Typer(help="Check and describe store configuration files.", no_args_is_help=True)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
app.add_typer(config_app, name="config")
app.add_typer(db_app, name="db")
from rivalwatch.alerts_cmd import alerts_app  # noqa: E402 - registered next to the others
from rivalwatch.changes_cmd import changes_app  # noqa: E402
from rivalwatch.overrides_cmd import overrides_app  # noqa: E402

app.add_typer(alerts_app, name="alerts")
app.add_typer(changes_app, name="changes")
app.add_typer(overrides_app, name="overrides")





@config_app.command("validate")
def config_validate(directory: Optional[Path] = typer.Argument(None, help="Config directory.")) -> None:
    """Check every store file; print precise errors and exit 1 when any file is invalid."""
    from core.config import load_config_dir

    root = directory or default_config_dir()
    result = load_config_dir(root)
    for error in result.errors:
        typer.echo(str(error), err=True)
    if result.errors:
        typer.echo(f"{len(result.errors)} problem(s) in {root}", err=True)
        raise typer.Exit(1)
    own = result.own.slug if result.own else "none (set own: true on your store)"
    typer.echo(f"ok: {len(result.stores)} store(s) in {root}; own store: {own}")


@config_app.command("schema")
def config_schema(output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file.")) -> None:
    """Print (or write) the JSON Schema of store files, for editor validation."""
    from core.config.schema import schema_json

    text = schema_json()
    if output:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {output}")
    else:
        typer.echo(text)


@db_app.command("upgrade")
def db_upgrade(database_url: Optional[str] = DatabaseOpt) -> None:
    """Apply database migrations up to the latest revision."""
    from storage import Database, upgrade
    from storage.migrate import current_revision

    db = Database.connect(database_url)
    upgrade(db)
    typer.echo(f"database {db.url} at revision {current_revision(db)}")


class LogFormat(str, Enum):
    text = "text"
    json = "json"


LogFormatOpt = typer.Option(LogFormat.text, "--log-format", help="text, or json: one JSON object per line with store and run_id.")


@app.command()
def crawl(
    store: Optional[list[str]] = typer.Option(None, "--store", "-s", help="Store slug (repeatable; default all)."),
    config: Optional[Path] = ConfigOpt,
    database_url: Optional[str] = DatabaseOpt,
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show Scrapy's log."),
    due: bool = typer.Option(False, "--due", help="Only stores whose schedule says a run is due (for cron / Kubernetes CronJob)."),
    log_format: LogFormat = LogFormatOpt,
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Print progress lines while crawling."),
) -> None:
    """Crawl stores now, with progress lines and a summary."""
    from rivalwatch.crawl import run_crawls
    from rivalwatch.summary import print_run_summaries

    try:
        runs = run_crawls(config or default_config_dir(), store, database_url=database_url, progress=progress,
                          log_level="INFO" if verbose else "WARNING", log_format=log_format.value, due_only=due)
    except ValueError as exc:
        fail(str(exc))
    if due and not runs:
        typer.echo("nothing due")
        return
    print_run_summaries(runs)
    # --due feeds `&& rivalwatch alerts send`: an unhealthy run is recorded (and alerted on), not a job failure.
    if not runs or (not due and any(not r.healthy for r in runs)):
        raise typer.Exit(1)


RedisUrlOpt = typer.Option("redis://127.0.0.1:6379/0", "--redis-url", envvar="RIVALWATCH_REDIS_URL", help="Redis of the shared frontier.")
KeyPrefixOpt = typer.Option("rivalwatch", "--key-prefix", help="Redis key prefix (schedulers and workers of one setup share it).")


@app.command()
def schedule(
    config: Optional[Path] = ConfigOpt,
    database_url: Optional[str] = DatabaseOpt,
    max_parallel: int = typer.Option(4, "--max-parallel", min=1, help="Stores crawled at the same time."),
    log_format: LogFormat = LogFormatOpt,
    grace: float = typer.Option(20.0, "--grace", help="Seconds a crawl gets to stop after SIGTERM before SIGKILL."),
    enqueue: bool = typer.Option(False, "--enqueue", help="Scale-out: only seed due runs into Redis; `rivalwatch worker` processes crawl them."),
    redis_url: str = RedisUrlOpt,
    key_prefix: str = KeyPrefixOpt,
) -> None:
    """Run the scheduler in the foreground: each store on its cron schedule, then alerts (SIGTERM stops)."""
    from rivalwatch.jobs import JobContext
    from rivalwatch.logs import configure
    from rivalwatch.scheduler import CrawlScheduler

    configure(log_format.value, "INFO")
    root = config or default_config_dir()
    configs = load_configs(root)
    if enqueue:
        _check_shared_database(database_url, "--enqueue")
    ctx = JobContext(config_dir=root, database_url=database_url, log_format=log_format.value, grace_seconds=grace,
                     redis_url=redis_url if enqueue else None, key_prefix=key_prefix)
    try:
        scheduler = CrawlScheduler(ctx, configs, max_parallel=max_parallel)
    except ConnectionError as exc:
        fail(str(exc), 2)
    raise typer.Exit(scheduler.run())


def _check_shared_database(database_url: Optional[str], what: str) -> None:
    """Workers on other machines write the same runs: SQLite (a local file) cannot be shared."""
    from storage import StorageConfig

    url = database_url or StorageConfig.from_env().url
    if url.startswith("sqlite"):
        fail(f"{what} needs a database every worker reaches (PostgreSQL: --database-url postgresql+psycopg://…), not {url}", 2)


@app.command()
def status(
    config: Optional[Path] = ConfigOpt,
    database_url: Optional[str] = DatabaseOpt,
    format: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Per store: last run (status, healthy, finished_at), next scheduled run, and who is crawling it now."""
    import pandas as pd

    from core.reports import render
    from rivalwatch.status import status_rows

    rows = status_rows(open_read_db(database_url), load_configs(config).stores)
    typer.echo(render(pd.DataFrame(rows), format.value))


@app.command()
def worker(
    store: Optional[str] = typer.Option(None, "--store", "-s", help="Only this store's current run, then exit (default: poll for runs of every store until SIGTERM)."),
    config: Optional[Path] = ConfigOpt,
    database_url: Optional[str] = DatabaseOpt,
    redis_url: str = RedisUrlOpt,
    key_prefix: str = KeyPrefixOpt,
    seed: bool = typer.Option(False, "--seed", help="With --store: only enqueue the store's start URLs, then exit (what `schedule --enqueue` does)."),
    idle_seconds: float = typer.Option(10.0, "--idle-seconds", min=1, help="Leave a run after its shared queue has been empty this long."),
    poll_seconds: float = typer.Option(5.0, "--poll-seconds", min=0.1, help="Without --store: how often to look for seeded runs."),
    name: Optional[str] = typer.Option(None, "--name", help="Worker name in Redis and logs (unique per running process; default host:pid:random)."),
) -> None:
    """Crawl stores from a shared Redis request queue (scrapy-redis); start several on any machines."""
    from rivalwatch.logs import configure
    from rivalwatch.worker import WorkerOptions, run_worker, seed_store, serve

    if seed and not store:
        fail("--seed needs --store SLUG", 2)
    if name is not None and not name.replace("-", "").replace("_", "").replace(".", "").isalnum():
        fail("--name: use letters, digits, '-', '_' or '.'", 2)
    options = WorkerOptions(store=store, config_dir=config or default_config_dir(), database_url=database_url,
                            redis_url=redis_url, key_prefix=key_prefix, idle_seconds=idle_seconds,
                            poll_seconds=poll_seconds, name=name)
    if seed:
        raise typer.Exit(seed_store(options))
    if store:
        raise typer.Exit(run_worker(options))
    configure("text", "INFO")
    load_configs(options.config_dir)  # one clear error for a broken config directory
    raise typer.Exit(serve(options))


@app.command()
def extract(
    kind: str = typer.Argument(..., help="product, shipping, returns or support."),
    source: str = typer.Argument(..., help="File (HTML, JSON, text; .gz ok) or http(s) URL."),
    url: Optional[str] = typer.Option(None, "--url", help="The page's URL, for relative links and context."),
    currency: Optional[str] = typer.Option(None, "--currency", help="Store currency (ISO 4217) for bare symbols."),
    country: Optional[str] = typer.Option(None, "--country", help="Store country (ISO 3166 alpha-2)."),
) -> None:
    """Print what would be extracted from a file or URL, as JSON (no database)."""
    from rivalwatch.extract_cmd import run_extract

    code, output = run_extract(kind, source, url, currency=currency, country=country)
    (typer.echo(output) if code == 0 else typer.echo(output, err=True))
    raise typer.Exit(code)


@app.command("try")
def try_url(
    url: Optional[str] = typer.Argument(None, help="Page to try (http or https); with --store it may be left out."),
    kind: Optional[str] = typer.Option(None, "--kind", "-k", help="product, listing, shipping, returns or support (default: guessed)."),
    render: str = typer.Option("http", "--render", help="http or browser (headless Chromium)."),
    wait_for: Optional[str] = typer.Option(None, "--wait-for", help="With --render browser: CSS selector to wait for."),
    currency: Optional[str] = typer.Option(None, "--currency"),
    country: Optional[str] = typer.Option(None, "--country"),
    allow_private: bool = typer.Option(False, "--allow-private", help="Allow loopback/private addresses (local test stores only)."),
    config: Optional[Path] = ConfigOpt,
    store: Optional[str] = typer.Option(None, "--store", "-s", help="Use this store's selectors, render and wait_for settings."),
) -> None:
    """Fetch one URL (or a store's sources) and show, per field, what would be extracted and where it came from."""
    from rivalwatch.try_cmd import KINDS, run_try

    if kind not in (None, *KINDS):
        fail(f"unknown kind {kind!r}: use {', '.join(KINDS)}", 2)
    if render not in ("http", "browser"):
        fail("--render must be http or browser", 2)
    raise typer.Exit(run_try(url, kind=kind, render=render, wait_for=wait_for, currency=currency, country=country,
                             allow_private=allow_private, config=config, store=store))


@app.command()
def add(
    url: str = typer.Argument(..., help="The store's home page (http or https)."),
    own: bool = typer.Option(False, "--own", help="This is your own store (at most one per config directory)."),
    slug: Optional[str] = typer.Option(None, "--slug", help="Store id and file name (default: from the host name)."),
    config: Optional[Path] = ConfigOpt,
    force: bool = typer.Option(False, "--force", help="Overwrite an existing <slug>.yaml."),
    currency: Optional[str] = typer.Option(None, "--currency", help="ISO 4217 currency when prices do not show it."),
    allow_private: bool = typer.Option(False, "--allow-private", help="Allow loopback/private addresses (local test stores only)."),
    budget: int = typer.Option(80, "--budget", min=5, help="At most this many requests to the store."),
) -> None:
    """Discover a store from its home page, write a validated YAML for it and preview what a crawl reads."""
    from rivalwatch.onboard.command import add_store

    raise typer.Exit(add_store(url, config_dir=config or default_config_dir(), own=own, slug=slug, force=force,
                               currency=currency, allow_private=allow_private, budget=budget))


@app.command()
def benchmark(
    format: Format = typer.Option(Format.table, "--format", "-f"),
    database_url: Optional[str] = DatabaseOpt,
) -> None:
    """Own store vs competitors on shipping, returns, support and price service levels.

    table: service levels as rows, stores as columns, worded like the dashboard; json: every raw
    column; csv: raw numeric columns plus one better/worse-than-us column per level."""
    from core.reports import render
    from storage import standing
    from storage.queries import benchmark as benchmark_table

    bench = benchmark_table(open_read_db(database_url))
    shaped = {"table": standing.level_table, "csv": standing.csv_frame}.get(format.value, lambda b: b)(bench)
    # 12 labelled rows read best aligned even when wider than the terminal (pipe to `less -S`).
    typer.echo(render(shaped, format.value, width=10_000 if format.value == "table" else None))
    if not bench.empty and not bench["own"].astype(bool).any():  # none is allowed: say what is missing
        typer.echo("note: no own store (own: true) — competitors only; set own: true on your store to compare", err=True)


@app.command()
def prices(
    store: Optional[str] = typer.Option(None, "--store", "-s", help="Only this store."),
    format: Format = typer.Option(Format.table, "--format", "-f"),
    database_url: Optional[str] = DatabaseOpt,
) -> None:
    """Current price, currency, availability, URL and SKU per product per store, with the own store's match."""
    from core.reports import render
    from storage.prices import current_prices

    typer.echo(render(current_prices(open_read_db(database_url), store=store), format.value))


@app.command()
def dashboard(
    port: int = typer.Option(8501, "--port"),
    address: str = typer.Option("127.0.0.1", "--address", help="Bind address; anything but localhost needs auth."),
    database_url: Optional[str] = DatabaseOpt,
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Start the Streamlit dashboard on the configured database (SIGTERM or Ctrl-C stop it)."""
    from rivalwatch.dashboard_server import run_dashboard

    sys.exit(run_dashboard(port=port, address=address, database_url=database_url, config_dir=config))


@app.command()
def demo(
    no_dashboard: bool = typer.Option(False, "--no-dashboard", help="Stop after the crawls and print a summary."),
    port: int = typer.Option(8501, "--port", help="Dashboard port."),
    database_url: Optional[str] = typer.Option(None, "--database-url", help="Default: ./data/demo.sqlite (reset each run)."),
) -> None:
    """Start the demo stores, crawl them twice (v1, then v2 with changes) and open the dashboard."""
    from rivalwatch.demo_run import run_demo

    raise typer.Exit(run_demo(dashboard=not no_dashboard, port=port, database_url=database_url))


from rivalwatch.briefing_send import report as _report  # noqa: E402 - the weekly briefing command

app.command("report")(_report)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
