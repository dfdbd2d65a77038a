"""What every CLI command module shares: the common options (``--database-url``, ``--config``,
``--format``), one error line and exit, loading the configuration, and opening the database to read.

Kept apart from ``cli.py`` so command modules (``briefing_send``, ``overrides_cmd``, ...) can use it
without importing the CLI that registers them (no import cycle).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer


class Format(str, Enum):
    """Output of the listing commands."""

    table = "table"
    json = "json"
    csv = "csv"


DatabaseOpt = typer.Option(None, "--database-url", envvar="RIVALWATCH_DATABASE_URL", help="SQLAlchemy URL (default: ./data/rivalwatch.sqlite).")
ConfigOpt = typer.Option(None, "--config", "-c", help="Directory of store YAML files (default: $RIVALWATCH_CONFIG_DIR or ./competitors).")


def fail(message: str, code: int = 1) -> None:
    """Print one error line and exit."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def open_read_db(database_url: Optional[str]):
    """The database for a read command, or one clear error line when it is missing or outdated."""
    from storage import Database, StorageConfig
    from storage.migrate import is_current

    url = database_url or StorageConfig.from_env().url
    if url.startswith("sqlite") and not Path(url.split("///", 1)[-1]).exists():
        fail(f"no database at {url.split('///', 1)[-1]}; run `rivalwatch crawl` first "
             "(the demo's database is data/demo.sqlite: add --database-url sqlite:///data/demo.sqlite)")
    db = Database.connect(url)
    try:
        current = is_current(db)
    except Exception as exc:  # connection problems of any driver
        fail(f"cannot open database {db.url}: {exc.__class__.__name__}: {str(exc).splitlines()[0]}")
    if not current:
        fail(f"database {db.url} needs migrating: run `rivalwatch db upgrade`")
    return db


def change_table(changes, tz: str = "UTC"):
    """Changes for a terminal: when (in ``tz``), store, what it means for us, the worded change
    (product SKU/URL, money by currency) — the dashboard's words."""
    import pandas as pd

    from storage import formatting as fmt
    from storage.impact import impact

    rows = [{"When": fmt.when(r["detected_at"], tz), "Store": r["store_name"],
             "For us": impact(r["subject_type"], r["field"], r["kind"], r["old_raw"], r["new_raw"], own=bool(r["own"])),
             "Change": fmt.change_line(r)} for r in changes.to_dict("records")]
    return pd.DataFrame(rows, columns=["When", "Store", "For us", "Change"])


def load_configs(config: Optional[Path]):
    """The configuration of ``config`` (or the default directory); every error line, then exit, when invalid."""
    from core.config import load_config_dir
    from core.config.loader import default_config_dir

    configs = load_config_dir(config or default_config_dir())
    if configs.errors:
        for error in configs.errors:
            typer.echo(str(error), err=True)
        fail("fix the configuration first (rivalwatch config validate)")
    return configs
