"""``rivalwatch add`` alone onboards a bookshop-like store (categories, pagination without rel=next,
no sitemap), a Shopify-like and a WooCommerce-like store; a crawl of the written YAML finds every product."""

from __future__ import annotations

from decimal import Decimal

import yaml

from tests.fakes.catalog_stores import BooksStore, ShopifyLikeStore, WooLikeStore
from tests.onboard.helpers import add, allow_private, crawl, prices


def test_bookshop_is_onboarded_and_every_book_crawled(tmp_path):
    config, url = tmp_path / "config", f"sqlite:///{tmp_path / 'rw.sqlite'}"
    allow_private(config)
    with BooksStore() as store:
        result = add(config, store.base_url + "/", "--slug", "books")
        assert result.returncode == 0, result.stderr
        written = yaml.safe_load((config / "books.yaml").read_text(encoding="utf-8"))
        listing = written["sources"][0]
        assert listing["kind"] == "listing" and listing["follow_categories"] is True
        assert {s["kind"] for s in written["sources"]} == {"listing", "shipping", "returns", "support"}
        assert written["currency"] == "GBP"
        assert f"products: {len(store.books())} found via listing" in result.stdout
        assert 'window_days: 30 — "You can return items within 30 days' in result.stdout
        assert "could not find: nothing missing" in result.stdout
        crawled = crawl(config, "books", url)
        assert crawled.returncode == 0, crawled.stderr[-3000:]
        expected = {store.base_url + path: Decimal(price) for path, price in store.books().items()}
    assert prices(url, "books") == expected, crawled.stderr[-3000:]


def test_add_refuses_to_overwrite_without_force(tmp_path):
    config = tmp_path / "config"
    allow_private(config)
    with BooksStore() as store:
        assert add(config, store.base_url + "/", "--slug", "books").returncode == 0
        again = add(config, store.base_url + "/", "--slug", "books")
        assert again.returncode == 1 and "exists; pass --force" in again.stderr and "Traceback" not in again.stderr
        assert add(config, store.base_url + "/", "--slug", "books", "--force").returncode == 0


def test_add_refuses_private_targets_unless_allowed(tmp_path):
    with BooksStore() as store:
        result = add(tmp_path / "config", store.base_url + "/")
    assert result.returncode == 1 and "non-public address" in result.stderr
    assert not (tmp_path / "config").exists() or not list((tmp_path / "config").glob("*.yaml"))


def test_platform_stores_are_onboarded_through_their_apis(tmp_path):
    config, url = tmp_path / "config", f"sqlite:///{tmp_path / 'rw.sqlite'}"
    allow_private(config)
    with ShopifyLikeStore() as shop, WooLikeStore() as woo:
        for slug, store in (("mugs", shop), ("teas", woo)):
            result = add(config, store.base_url + "/", "--slug", slug)
            assert result.returncode == 0, result.stderr
            written = yaml.safe_load((config / f"{slug}.yaml").read_text(encoding="utf-8"))
            kinds = [s["kind"] for s in written["sources"]]
            assert kinds == ["shopify" if store is shop else "woocommerce", "shipping", "returns", "support"], kinds
            crawled = crawl(config, slug, url)
            assert crawled.returncode == 0, crawled.stderr[-3000:]
        assert len(prices(url, "mugs")) == shop.count
        assert len(prices(url, "teas")) == woo.count


def test_add_obeys_robots_txt_names_the_contact_and_keeps_to_its_budget(tmp_path):
    config = tmp_path / "config"
    allow_private(config)
    (config / "rivalwatch.yaml").write_text("allow_private_targets: true\nuser_agent_contact: mailto:ops@rival-watch.example\n",
                                            encoding="utf-8")
    with BooksStore() as store:
        store.robots = "User-agent: *\nDisallow: /catalogue/category/books/mystery_3/\n"
        result = add(config, store.base_url + "/", "--slug", "books")
        assert result.returncode == 0, result.stderr
        assert not [p for p in store.hits if p.startswith("/catalogue/category/books/mystery_3/")]
        assert store.user_agents == {"RivalWatch/0.1 (+mailto:ops@rival-watch.example; price and policy monitoring)"}
        small = add(config, store.base_url + "/", "--slug", "books-small", "--budget", "15")
    assert small.returncode == 0, small.stderr
    assert "the product count is a lower bound" in small.stdout


def test_add_refuses_a_second_own_store(tmp_path):
    config = tmp_path / "config"
    allow_private(config)
    with BooksStore() as store:
        assert add(config, store.base_url + "/", "--slug", "mine", "--own").returncode == 0
        second = add(config, store.base_url + "/", "--slug", "other", "--own")
    assert second.returncode == 1 and "mine is already the own store" in second.stderr
    assert not (config / "other.yaml").exists()
