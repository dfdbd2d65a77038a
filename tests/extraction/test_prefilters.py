"""The cheap keyword prefilters that decide whether a page needs the costly extraction steps.

They must answer exactly what a case-insensitive search of the page would (``word in
page.lower()``), with the Aho–Corasick automaton and with the plain substring fallback, and the
product page object must still run its heuristics on every page whose wording needs them, in any
letter case (accented capitals included).
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from spiders.middlewares.blocking import classify
from spiders.pages import extract_product
from spiders.pages.keywords import KeywordSet, fold
from spiders.pages.page_prefilters import _START_WORDS, _WAS_WORDS

URL = "https://shop.example/p/1"
TEXTS = [
    "", "<p>nothing to see</p>", "<p>WAS Rp 10.000</p>", "Prix Conseillé 12 €", "PRIX CONSEILLÉ 12 €",
    "MISE À PRIX 100 €", "mise à prix", "Starting at $5", "通常価格 1.000円", "定価", "起拍价 ¥50",
    "★★★★ review: it wastart", "RRP £9 🎉", "İstanbul uvp", "statt 9,99 €", "Precio Anterior: 5",
]


@pytest.mark.parametrize("use_automaton", [True, False], ids=["automaton", "substring-scan"])
def test_keyword_sets_answer_like_a_lowered_search(use_automaton):
    for words in (_START_WORDS, _WAS_WORDS, ["was", "start"], ["mise à prix"]):
        keywords = KeywordSet(words, use_automaton=use_automaton)
        for text in TEXTS:
            expected = any(word in text.lower() for word in words)
            assert keywords.found_in(fold(text)) == expected, (words, text)


def _priced_page(label: str) -> str:
    ld = {"@type": "Product", "name": "Pillows", "offers": {
        "@type": "Offer", "price": 150, "priceCurrency": "EUR", "availability": "https://schema.org/InStock"}}
    return (f'<html><head><script type="application/ld+json">{json.dumps(ld)}</script></head><body>'
            '<h1 class="title">Pillows</h1><div class="price-box"><span class="price">150,00 €</span>'
            f'<span class="old">{label}: 200,00 €</span></div><button class="add-to-cart">Add to cart</button>'
            '</body></html>')


@pytest.mark.parametrize("label", ["Prix conseillé", "PRIX CONSEILLÉ", "Was", "WAS"])
def test_was_price_wording_in_any_case_still_runs_the_heuristics(label):
    item = extract_product(_priced_page(label), URL)
    assert (item.price, item.was_price, item.provenance.get("was_price")) == (
        Decimal("150"), Decimal("200.00"), "heuristic:was-price-label"), item


def test_page_without_was_wording_keeps_the_structured_answer():
    item = extract_product(_priced_page("Delivery"), URL)
    assert (item.price, item.was_price, item.provenance["price"]) == (Decimal("150"), None, "jsonld:Offer.price")


def _auction(start_label: str) -> str:
    ld = {"@type": "Product", "name": "Pillows", "offers": {"@type": "Offer", "price": 150, "priceCurrency": "USD",
                                                           "availability": "https://schema.org/InStock"}}
    return (f'<html><head><script type="application/ld+json">{json.dumps(ld)}</script></head><body>'
            '<h1 class="title">Pillows</h1><div class="bidding"><div class="status"><span class="price">$200</span>'
            f'<span class="count">2 bids</span></div><span>{start_label}</span><button>Place Bid</button></div>'
            '</body></html>')


@pytest.mark.parametrize("label", ["Starting Price $150", "MISE À PRIX 150 $", "Mise à prix 150 $"])
def test_auction_wording_in_any_case_still_runs_the_heuristics(label):
    assert extract_product(_auction(label), URL).price == Decimal("200")


@pytest.mark.parametrize("marker", ["CF-CHL-BYPASS", "DataDome", "/CDN-CGI/CHALLENGE-platform"])
def test_block_markers_in_any_case_and_beside_non_ascii_text(marker):
    page = f"<html><head><title>Héllo ★</title></head><body><script src='{marker}.js'></script>" + "x" * 60_000
    assert classify(page) == "blocked"
    assert classify(page.replace(marker, "ordinary")) is None
