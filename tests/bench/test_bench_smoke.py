"""Smoke test: every benchmark runs end to end at a tiny size (CI proves the scripts work).

Sizes are far too small for meaningful figures; the assertions check the invariants the full-size
runs report on (same pages crawled by both pipelines, no growth from unchanged re-crawls, one fact
per changed price, feed requests counted at the server, an alert arriving at the webhook).
"""

from __future__ import annotations

from bench import alert_latency, platform_efficiency, storage_growth, throughput


def test_throughput_smoke(tmp_path):
    result = throughput.run(pages=20, runs=1, warmup=False, results_dir=tmp_path, quiet=True)
    bare, full = result["samples"]["bare"][0], result["samples"]["full"][0]
    # robots.txt + sitemap + 20 product pages + shipping + returns, for both pipelines
    assert bare["responses"] == full["responses"] == 24
    assert bare["products_priced"] == full["products_priced"] == 20
    assert full["run"]["healthy"] and full["run"]["applied"]
    assert result["settings_identical"]
    assert result["ratio_full_over_bare"] > 0
    assert (tmp_path / "throughput-latest.json").exists()


def test_storage_smoke(tmp_path):
    result = storage_growth.run(products=20, recrawls=2, pg_vacuum=False, results_dir=tmp_path, quiet=True)
    for backend in result["backends"]:
        assert backend["facts_added_by_recrawls"] == 0
        assert backend["events_from_recrawls"] == 0
        assert backend["changed_products"] == 1
        assert backend["facts_added_by_change"] == backend["changed_products"]
        assert backend["events_from_change"] == backend["changed_products"]
        assert all(p["staged_items"] == 0 for p in backend["phases"])
    assert result["backends"][0]["backend"] == "sqlite"


def test_platform_smoke(tmp_path):
    result = platform_efficiency.run(products=20, results_dir=tmp_path, quiet=True)
    shop, html = result["crawls"]["shopify"], result["crawls"]["sitemap"]
    assert shop["by_route"].get("products_json") == 1  # 20 products fit one page of 250
    assert html["by_route"].get("product_page") == 20
    assert shop["products_priced"] == html["products_priced"] == 20


def test_alerts_smoke(tmp_path):
    result = alert_latency.run(products=20, runs=1, warmup=False, results_dir=tmp_path, quiet=True)
    for mode in ("in-process", "cli"):
        (sample,) = result["samples"][mode]
        assert sample["events"] == 1 and sample["events_in_message"] == 1
        assert 0 < sample["latency_s"] < 30
