"""The bundled demo stores: servers, configs, versions and the EXPECTED / CHANGES they promise."""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import urllib.error
import urllib.request
from decimal import Decimal
from urllib.parse import urljoin, urlsplit

import pytest
from parsel import Selector

from core.config import load_config_dir
from rivalwatch.demo.catalog import GULA, KOPI, MADU
from rivalwatch.demo.configs import write_demo_configs
from rivalwatch.demo.expected import CHANGES, EXPECTED, diff_facts
from rivalwatch.demo.server import DemoStores

_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy


def fetch(url: str) -> tuple[int, str, bytes]:
    """(status, content type, body) of a GET, also for 4xx/5xx answers."""
    try:
        with _OPENER.open(url, timeout=5) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.headers["Content-Type"], exc.read()


def get_json(url: str):
    status, content_type, body = fetch(url)
    assert (status, content_type) == (200, "application/json; charset=utf-8"), url
    return json.loads(body)


def jsonld(body: bytes) -> list[dict]:
    scripts = Selector(text=body.decode()).css('script[type="application/ld+json"]::text').getall()
    return [json.loads(text) for text in scripts]


@pytest.fixture(scope="module")
def demo():
    with DemoStores() as stores:
        yield stores


@pytest.fixture
def v1(demo):
    demo.set_version(1)
    yield demo
    demo.set_version(1)


@pytest.fixture
def configs(demo, tmp_path):
    paths = write_demo_configs(tmp_path, demo.base_urls)
    config_set = load_config_dir(tmp_path)
    assert [str(e) for e in config_set.errors] == []
    assert len(paths) == 4
    return config_set


def _demo_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name.startswith("demo-store-")}


def test_servers_bind_port_0_one_origin_each_and_stop_cleanly():
    before = _demo_threads()  # another fixture's servers may be running
    stores = DemoStores().start()
    assert len(_demo_threads() - before) == 4
    urls = dict(stores.base_urls)
    ports = {urlsplit(u).port for u in urls.values()}
    assert set(urls) == {"tokoku", "belanja-cepat", "kedai-rumah", "pasar-kilat"}
    assert len(ports) == 4 and all(urlsplit(u).hostname == "127.0.0.1" for u in urls.values())
    assert fetch(urls["tokoku"] + "/")[0] == 200
    stores.stop()
    assert _demo_threads() == before
    for port in ports:
        with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            pass


def test_configs_validate_with_one_own_store(configs):
    assert configs.own.slug == "tokoku" and configs.own.declared.support.live_chat is True
    assert [s.slug for s in configs.stores if s.needs_browser] == ["pasar-kilat"]
    kinds = {s.slug: sorted({src.kind for src in s.sources}) for s in configs.stores}
    assert kinds["tokoku"] == ["listing", "returns", "shipping", "support"]
    assert kinds["belanja-cepat"] == ["returns", "shipping", "sitemap", "support"]
    assert kinds["kedai-rumah"] == ["returns", "shipping", "shopify", "support"]
    assert kinds["pasar-kilat"] == ["product", "returns", "shipping", "support"]


@pytest.mark.parametrize("version", [1, 2])
def test_every_config_url_answers_200_with_its_content_type(demo, configs, version):
    demo.set_version(version)
    try:
        for store in configs.stores:
            for source in store.sources:
                status, content_type, body = fetch(source.url)
                wanted = "application/xml" if source.kind == "sitemap" else "text/html"
                assert (status, content_type) == (200, f"{wanted}; charset=utf-8"), source.url
                assert body
    finally:
        demo.set_version(1)


def test_robots_allow_all_and_unknown_paths_are_404(v1):
    for slug, base in v1.base_urls.items():
        status, content_type, body = fetch(base + "/robots.txt")
        assert status == 200 and content_type.startswith("text/plain")
        assert "Disallow" not in body.decode() and "Allow: /" in body.decode()
        assert fetch(base + "/no/such/page")[0] == 404
    assert fetch(v1.base_urls["tokoku"] + "/kategori/semua?page=3")[0] == 404
    assert fetch(v1.base_urls["pasar-kilat"] + "/api/products/999.json")[0] == 404


def test_every_internal_link_resolves(demo):
    for version in (1, 2):
        demo.set_version(version)
        for base in demo.base_urls.values():
            seen, queue = set(), ["/"]
            while queue:
                path = queue.pop()
                if path in seen:
                    continue
                seen.add(path)
                status, content_type, body = fetch(base + path)
                assert status == 200, base + path
                if content_type.startswith("text/html"):
                    for href in Selector(text=body.decode()).css("a::attr(href)").getall():
                        url = urlsplit(urljoin(base + path, href))
                        if url.scheme == "http" and f"{url.scheme}://{url.netloc}" == base:
                            queue.append(url.path + (f"?{url.query}" if url.query else ""))
            assert len(seen) >= 8
    demo.set_version(1)


def _tokoku_products(base: str) -> dict[str, dict]:
    products, page = {}, "/kategori/semua"
    while page:
        sel = Selector(text=fetch(base + page)[2].decode())
        for href in sel.css("a.product-link::attr(href)").getall():
            (ld,) = jsonld(fetch(base + href)[2])
            products[ld["gtin13"]] = ld
        page = sel.css("a[rel=next]::attr(href)").get()
    return products


