"""End to end: crawl the demo stores (v1, v1 again, v2) into a real database and check the exact
facts and change events against what the stores publish (``rivalwatch.demo.expected``).

Runs ``python -m rivalwatch crawl`` in child processes, as users and the demo do, and uses real
Chromium for the JavaScript store (``pasar-kilat``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from rivalwatch.demo.configs import write_demo_configs
from rivalwatch.demo.expected import CHANGES, EXPECTED
from rivalwatch.demo.server import DemoStores
from storage import Database
from storage.models import ChangeEvent, CrawlRun, Fact, Product, Store
from tests.browser_support import require_chromium

pytestmark = pytest.mark.browser


def crawl(config_dir, url: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "rivalwatch", "crawl", "--config", str(config_dir), "--database-url", url]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


def current_facts(db: Database, slug: str) -> dict:
    """The open facts of a store, shaped like EXPECTED (products by GTIN)."""
    with db.session() as s:
        store_id = s.scalar(select(Store.id).where(Store.slug == slug))
        rows = s.execute(
            select(Fact.subject_type, Fact.subject_key, Fact.field, Fact.value, Product.gtin)
            .outerjoin(Product, Product.id == Fact.product_id)
            .where(Fact.store_id == store_id, Fact.valid_to.is_(None))
        ).all()
    facts: dict = {"products": {}, "options": {}, "shipping": {}, "returns": {}}
    for subject_type, key, field, value, gtin in rows:
        value = json.loads(value)
        if subject_type == "product":
            facts["products"].setdefault(gtin, {})[field] = value
        elif subject_type == "shipping_option":
            facts["options"].setdefault(key, {})[field] = value
        elif subject_type in ("shipping", "returns"):
            facts[subject_type][field] = value
    return facts


def _money_equal(a, b) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and Decimal(str(a)) == Decimal(str(b)))


def assert_store_matches(db: Database, version: int, slug: str) -> None:
    expected, got = EXPECTED[version][slug], current_facts(db, slug)
    assert set(got["products"]) == set(expected["products"]), f"{slug}: products"
    for gtin, product in expected["products"].items():
        seen = got["products"][gtin]
        assert _money_equal(seen.get("price"), product["price"]), f"{slug} {gtin}: price {seen.get('price')} != {product['price']}"
        assert seen.get("availability") == product["availability"], f"{slug} {gtin}: availability"
        assert _money_equal(seen.get("was_price"), product.get("was_price")), f"{slug} {gtin}: was_price"
    ship = expected["shipping"]
    threshold = ship["free_shipping_threshold"]
    got_threshold = got["shipping"].get("free_shipping_threshold")
    assert _money_equal(got_threshold and got_threshold["amount"], threshold and threshold["amount"]), f"{slug}: threshold"
    for option in ship["options"]:
        # Option names are a soft match (the extractor may keep a longer label from the page).
        name = option["name"].lower()
        keys = [k for k in got["options"] if name in k.split("|")[0]]
        assert len(keys) == 1, f"{slug}: shipping option {name!r} not found once in {sorted(got['options'])}"
        key = keys[0]
        seen = got["options"][key]
        assert _money_equal(seen.get("price"), option["price"]), f"{slug} {key}: price"
        assert (seen.get("min_days"), seen.get("max_days")) == (option["min_days"], option["max_days"]), f"{slug} {key}: days"
    returns = expected["returns"]
    assert got["returns"].get("window_days") == returns["window_days"], f"{slug}: return window"
    assert got["returns"].get("return_shipping_paid_by") == returns["return_shipping_paid_by"], f"{slug}: who pays"


def _event_key(store: str, event: ChangeEvent, gtin: str | None) -> tuple:
    if event.subject_type == "product":
        subject = f"product:{gtin}"
    elif event.subject_type == "shipping_option":
        subject = f"shipping:{event.subject_label}"
    else:
        subject = event.subject_type
    return store, subject, event.field


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    """Crawl v1 twice and v2 once; yield the database and the outputs."""
    require_chromium()
    tmp = tmp_path_factory.mktemp("demo")
    url = f"sqlite:///{tmp / 'demo.sqlite'}"
    with DemoStores(version=1) as stores:
        write_demo_configs(tmp, stores.base_urls)
        first = crawl(tmp, url)
        db = Database.connect(url)
        with db.session() as s:
            facts_after_first = s.scalar(select(func.count()).select_from(Fact))
        again = crawl(tmp, url)
        stores.set_version(2)
        second = crawl(tmp, url)
    yield {"db": db, "outputs": (first, again, second), "facts_after_first": facts_after_first}
    db.dispose()


def test_every_crawl_is_healthy(demo_run):
    for result in demo_run["outputs"]:
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.count(" healthy ") == 4, result.stdout
    with demo_run["db"].session() as s:
        assert s.scalar(select(func.count()).where(CrawlRun.healthy.is_(False))) == 0


@pytest.mark.parametrize("slug", sorted(EXPECTED[2]))
def test_current_facts_equal_version_2(demo_run, slug):
    assert_store_matches(demo_run["db"], 2, slug)


def test_change_events_are_exactly_the_store_changes(demo_run):
    db = demo_run["db"]
    with db.session() as s:
        rows = s.execute(
            select(Store.slug, ChangeEvent, Product.gtin)
            .join(Store, Store.id == ChangeEvent.store_id)
            .outerjoin(Product, Product.id == ChangeEvent.product_id)
        ).all()
    got = {_event_key(slug, event, gtin) for slug, event, gtin in rows if event.field != "text_hash"}
    expected = {(c["store"], c["subject"], c["field"]) for c in CHANGES}
    assert got == expected
    wording = {(slug, e.subject_key) for slug, e, _g in rows if e.field == "text_hash"}
    assert {slug for slug, _k in wording} == {"belanja-cepat", "kedai-rumah", "pasar-kilat"}
    price = next(e for slug, e, _g in rows if slug == "belanja-cepat" and e.field == "price")
    assert Decimal(price.magnitude) == Decimal("-8.00") and "−8.0 %" in price.summary


def test_unchanged_recrawl_adds_no_fact_rows(demo_run):
    db = demo_run["db"]
    with db.session() as s:
        second_run_ids = s.scalars(select(CrawlRun.id).order_by(CrawlRun.id).offset(4).limit(4)).all()
        events_in_recrawl = s.scalar(select(func.count()).where(ChangeEvent.run_id.in_(second_run_ids)))
        rows_from_recrawl = s.scalar(select(func.count()).where(Fact.first_run_id.in_(second_run_ids)))
    assert events_in_recrawl == 0
    assert rows_from_recrawl == 0
