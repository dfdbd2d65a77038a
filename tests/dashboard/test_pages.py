"""Every dashboard page under AppTest on a database filled by crawling the demo stores twice (v1, v2).

Expected numbers are read from the database with plain SQL, independently of the read API the
dashboard uses, so a wrong query cannot hide behind an equally wrong expectation.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import text

from storage import Database
from storage.service_levels import benchmark

pytestmark = pytest.mark.browser  # the demo crawl renders pasar-kilat in Chromium


def _sql(url: str, query: str, **params) -> list:
    db = Database.connect(url)
    try:
        with db.engine.connect() as conn:
            return conn.execute(text(query), params).all()
    finally:
        db.dispose()


def _frame(at, column: str):
    """The first dataframe on the page that has ``column``."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def _current(url: str, subject_type: str, field: str) -> dict:
    rows = _sql(url, "SELECT s.name, f.subject_key, f.value FROM facts f JOIN stores s ON s.id = f.store_id "
                     "WHERE f.subject_type = :t AND f.field = :f AND f.valid_to IS NULL", t=subject_type, f=field)
    return {(name, key): json.loads(value) for name, key, value in rows}


def _grid(at) -> dict[str, list[str]]:
    """The Overview's benchmark grid as {service level: [cell text per store]} (header under "")."""
    import re

    body = next(e.proto.body for e in at.get("html") if 'class="rw-bench"' in e.proto.body)
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body):
        cells = [re.sub(r"<[^>]+>", " ", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        rows["" if cells[0] == "Service level" else cells[0]] = cells[1:]
    return rows


def test_overview_shows_the_benchmark_of_the_database(open_app, demo_db):
    at = open_app(demo_db["url"])
    grid = _grid(at)
    bench = benchmark(Database.connect(demo_db["url"]))
    assert grid[""] == [n + (" (us)" if own else "") for n, own in zip(bench["store_name"], bench["own"])]
    for column, (_, row) in enumerate(bench.iterrows()):
        if not row["own"] and row["price_index"] is not None:
            assert grid["Price index"][column].startswith(f"{row['price_index']} (")
    for (name, _key), days in _current(demo_db["url"], "returns", "window_days").items():
        column = list(bench["store_name"]).index(name)
        assert grid["Return window"][column].startswith(f"{days} days")
    assert len(at.get("download_button")) == len(at.dataframe) + 1  # and the benchmark CSV


def test_shipping_page_lists_every_current_option(open_app, demo_db):
    at = open_app(demo_db["url"], "shipping")
    options = _frame(at, "Option")
    prices = _current(demo_db["url"], "shipping_option", "price")
    subjects = _sql(demo_db["url"], "SELECT count(*) FROM (SELECT DISTINCT store_id, subject_key FROM facts "
                                    "WHERE subject_type = 'shipping_option' AND valid_to IS NULL) AS s")[0][0]
    assert len(options) == subjects
    shown = {(r.Store, r.Option): r.Price for r in options.itertuples()}
    for (name, key), price in prices.items():  # IDR has no minor units: Rp 15.000
        assert shown[(name, key.split("|")[0])] == "Rp " + f"{int(price):,}".replace(",", ".")
    assert all(str(link).startswith(("http://", "https://")) for link in options["Source"] if link)
    history = _frame(at, "Value")
    assert "Rp 150.000 or more" in set(history[history["Store"] == "Kedai Rumah"]["Value"])


def test_shipping_store_filter_comes_from_the_url(open_app, demo_db):
    at = open_app(demo_db["url"], "shipping", store="kedai-rumah")
    assert at.selectbox(key="store").value == "kedai-rumah"
    assert set(_frame(at, "Option")["Store"]) == {"Kedai Rumah"}


def test_returns_page_shows_windows_and_their_history(open_app, demo_db):
    at = open_app(demo_db["url"], "returns")
    terms = _frame(at, "Window").set_index("Store")
    for (name, _key), days in _current(demo_db["url"], "returns", "window_days").items():
        label = next(i for i in terms.index if i.startswith(name))
        assert terms.loc[label, "Window"] == f"{days} days"
    assert "defective items only" in set(terms["Accepted"])  # enums in words, never defect_only
    history = _frame(at, "Until")
    pasar = history[history["Store"] == "Pasar Kilat"]
    assert list(pasar["Value"]) == ["30 days", "14 days"]  # v1 → v2, oldest first
    assert [u == "—" for u in pasar["Until"]] == [False, True]


def test_prices_page_matches_and_positions(open_app, demo_db):
    at = open_app(demo_db["url"], "prices")
    pairs = _sql(demo_db["url"], "SELECT count(*) FROM products o JOIN stores os ON os.id = o.store_id AND os.own "
                                 "JOIN products c ON c.gtin = o.gtin AND c.store_id != o.store_id")[0][0]
    matched = _frame(at, "Matched by")
    assert len(matched) == pairs and set(matched["Matched by"]) == {"GTIN"}
    # Amounts are worded with their currency on screen; the currency columns are for the CSV only.
    assert all(str(v).startswith("Rp") for v in matched["Their price"]) and "Their currency" not in matched
    positions = _frame(at, "We are")
    metrics = {m.label: int(m.value) for m in at.metric}
    assert sum(metrics.values()) == len(positions)
    assert metrics["We are cheapest"] == (positions["We are"] == "cheapest").sum()
    history = _frame(at, "Price")
    assert {"Tokoku"} < set(history["Store"])
    assert not _frame(at, "Price index").empty


def test_changes_page_counts_filters_and_wording_diff(open_app, demo_db):
    url = demo_db["url"]
    at = open_app(url, "changes")  # the last 7 days: the whole demo
    total = _sql(url, "SELECT count(*) FROM change_events")[0][0]
    shown = [df.value for df in at.dataframe if "Change" in df.value.columns]
    assert sum(len(f) for f in shown) == total
    stores = _sql(url, "SELECT count(DISTINCT store_id) FROM change_events")[0][0]
    assert len(shown) == stores  # one table per store
    lines = [line for f in shown for line in f["Change"]]
    assert "Returns page text changed" in lines and not any("→ " in l and "wording" in l for l in lines)
    threats = open_app(url, "changes", impact="threat")
    assert threats.multiselect(key="impact").value == ["threat"]
    assert {v for df in threats.dataframe if "For us" in df.value.columns for v in df.value["For us"]} == {"threat"}
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    old = open_app(url, "changes", until=yesterday)
    assert "No changes match" in old.info[0].value
    store = open_app(url, "changes", store="pasar-kilat")
    assert store.selectbox(key="wording").options[0].startswith("Pasar Kilat: Returns page text changed")
    diff = next(e.proto.body for e in store.get("html") if "rw-diff" in e.proto.body)
    # the changed sentence only, word by word: 30 → 14 days
    assert "<del>30</del> <ins>14</ins>" in diff and diff.count("<li>") <= 3


def test_health_page_runs_freshness_and_items(open_app, demo_db):
    at = open_app(demo_db["url"], "health", config_dir=demo_db["config_dir"])
    latest = _frame(at, "Reasons")
    stores = _sql(demo_db["url"], "SELECT count(*) FROM stores")[0][0]
    assert len(latest) == stores
    fresh = _frame(at, "Freshness")
    assert len(fresh) == stores and set(fresh["Freshness"]) == {"fresh"}
    runs = _sql(demo_db["url"], "SELECT count(*) FROM crawl_runs")[0][0]
    assert len(_frame(at, "Started")) == runs


def test_sources_page_shows_config_and_errors(open_app, demo_db, tmp_path):
    from core.config import load_config_dir

    at = open_app(demo_db["url"], "sources", config_dir=demo_db["config_dir"])
    config = load_config_dir(demo_db["config_dir"])
    tables = [df.value for df in at.dataframe if "Render" in df.value.columns]
    assert [len(t) for t in tables] == [len(store.sources) for store in config.stores]
    assert not at.error
    broken = tmp_path / "competitors"
    broken.mkdir()
    (broken / "bad.yaml").write_text("slug: bad\nname: Bad\ncurrency: IDR\nsources: []\nsurprise: 1\n")
    bad = open_app(demo_db["url"], "sources", config_dir=str(broken))
    assert "problem" in bad.error[0].value
    errors = _frame(bad, "Problem")
    assert {"sources", "surprise"} <= set(errors["Field"])