def _offer_facts(ld: dict) -> dict:
    offer = ld["offers"]
    was = [s["price"] for s in offer.get("priceSpecification", []) if s["priceType"].endswith("StrikethroughPrice")]
    return {"sku": ld["sku"], "price": offer["price"], "was_price": was[0] if was else None,
            "availability": offer["availability"].rsplit("/", 1)[1]}


def _shopify_facts(variant: dict) -> dict:
    def amount(text: str | None) -> str | None:
        return None if text is None else format(Decimal(text).normalize(), "f")

    return {"sku": variant["sku"], "price": amount(variant["price"]),
            "was_price": amount(variant["compare_at_price"]),
            "availability": "InStock" if variant["available"] else "OutOfStock"}


def _subset(facts: dict, keys=("sku", "price", "was_price", "availability")) -> dict:
    return {k: facts[k] for k in keys}


@pytest.mark.parametrize("version", [1, 2])
def test_product_pages_publish_expected_offers(demo, version):
    demo.set_version(version)
    try:
        urls, expected = demo.base_urls, EXPECTED[version]
        tokoku = _tokoku_products(urls["tokoku"])
        assert {g: _offer_facts(ld) for g, ld in tokoku.items()} == {
            g: _subset(p) for g, p in expected["tokoku"]["products"].items()}

        locs = Selector(text=fetch(urls["belanja-cepat"] + "/sitemap.xml")[2].decode(), type="xml")
        locs.remove_namespaces()
        pages = [jsonld(fetch(loc)[2])[0] for loc in locs.xpath("//loc/text()").getall()]
        assert {ld["gtin13"]: _offer_facts(ld) for ld in pages} == {
            g: _subset(p) for g, p in expected["belanja-cepat"]["products"].items()}

        variants = [p["variants"][0] for p in get_json(urls["kedai-rumah"] + "/products.json?limit=250")["products"]]
        assert {v["barcode"]: _shopify_facts(v) for v in variants} == {
            g: _subset(p) for g, p in expected["kedai-rumah"]["products"].items()}

        for gtin, product in expected["pasar-kilat"]["products"].items():
            shell = Selector(text=fetch(urls["pasar-kilat"] + product["path"])[2].decode())
            assert shell.css(".product-price::text").get() is None and not jsonld(shell.get().encode())
            assert shell.css(".product::attr(data-gtin)").get() == gtin
            number = shell.css(".product::attr(data-product-id)").get()
            api = get_json(urls["pasar-kilat"] + f"/api/products/{number}.json")
            assert (api["gtin"], str(api["price"]), api["in_stock"]) == (
                gtin, product["price"], product["availability"] == "InStock")
    finally:
        demo.set_version(1)


def test_version_switch_changes_the_jsonld_price_and_stock(demo):
    base, products = demo.base_urls["belanja-cepat"], EXPECTED[1]["belanja-cepat"]["products"]
    seen = {}
    for version in (1, 2, 1):
        demo.set_version(version)
        madu = jsonld(fetch(base + products[MADU]["path"])[2])[0]["offers"]
        gula = jsonld(fetch(base + products[GULA]["path"])[2])[0]["offers"]
        seen.setdefault(version, []).append((madu["price"], gula["availability"]))
    assert seen == {1: [("125000", "https://schema.org/InStock")] * 2,
                    2: [("115000", "https://schema.org/OutOfStock")]}
    assert Decimal("115000") / Decimal("125000") == Decimal("0.92")


def test_products_json_paginates_like_shopify(v1):
    base = v1.base_urls["kedai-rumah"]
    pages = [get_json(f"{base}/products.json?limit=2&page={n}")["products"] for n in (1, 2, 3, 4)]
    assert [len(p) for p in pages] == [2, 2, 1, 0]
    handles = [p["handle"] for page in pages for p in page]
    assert len(set(handles)) == 5
    assert [p["handle"] for p in get_json(base + "/products.json")["products"]] == handles
    first = pages[0][0]
    assert first["title"] == "Kopi Arabika Gayo 250g" and first["variants"][0]["price"] == "92000.00"
    assert get_json(base + "/meta.json")["currency"] == "IDR"
    assert get_json(base + "/shop.json")["shop"]["currency"] == "IDR"
    assert get_json(base + f"/products/{first['handle']}.json")["product"] == first
    home = fetch(base + "/")[2].decode()
    assert "window.Shopify" in home and "Shopify.currency" in home and "cdn.shopify.com" in home


