"""``rivalwatch try`` previews listings (product links, next page) and a store's own settings
(``--config DIR --store SLUG``), and never presents a listing page as an invented product."""

from __future__ import annotations

import subprocess
import sys

from tests.fakes.catalog_stores import BooksStore
from tests.onboard.helpers import REPO, add, allow_private


def _try(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rivalwatch", "try", *args], capture_output=True, text=True,
                          timeout=120, cwd=REPO)


def test_a_listing_url_is_shown_as_a_listing_not_as_a_product(tmp_path):
    with BooksStore() as store:
        travel = f"{store.base_url}/catalogue/category/books/travel_2/index.html"
        guessed = _try(travel, "--allow-private")
        explicit = _try(travel, "--kind", "listing", "--allow-private")
        product = _try(f"{store.base_url}{next(iter(store.books()))}", "--allow-private", "--currency", "GBP")
    assert guessed.returncode == 0, guessed.stderr
    assert "note: this looks like a listing page (10 product links" in guessed.stdout
    assert "price" not in guessed.stdout.split("note:")[1].split("\n", 1)[1]  # no invented product price
    for result in (guessed, explicit):
        assert result.stdout.startswith("listing page") or "\nlisting page" in result.stdout or "listing page" in result.stdout
        assert f"{store.base_url}/catalogue/category/books/travel_2/page-2.html" in result.stdout
        assert "product_links            10" in result.stdout
    assert "product page" in product.stdout and "price" in product.stdout and "17.07" in product.stdout


def test_try_with_a_store_uses_its_sources_and_settings(tmp_path):
    config = tmp_path / "config"
    allow_private(config)
    with BooksStore() as store:
        assert add(config, store.base_url + "/", "--slug", "books").returncode == 0
        every_source = _try("--config", str(config), "--store", "books")
        one_product = _try(f"{store.base_url}{next(iter(store.books()))}", "--config", str(config), "--store", "books")
        unknown = _try("--config", str(config), "--store", "nope")
    assert every_source.returncode == 0, every_source.stderr
    assert every_source.stdout.count("── books:") == 4
    assert "listing page" in every_source.stdout and "categories" in every_source.stdout
    assert "returns page" in every_source.stdout and "window_days" in every_source.stdout
    assert one_product.returncode == 0 and "GBP" in one_product.stdout  # the store's currency, no --currency
    assert unknown.returncode == 1 and "no valid store 'nope'" in unknown.stderr and "Traceback" not in unknown.stderr
