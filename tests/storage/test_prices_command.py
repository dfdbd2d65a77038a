"""``rivalwatch prices``: current price, currency, availability, URL and SKU per product per store, with
the own store's matched product beside it (issue #16 item 5), on the sample database built through the
public write API."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from typer.testing import CliRunner

from rivalwatch.cli import app
from storage import Database
from storage.prices import current_prices
from tests.dashboard.sample_db import XSS_TITLE, build_sample_db


def test_current_prices_with_the_matched_own_product(tmp_path):
    db = Database.connect(build_sample_db(tmp_path / "s.sqlite"))
    table = current_prices(db)
    rows = {(r["store"], r["title"]): r for r in table.to_dict("records")}
    kopi = rows[("rival-a", "Kopi Gayo")]
    assert kopi["price"] == Decimal("85000") and kopi["currency"] == "IDR"  # the second crawl's price
    assert kopi["url"] == "https://rival-a.example/p/0000000000017"
    assert kopi["own_title"] == "Kopi Gayo 250 g" and kopi["own_price"] == Decimal("100000")
    assert kopi["own_url"] == "https://tokoku.example/p/T-1" and kopi["match"] == "GTIN"
    gula = rows[("rival-b", "Gula Aren")]
    assert gula["sku"] == "SHARED-9" and gula["match"] == "SKU" and gula["own_price"] == Decimal("50000")
    assert rows[("rival-a", XSS_TITLE)]["own_title"] is None  # unmatched: nothing invented beside it
    assert table.iloc[0]["own"] is True  # own store first
    only_b = current_prices(db, store="rival-b")
    assert set(only_b["store"]) == {"rival-b"} and len(only_b) == 3
    db.dispose()


def test_prices_command_formats(tmp_path):
    url = build_sample_db(tmp_path / "s.sqlite")
    runner = CliRunner()
    as_json = runner.invoke(app, ["prices", "--store", "rival-a", "--format", "json", "--database-url", url])
    assert as_json.exit_code == 0, as_json.output
    records = json.loads(as_json.output)
    kopi = next(r for r in records if r["title"] == "Kopi Gayo")
    assert {"price", "currency", "availability", "url", "sku", "own_price", "own_url"} <= set(kopi)
    as_csv = runner.invoke(app, ["prices", "--format", "csv", "--database-url", url])
    assert as_csv.exit_code == 0
    assert len(list(csv.DictReader(io.StringIO(as_csv.output)))) == len(current_prices(Database.connect(url)))
    table = runner.invoke(app, ["prices", "--database-url", url])
    assert table.exit_code == 0 and "Kopi Gayo" in table.output


def test_benchmark_without_an_own_store_shows_competitors_with_a_note(tmp_path):
    """None is allowed (issue #16 item 7): the benchmark lists the competitors and says what is missing."""
    from storage import sync_store, upgrade
    from tests.dashboard.sample_db import FIRST_CRAWL, RIVAL_A, crawl, rival_a_items

    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    db = Database.connect(url)
    upgrade(db)
    sync_store(db, RIVAL_A)
    crawl(db, "rival-a", rival_a_items(False), FIRST_CRAWL)
    db.dispose()
    result = CliRunner().invoke(app, ["benchmark", "--format", "json", "--database-url", url])
    assert result.exit_code == 0, result.output
    assert "note: no own store (own: true) — competitors only" in result.output
    assert '"store": "rival-a"' in result.output
