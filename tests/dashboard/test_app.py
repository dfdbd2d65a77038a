"""The Streamlit dashboard under ``AppTest`` on the sample database: numbers, markers, filters, safety."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import data
from storage import Database
from storage.service_levels import benchmark
from tests.dashboard.sample_db import XSS_TITLE, build_empty_db, build_sample_db

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
DASHBOARD = APP.parent


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(scope="module")
def sample_url(tmp_path_factory) -> str:
    return build_sample_db(tmp_path_factory.mktemp("dashboard") / "sample.sqlite")


def _app(monkeypatch, url: str) -> AppTest:
    monkeypatch.setenv("RIVALWATCH_DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception, at.exception
    return at


def _frames(at: AppTest) -> list:
    return [element.value for element in at.dataframe]


def test_overview_shows_stores_and_the_databases_numbers(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url)
    overview = _frames(at)[0].set_index("Store")
    assert list(overview.index) == ["Tokoku (own)", "Rival A", "Rival B"]
    bench = benchmark(Database.connect(sample_url))
    threshold = bench.loc["rival-a", "free_shipping_threshold"]
    assert f"{threshold:,} IDR or more" in overview.loc["Rival A", "Free shipping from"]  # 150,000 IDR
    assert overview.loc["Rival A", "Price index"].startswith(f"{bench.loc['rival-a', 'price_index']} (2 matched)")
    assert overview.loc["Rival B", "Price index"].startswith("105.0")
    assert "12,000 IDR" in overview.loc["Rival A", "Cheapest shipping"]


def test_overview_marks_where_we_are_worse_with_text(monkeypatch, sample_url):
    overview = _frames(_app(monkeypatch, sample_url))[0].set_index("Store")
    rival_a, rival_b = overview.loc["Rival A"], overview.loc["Rival B"]
    assert rival_a["Cheapest shipping"].endswith(data.WORSE)
    assert rival_a["Return window"] == f"30 days from delivery  {data.WORSE}"
    assert rival_a["Price index"].endswith(data.WORSE)
    assert "longer return window" in rival_a["Where they beat us"]
    assert data.WORSE not in rival_b["Cheapest shipping"] and data.WORSE not in rival_b["Price index"]
    assert not any(data.WORSE in str(cell) for cell in overview.loc["Tokoku (own)"])


def test_overview_lists_latest_changes_and_evidence_links(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url)
    frames = _frames(at)
    changes = next(f for f in frames if "Summary" in f.columns)
    assert "Economy: price 9000 → 12000" in " ".join(changes["Summary"])
    evidence = [f for f in frames if "Source" in f.columns]
    assert len(evidence) == 3  # one expander per store
    links = {link for frame in evidence for link in frame["Source"].dropna()}
    assert "https://rival-a.example/shipping" in links
    assert all(link.startswith(("http://", "https://")) for link in links)
    rival_a = next(f for f in evidence if "https://rival-a.example/shipping" in set(f["Source"]))
    threshold = rival_a[rival_a["Field"] == "free_shipping_threshold"].iloc[0]
    assert (threshold["Used in"], threshold["Value"]) == ("Free shipping from", "150000 IDR or more")
    assert len(at.get("download_button")) == len(frames)  # a CSV download under every table


def test_changes_page_lists_the_change_and_filters_by_url(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url)
    at.switch_page("app_pages/changes.py").run()
    assert not at.exception, at.exception
    changes = _frames(at)[0]
    assert "Economy: price 9000 → 12000" in " ".join(changes["Summary"])
    assert set(changes["Store"]) == {"Rival A"}
    at.selectbox(key="store").select("rival-a").run()
    at.date_input(key="since").set_value(date(2026, 11, 8)).run()
    assert len(_frames(at)[0]) == 3
    at.date_input(key="since").set_value(date(2026, 11, 9)).run()
    assert "No changes match" in at.info[0].value
    # The filters are bound to the URL: a session opened on a shared link ?store=rival-b starts there.
    shared = _app(monkeypatch, sample_url).switch_page("app_pages/changes.py")
    shared.query_params["store"] = "rival-b"
    shared.run()
    assert shared.selectbox(key="store").value == "rival-b"
    assert "No changes match" in shared.info[0].value


def test_scraped_html_is_shown_as_literal_text(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url)
    at.switch_page("app_pages/changes.py").run()
    changes = _frames(at)[0]
    assert XSS_TITLE in list(changes["Subject"])
    assert f"new product: {XSS_TITLE}" in list(changes["Summary"])
    source = "".join(p.read_text() for p in DASHBOARD.rglob("*.py"))
    assert not re.search(r"unsafe_allow_html\s*=\s*True|\bst\.html\(|components\.html\(|streamlit\.components", source)


def test_empty_database_shows_the_empty_state(monkeypatch, tmp_path):
    at = _app(monkeypatch, build_empty_db(tmp_path / "empty.sqlite"))
    assert "No data yet" in at.info[0].value and "rivalwatch demo" in at.info[0].value
    assert not at.dataframe
    at.switch_page("app_pages/changes.py").run()
    assert "No data yet" in at.info[0].value


def test_unmigrated_database_says_how_to_fix(monkeypatch, tmp_path):
    at = _app(monkeypatch, f"sqlite:///{tmp_path / 'blank.sqlite'}")
    assert "rivalwatch db upgrade" in at.warning[0].value


def test_safe_link_keeps_only_http_links():
    assert data.safe_link("https://shop.example/p?a=<b>") == "https://shop.example/p?a=<b>"
    for bad in ("javascript:alert(1)", " javascript:alert(1)", "data:text/html,x", "file:///etc/passwd",
                "//evil.example", "https:///nohost", None, ""):
        assert data.safe_link(bad) is None
