"""Run ``rivalwatch add`` and a real crawl of the YAML it wrote (subprocesses, a temp SQLite database)."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from storage import Database
from storage.models import Fact, Product, Store

REPO = Path(__file__).resolve().parents[2]
# The written YAML is crawled as is; only the pace is raised for the test (command-line settings beat
# the store's politeness block, as they do for any one-off `scrapy crawl`).
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


def add(config: Path, url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rivalwatch", "add", url, "--config", str(config), *args],
                          capture_output=True, text=True, timeout=120, cwd=REPO)


def allow_private(config: Path) -> None:
    config.mkdir(parents=True, exist_ok=True)
    (config / "rivalwatch.yaml").write_text("allow_private_targets: true\n", encoding="utf-8")


def crawl(config: Path, slug: str, database_url: str, *settings: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "scrapy", "crawl", "store", "-a", f"store={slug}", "-a", f"config={config}",
           "-s", f"RIVALWATCH_DATABASE_URL={database_url}", "-s", "LOG_LEVEL=INFO", *FAST, *settings]
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=300)


def prices(database_url: str, slug: str) -> dict[str, Decimal]:
    """Current price per product URL of a store, from the facts a healthy run applied."""
    db = Database.connect(database_url)
    try:
        with db.session() as s:
            rows = s.execute(select(Product.url, Fact.value).join(Store, Store.id == Product.store_id)
                             .join(Fact, (Fact.product_id == Product.id) & (Fact.field == "price"))
                             .where(Store.slug == slug, Fact.valid_to.is_(None))).all()
        return {url: Decimal(value.strip('"')) for url, value in rows}
    finally:
        db.dispose()


def option_prices(database_url: str, slug: str) -> list[Decimal]:
    """Current shipping option prices of a store (sorted), from the facts a healthy run applied."""
    db = Database.connect(database_url)
    try:
        with db.session() as s:
            rows = s.scalars(select(Fact.value).join(Store, Store.id == Fact.store_id)
                             .where(Store.slug == slug, Fact.subject_type == "shipping_option",
                                    Fact.field == "price", Fact.valid_to.is_(None))).all()
        return sorted(Decimal(value.strip('"')) for value in rows)
    finally:
        db.dispose()
