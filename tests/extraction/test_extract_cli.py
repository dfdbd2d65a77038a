"""``run_extract``: the function behind ``rivalwatch extract KIND SOURCE``.

Success prints the item as JSON (money as strings, ISO currency); every failure is exit code 2
with one ``error:`` line and no traceback.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from rivalwatch.extract_cmd import run_extract

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
JSONLD = {"@context": "https://schema.org", "@type": "Product", "name": "Kettle", "sku": "K-1",
          "offers": {"@type": "Offer", "price": "49.90", "priceCurrency": "eur",
                     "availability": "https://schema.org/InStock"}}
PAGE = f'<html><head><script type="application/ld+json">{json.dumps(JSONLD)}</script></head><body></body></html>'


def test_product_from_jsonld_html_file(tmp_path):
    source = tmp_path / "kettle.html"
    source.write_text(PAGE, encoding="utf-8")
    code, output = run_extract("product", str(source), url="https://shop.example/kettle")
    assert code == 0, output
    item = json.loads(output)
    assert (item["price"], item["currency"], item["availability"]) == ("49.9", "EUR", "InStock")
    assert item["url"] == "https://shop.example/kettle"
    assert item["provenance"]["price"] == "jsonld:Offer.price"


def test_gzip_and_json_sources(tmp_path):
    gz = tmp_path / "kettle.html.gz"
    gz.write_bytes(gzip.compress(PAGE.encode()))
    assert json.loads(run_extract("product", str(gz))[1])["price"] == "49.9"
    raw = tmp_path / "kettle.json"
    raw.write_text(json.dumps(JSONLD), encoding="utf-8")
    assert json.loads(run_extract("product", str(raw))[1])["sku"] == "K-1"


def test_page_without_product_is_not_an_error(tmp_path):
    source = tmp_path / "about.html"
    source.write_text("<html><body><h1>About</h1><p>Hello</p></body></html>", encoding="utf-8")
    code, output = run_extract("product", str(source))
    item = json.loads(output)
    assert code == 0 and item["price"] is None
    assert item["price_note"].startswith("no price found:")


@pytest.mark.parametrize("kind,source,message", [
    ("product", "missing.html", "error: file not found: missing.html"),
    ("prices", "x.html", "error: unknown kind 'prices'"),
    ("product", "ftp://example.com/x", "error: only http and https URLs are supported"),
])
def test_errors_are_one_line_exit_2(kind, source, message):
    code, output = run_extract(kind, source)
    assert code == 2 and output.startswith(message) and "\n" not in output, output


def test_binary_and_bad_gzip_files(tmp_path):
    binary = tmp_path / "logo.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    bad_gz = tmp_path / "page.html.gz"
    bad_gz.write_bytes(b"not gzip at all")
    for path, message in ((binary, "error: unreadable file"), (bad_gz, "error: not a valid gzip file")):
        code, output = run_extract("product", str(path))
        assert code == 2 and output.startswith(message) and "\n" not in output, output
    assert run_extract("product", str(tmp_path))[1].startswith("error: not a file")


def test_unreachable_url_is_one_line():
    code, output = run_extract("support", "http://127.0.0.1:9/")
    assert code == 2 and output.startswith("error: could not fetch") and "\n" not in output, output


def test_returns_and_shipping_from_jsonld(tmp_path):
    policy = {"@type": "MerchantReturnPolicy", "merchantReturnDays": 30,
              "returnPolicyCategory": "https://schema.org/MerchantReturnFiniteReturnWindow",
              "returnFees": "https://schema.org/FreeReturn"}
    source = tmp_path / "returns.json"
    source.write_text(json.dumps({"@type": "OnlineStore", "hasMerchantReturnPolicy": policy}), encoding="utf-8")
    item = json.loads(run_extract("returns", str(source))[1])
    assert (item["window_days"], item["free_returns"], item["accepted"]) == (30, True, "any")
    code, output = run_extract("shipping", str(source))
    assert code == 0 and json.loads(output)["options"] == []


def test_plain_text_goes_to_the_policy_parser(tmp_path):
    pytest.importorskip("spiders.pages.policy_text", reason="policy-text parser not installed yet")
    sample = SHARED / "policy_samples" / "en_02.txt"
    if not sample.exists():
        pytest.skip(f"shared policy samples not found at {sample}")
    code, output = run_extract("returns", str(sample))
    assert code == 0, output
    assert json.loads(output)["window_days"] == 30