def test_policy_pages_publish_expected_shipping_and_returns(demo):
    for version in (1, 2):
        demo.set_version(version)
        urls, expected = demo.base_urls, EXPECTED[version]
        shipping, returns = expected["belanja-cepat"]["shipping"], expected["belanja-cepat"]["returns"]
        graph = jsonld(fetch(urls["belanja-cepat"] + "/info/pengiriman")[2])[0]["@graph"]
        rates = {n["name"]: (n["shippingRate"]["value"], n["deliveryTime"]["transitTime"]["maxValue"])
                 for n in graph if n["@type"] == "OfferShippingDetails"}
        assert rates == {o["name"]: (o["price"], o["max_days"]) for o in shipping["options"]}
        (settings,) = [n for n in graph if n["@type"] == "ShippingRateSettings"]
        assert settings["freeShippingThreshold"]["value"] == shipping["free_shipping_threshold"]["amount"]
        (org,) = jsonld(fetch(urls["belanja-cepat"] + "/info/pengembalian")[2])
        assert org["hasMerchantReturnPolicy"]["merchantReturnDays"] == returns["window_days"]

        api = get_json(urls["pasar-kilat"] + "/api/shipping.json")["options"]
        assert [(o["service"], str(o["price"])) for o in api] == [
            (o["name"], o["price"]) for o in expected["pasar-kilat"]["shipping"]["options"]]
        returns_text = fetch(urls["pasar-kilat"] + "/kebijakan-retur")[2].decode()
        window = expected["pasar-kilat"]["returns"]["window_days"]
        assert f"maksimal {window} hari setelah barang diterima" in returns_text

        kedai = fetch(urls["kedai-rumah"] + "/policies/shipping-policy")[2].decode()
        assert ("or more ship free" in kedai) == (version == 2)
        assert ("Rp 150.000" in kedai) == (version == 2)
    demo.set_version(1)


def test_expected_and_changes_are_self_consistent():
    assert sorted(map(json.dumps, diff_facts(EXPECTED[1], EXPECTED[2]))) == sorted(map(json.dumps, CHANGES))
    assert diff_facts(EXPECTED[1], EXPECTED[1]) == [] and diff_facts(EXPECTED[2], EXPECTED[2]) == []
    assert "tokoku" not in {c["store"] for c in CHANGES} and EXPECTED[1]["tokoku"] == EXPECTED[2]["tokoku"]
    for change in CHANGES:
        assert change["old"] != change["new"]
        if change["subject"].startswith("product:"):
            gtin = change["subject"].split(":", 1)[1]
            for version, key in ((1, "old"), (2, "new")):
                assert EXPECTED[version][change["store"]]["products"][gtin][change["field"]] == change[key]
    own = EXPECTED[1]["tokoku"]["products"]
    for slug, store in EXPECTED[1].items():  # every competitor product can be compared with our own
        assert store["currency"] == "IDR" and set(store["products"]) <= set(own), slug
        assert 2 <= len(store["shipping"]["options"]) <= 4
    assert EXPECTED[1]["pasar-kilat"]["products"][KOPI]["price"] == "88000"


def test_unchanged_version_answers_identically(demo):
    def snapshot() -> dict[str, bytes]:
        return {base + path: fetch(base + path)[2] for base in demo.base_urls.values()
                for path in ("/", "/sitemap.xml", "/products.json", "/api/shipping.json", "/pengiriman",
                             "/produk/101", "/item/madu-hutan-sumbawa-500ml", "/kategori/semua?page=2")}

    demo.set_version(2)
    first = snapshot()
    demo.set_version(1)
    demo.set_version(2)
    assert snapshot() == first
    demo.set_version(1)


def test_only_the_documented_policy_pages_change_between_versions(demo, configs):
    changed = {("belanja-cepat", "/info/pengiriman"), ("kedai-rumah", "/policies/shipping-policy"),
               ("pasar-kilat", "/kebijakan-retur")}
    seen = set()
    for store in configs.stores:
        for source in store.sources_of("shipping", "returns", "support"):
            bodies = []
            for version in (1, 2):
                demo.set_version(version)
                bodies.append(fetch(source.url)[2])
            if bodies[0] != bodies[1]:
                seen.add((store.slug, urlsplit(source.url).path))
    demo.set_version(1)
    assert seen == changed


def test_request_log_and_bad_versions(v1):
    v1.request_log.clear()
    fetch(v1.base_urls["kedai-rumah"] + "/products.json?limit=2&page=1")
    assert v1.request_log == [("kedai-rumah", "/products.json?limit=2&page=1")]
    with pytest.raises(ValueError):
        v1.set_version(3)
    with pytest.raises(ValueError):
        DemoStores(version=0)


def _chromium() -> str | None:
    return os.environ.get("RIVALWATCH_CHROMIUM") or shutil.which("chromium")


@pytest.mark.browser
@pytest.mark.skipif(_chromium() is None, reason="needs headless Chromium")
def test_pasar_kilat_prices_appear_only_after_javascript(demo):
    sync_api = pytest.importorskip("playwright.sync_api")
    base = demo.base_urls["pasar-kilat"]
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=_chromium(), args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            for version, price in ((1, "Rp88.000"), (2, "Rp84.000")):
                demo.set_version(version)
                page.goto(base + "/produk/101")
                page.wait_for_selector(".product-price:not(:empty)")
                assert (page.inner_text(".product-price"), page.inner_text(".stock")) == (price, "Stok tersedia")
            page.goto(base + "/pengiriman")
            page.wait_for_selector("#ongkir tbody tr")
            assert page.locator("#ongkir tbody tr").count() == 3
        finally:
            browser.close()
            demo.set_version(1)
