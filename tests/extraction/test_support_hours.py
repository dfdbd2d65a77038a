"""Support hours versus durations: "dikirim maks. 1x24 jam" is shipping speed, not 24/7 support.

The demo's own store (tokoku) states "Pesanan dikirim maks. 1x24 jam" on its shipping page and its
real hours "Senin–Sabtu 08.00–20.00 WIB" on its contact page; served by the real demo server here.
"""

from __future__ import annotations

import urllib.request

import pytest

from rivalwatch.demo.expected import EXPECTED
from rivalwatch.demo.server import DemoStores
from spiders.pages.support import extract_support

URL = "https://shop.example/kontak"


@pytest.fixture(scope="module")
def tokoku():
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with DemoStores() as stores:
        base = stores.base_urls["tokoku"]
        yield {path: opener.open(base + path, timeout=5).read() for path in ("/kontak", "/pengiriman", "/retur")}


def test_demo_store_is_not_24_7_and_its_hours_are_read(tokoku):
    pages = {path: extract_support(body, "http://tokoku.test" + path) for path, body in tokoku.items()}
    assert [item.hours_24_7 for item in pages.values()] == [None, None, None]
    assert pages["/kontak"].hours == EXPECTED[1]["tokoku"]["support"]["hours"] == "Senin–Sabtu 08.00–20.00 WIB"
    assert pages["/pengiriman"].hours is None  # "Ambil di toko: Senin–Sabtu 09.00–17.00" is pick-up hours


@pytest.mark.parametrize("text", [
    "Pesanan dikirim maks. 1x24 jam setelah pembayaran.", "Dikirim dalam 2×24 jam.",
    "We reply within 24 hours.", "ご注文から24時間以内に発送します。", "Refunds are issued 24 hours after approval.",
])
def test_durations_are_not_round_the_clock_support(text):
    assert extract_support(f"<p>{text}</p>", URL).hours_24_7 is None


@pytest.mark.parametrize("text", [
    "Layanan pelanggan 24 jam", "CS online 24/7", "24時間受付", "We answer the phone 24 hours a day.",
])
def test_round_the_clock_statements_still_count(text):
    item = extract_support(f"<p>{text}</p>", URL)
    assert (item.hours_24_7, item.hours) == (True, "24/7")
