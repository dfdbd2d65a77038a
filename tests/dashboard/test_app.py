"""The Streamlit dashboard under ``AppTest`` on the sample database: numbers, markers, filters, safety."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import data
from storage import Database
from storage.service_levels import benchmark
from tests.dashboard.sample_db import XSS_TITLE, build_empty_db, build_sample_db

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
DASHBOARD = APP.parent


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


def _html(at: AppTest) -> str:
    return "\n".join(element.proto.body for element in at.get("html"))


def _grid(at: AppTest) -> str:
    """The benchmark grid (levels × stores) of the Overview."""
    return next(e.proto.body for e in at.get("html") if 'class="rw-bench"' in e.proto.body)


def test_overview_shows_stores_and_the_databases_numbers(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url)
    grid = _grid(at)
    assert grid.index("Tokoku (us)") < grid.index("Rival A") < grid.index("Rival B")  # own store first
    bench = benchmark(Database.connect(sample_url))
    assert bench.loc["rival-a", "free_shipping_threshold"] == 150000
    assert "Rp 150.000 or more" in grid and "Rp 250.000 or more" in grid  # one way to write a threshold
    assert f"{bench.loc['rival-a', 'price_index']} (−5.0%, 2 matched)" in grid
    assert "105.0 (+5.0%, 2 matched)" in grid
    assert "Rp 12.000 (3–5 days)" in grid


def test_overview_marks_better_or_worse_than_us_in_words(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url)
    grid = _grid(at)
    rows = {row.split("</th>", 1)[0].rsplit(">", 1)[-1]: row for row in grid.split("<tr>")[2:]}
    cells = rows["Cheapest shipping"].split("<td")[1:]
    assert "better than us" not in cells[0] and "worse than us" not in cells[0]  # nothing marked on ours
    assert "▲ better than us" in cells[1] and "rw-threat" in cells[1]  # Rival A: text and colour
    assert "▼ worse than us" in cells[2] and "rw-win" in cells[2]
    assert "Return window</b>: Rival A takes returns for 30 days from delivery; we take returns for 7 days" in _html(at)


def test_overview_lists_where_we_lose_with_evidence_links(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url)
    lines = _html(at)
    assert lines.index("We lose") < lines.index("Level") < lines.index("Unknown")
    assert '<a href="https://rival-a.example/returns"' in lines  # evidence of the return window
    assert "No changes in the last 7 days" in at.info[0].value  # the sample's changes are weeks old
    frames = _frames(at)
    evidence = [f for f in frames if "Source" in f.columns]
    assert len(evidence) == 3  # one expander per store
    links = {link for frame in evidence for link in frame["Source"] if link}
    assert "https://rival-a.example/shipping" in links
    assert all(link.startswith(("http://", "https://")) for link in links)
    rival_a = next(f for f in evidence if "https://rival-a.example/shipping" in set(f["Source"]))
    threshold = rival_a[rival_a["Field"] == "free-shipping threshold"].iloc[0]
    assert (threshold["Used in"], threshold["Value"]) == ("Free shipping from", "Rp 150.000 or more")
    assert len(at.get("download_button")) == len(frames) + 1  # a CSV under every table and the benchmark


def test_changes_page_lists_the_change_and_filters_by_url(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url)
    at.switch_page("app_pages/changes.py").run()
    assert not at.exception, at.exception
    assert at.date_input(key="since").value == date.today() - timedelta(days=7)  # "last 7 days" by default
    assert "No changes match" in at.info[0].value
    at.date_input(key="since").set_value(date(2026, 11, 1)).run()
    changes = _frames(at)[0]
    assert "Economy: price Rp 9.000 → Rp 12.000 (+33.3%)" in list(changes["Change"])
    assert at.subheader[0].value.startswith("Rival A")  # grouped by store
    at.selectbox(key="store").select("rival-a").run()
    at.date_input(key="since").set_value(date(2026, 11, 8)).run()
    assert len(_frames(at)[0]) == 3
    at.date_input(key="since").set_value(date(2026, 11, 9)).run()
    assert "No changes match" in at.info[0].value
    # The filters are bound to the URL: a session opened on a shared link ?store=rival-b starts there.
    shared = _app(monkeypatch, sample_url).switch_page("app_pages/changes.py")
    shared.query_params["store"] = "rival-b"
    shared.query_params["since"] = "2026-11-01"
    shared.run()
    assert shared.selectbox(key="store").value == "rival-b"
    assert "No changes match" in shared.info[0].value


def test_changes_are_threats_or_opportunities_from_our_side(open_app, sample_url):
    at = open_app(sample_url, "changes", since="2026-11-01")
    changes = _frames(at)[0].set_index("Change")
    assert changes.loc["Economy: price Rp 9.000 → Rp 12.000 (+33.3%)", "For us"] == "opportunity"
    cut = next(c for c in changes.index if "Rp 90.000 → Rp 85.000" in c)
    assert changes.loc[cut, "For us"] == "threat" and "(GTIN " in cut  # names the product's key
    only = open_app(sample_url, "changes", since="2026-11-01", impact="threat")
    assert set(_frames(only)[0]["For us"]) == {"threat"}


def test_scraped_html_is_shown_as_literal_text(open_app, sample_url):
    at = open_app(sample_url, "changes", since="2026-11-01")
    changes = _frames(at)[0]
    assert any(XSS_TITLE in line for line in changes["Change"])
    for page in ("overview", "changes"):
        assert "<img" not in _html(open_app(sample_url, page, since="2026-11-01"))
    # st.html only for HTML built by benchmark_view / shaping (every value escaped there).
    source = "".join(p.read_text() for p in DASHBOARD.rglob("*.py"))
    assert not re.search(r"unsafe_allow_html\s*=\s*True|components\.html\(|streamlit\.components", source)
    calls = re.findall(r"\bst\.html\(([^)]*)\)", source)
    assert calls and all(re.match(r"data\.(standings_html|benchmark_grid)\(|data\.shaping\.diff_html\(", c)
                         for c in calls), calls


@pytest.mark.parametrize("page", ["overview", "shipping", "returns", "prices", "changes", "health"])
def test_empty_database_shows_the_empty_state(open_app, tmp_path, page):
    at = open_app(build_empty_db(tmp_path / "empty.sqlite"), page)
    assert "No data yet" in at.info[0].value and "rivalwatch demo" in at.info[0].value
    assert not at.dataframe


def test_sources_page_works_without_a_database(open_app, tmp_path):
    config = tmp_path / "competitors"
    config.mkdir()
    (config / "shop.yaml").write_text(
        "slug: shop\nname: Shop\ncurrency: IDR\nsources:\n  - kind: product\n    url: https://shop.example/p/1\n")
    at = open_app(f"sqlite:///{tmp_path / 'none.sqlite'}", "sources", config_dir=str(config))
    sources = next(df.value for df in at.dataframe if "Render" in df.value.columns)
    assert list(sources["URL"]) == ["https://shop.example/p/1"]
    assert set(sources["Last data from this URL"]) == {"—"}  # unknown reads —, never None


def test_unmigrated_database_says_how_to_fix(monkeypatch, tmp_path):
    at = _app(monkeypatch, f"sqlite:///{tmp_path / 'blank.sqlite'}")
    assert "rivalwatch db upgrade" in at.warning[0].value


def test_safe_link_keeps_only_http_links():
    assert data.safe_link("https://shop.example/p?a=<b>") == "https://shop.example/p?a=<b>"
    for bad in ("javascript:alert(1)", " javascript:alert(1)", "data:text/html,x", "file:///etc/passwd",
                "//evil.example", "https:///nohost", None, ""):
        assert data.safe_link(bad) is None


def test_every_page_renders_on_the_sample_database(open_app, sample_url):
    for page in ("overview", "shipping", "returns", "prices", "changes", "health"):
        at = open_app(sample_url, page, since="2026-11-01")
        assert at.dataframe, page
        assert len(at.get("download_button")) >= len(at.dataframe), page  # a CSV under every table


def test_injected_title_reaches_every_table_as_text(open_app, sample_url):
    at = open_app(sample_url, "changes", store="rival-a", since="2026-11-01")
    assert any(XSS_TITLE in line for line in _frames(at)[0]["Change"])
    assert any(f"Rival A: New product: {XSS_TITLE}" in o for o in at.selectbox(key="change").options)
    for page in ("overview", "changes", "prices"):  # never inside markdown, where it could become markup
        assert not any(XSS_TITLE in m.value for m in open_app(sample_url, page).markdown)


def test_analyst_confirms_a_suggested_match(open_app, tmp_path):
    from storage.models import Product
    from sqlalchemy import select
    from tests.dashboard.sample_db import RIVAL_B, SECOND_CRAWL, crawl, product_item, rival_b_items

    url = build_sample_db(tmp_path / "match.sqlite")
    db = Database.connect(url)
    extra = product_item("rival-b.example", "Kopi Gayo 250 gram", "98000", sku="B-99")
    crawl(db, RIVAL_B.slug, [*rival_b_items(), extra], SECOND_CRAWL)
    at = open_app(url, "prices")
    suggested = next(df.value for df in at.dataframe if "score" in df.value.columns)
    row = suggested[suggested["title"] == "Kopi Gayo 250 gram"].iloc[0]
    assert row["own_title"] == "Kopi Gayo 250 g"
    pick = next(i for i, label in enumerate(at.selectbox(key="suggestion").options) if "Kopi Gayo 250 gram" in label)
    at.selectbox(key="suggestion").select_index(pick).run()
    at.button(key="confirm-match").click().run()
    assert not at.exception
    with db.session() as s:
        linked = s.scalar(select(Product.own_product_id).where(Product.key == "sku:B-99"))
        own = s.scalar(select(Product.id).where(Product.title == "Kopi Gayo 250 g"))
    assert linked == own
    matched = next(df.value for df in at.dataframe if "Matched by" in df.value.columns)
    assert "confirmed" in set(matched["Matched by"])


def test_config_errors_mask_values_of_the_settings_file(open_app, tmp_path, sample_url):
    config = tmp_path / "competitors"
    config.mkdir()
    (config / "rivalwatch.yaml").write_text("channels:\n  - name: team\n    url: ftp://user:s3cret@hooks.example/x\n")
    at = open_app(sample_url, "sources", config_dir=str(config))
    errors = next(df.value for df in at.dataframe if "Problem" in df.value.columns)
    settings = errors[errors["File"].str.endswith("rivalwatch.yaml")]
    assert not settings.empty and set(settings["Value"].dropna()) <= {"***"}
    assert not any("s3cret" in str(v) for v in errors.to_numpy().ravel())


def _try_url(at, target: str):
    at.text_input(key="try-url").input(target)
    next(b for b in at.button if b.label == "Preview").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_try_url_shows_fields_and_html_errors_as_text(open_app, monkeypatch, sample_url):
    from spiders import preview

    calls = []

    def fake(url, **kwargs):
        calls.append((url, kwargs))
        if "broken" in url:
            return preview.PreviewResult(ok=False, url=url, error="<script>alert(1)</script> 503 from site")
        return preview.PreviewResult(ok=True, url=url, final_url=url, status=200, kind="product",
                                     fields=[("title", XSS_TITLE, "jsonld:Product.name"), ("price", "100", None)],
                                     missing=["gtin"])

    monkeypatch.setattr(preview, "preview_url", fake)
    at = _try_url(open_app(sample_url, "sources"), "https://shop.example/p/1")
    fields = next(df.value for df in at.dataframe if "Provenance" in df.value.columns and "Field" in df.value.columns)
    assert list(fields["Value"]) == [XSS_TITLE, "100"]
    assert calls[0][1]["allow_private"] is True  # served on loopback
    broken = _try_url(open_app(sample_url, "sources"), "https://shop.example/broken")
    assert broken.code[0].value == "<script>alert(1)</script> 503 from site"  # a code block is text
    bad = _try_url(open_app(sample_url, "sources"), "javascript:alert(1)")
    assert any("http(s) URL" in e.value for e in bad.error) and len(calls) == 2


def test_try_url_without_preview_module(open_app, monkeypatch, sample_url):
    monkeypatch.setattr("dashboard.preview_box._preview_function", lambda: None)
    at = open_app(sample_url, "sources")
    assert any("not available" in i.value for i in at.info)


def test_health_page_lists_a_price_held_as_suspect(open_app, tmp_path):
    from tests.dashboard.sample_db import RIVAL_B, SECOND_CRAWL, crawl, product_item, rival_b_items

    url = build_sample_db(tmp_path / "suspect.sqlite")
    db = Database.connect(url)
    items = [i for i in rival_b_items() if i.get("title") != "Kopi"]
    items.append(product_item("rival-b.example", "Kopi", "1000", gtin="0000000000017", sku="B-17"))  # was 100000
    assert crawl(db, RIVAL_B.slug, items, SECOND_CRAWL + timedelta(days=1)) == 0  # held, not reported
    db.dispose()
    at = open_app(url, "health", config_dir=str(tmp_path / "no-configs"))
    held = next(df.value for df in at.dataframe if "Suspect price" in df.value.columns)
    assert list(held["Product"]) == ["Kopi"]
    assert held.iloc[0]["Suspect price"] == "1000" and held.iloc[0]["30-day median"] == "100000"
    assert held.iloc[0]["Seen in runs"] == "1 of 3"
