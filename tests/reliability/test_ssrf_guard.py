"""SSRF (reliability.md group A): address rules, scheme rules, redirects and the preview paths."""

from __future__ import annotations

import ipaddress

import pytest

from core.config.models import check_http_url
from core.netguard import BlockedAddress, check_host, is_public, parse_literal
from spiders.preview import preview_url
from core.safe_fetch import FetchError, fetch
from tests.browser_support import require_chromium

BLOCKED = [
    "127.0.0.1", "10.0.0.1", "172.16.0.1", "192.168.1.1", "169.254.169.254", "::1", "fc00::1", "fe80::1",  # A4
    "100.64.0.1", "0.0.0.0", "224.0.0.1", "::ffff:127.0.0.1", "::ffff:100.64.0.1", "2002:7f00:1::",  # A5
]


@pytest.mark.parametrize("address", BLOCKED)
def test_non_public_addresses_are_blocked(address):
    assert not is_public(ipaddress.ip_address(address))
    with pytest.raises(BlockedAddress):
        check_host(address)


@pytest.mark.parametrize("host", ["2130706433", "0177.0.0.1", "0x7f000001"])  # A6
def test_alternate_ipv4_encodings_are_recognised(host):
    assert str(parse_literal(host)) == "127.0.0.1"
    with pytest.raises(BlockedAddress):
        check_host(host)


def test_public_addresses_pass():
    assert is_public(ipaddress.ip_address("93.184.215.14"))
    assert is_public(ipaddress.ip_address("2606:4700:4700::1111"))


def test_any_private_record_blocks(monkeypatch):  # A7
    import core.netguard as guard

    monkeypatch.setattr(guard, "resolve", lambda host, port=None: [ipaddress.ip_address("93.184.215.14"),
                                                                   ipaddress.ip_address("10.0.0.5")])
    with pytest.raises(BlockedAddress, match="10.0.0.5"):
        check_host("mixed.example")


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "file:/etc/passwd", "FILE:///etc/passwd", "s3://bucket/x", "ftp://host/x",
     "data:text/html,hi", "javascript:alert(1)", "  javascript:alert(1)", "%20%20javascript:alert(1)",
     "source:javascript:alert(1)", "http://x/?q=<script>", "http://169.254.169.254:8888\\@example.com/"],
)
def test_config_refuses_bad_urls(url):  # A1, A2, A3, A10 at save time
    with pytest.raises(ValueError):
        check_http_url(url)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.2/x", "http://169.254.169.254:8888\\@example.com/"])
def test_fetch_refuses_bad_urls(url, public):
    with pytest.raises(FetchError):
        fetch(url)


def test_redirect_to_internal_is_not_followed(public, internal):  # A9 (HTTP path), A15
    public.routes["/go"] = (302, {"Location": f"{internal.base}/admin"}, b"")
    public.routes["/file"] = (302, {"Location": "file:///etc/passwd"}, b"")
    with pytest.raises(FetchError, match="non-public"):
        fetch(f"{public.base}/go")
    with pytest.raises(FetchError, match="only http"):
        fetch(f"{public.base}/file")
    assert internal.hits == []


def test_redirect_loop_stops(public):  # D7
    public.routes["/a"] = (302, {"Location": "/b"}, b"")
    public.routes["/b"] = (302, {"Location": "/a"}, b"")
    with pytest.raises(FetchError, match="too many redirects"):
        fetch(f"{public.base}/a")


def test_preview_uses_the_same_gate(internal):  # A12
    result = preview_url(f"{internal.base}/admin")
    assert not result.ok and "non-public" in result.error
    assert internal.hits == []


@pytest.mark.browser
def test_browser_preview_blocks_internal_subrequests_and_redirects(public, internal):  # A9/A11 (preview)
    require_chromium()
    page = (
        f"<html><body><h1>Shop</h1><img src='{internal.base}/admin?img'>"
        f"<iframe src='{internal.base}/admin?frame'></iframe>"
        f"<script>fetch('{internal.base}/admin?fetch').catch(() => null)</script>"
        "<p>Free shipping on orders over $50. Standard shipping $4.95, 3-5 business days.</p></body></html>"
    ).encode()
    public.routes["/page"] = (200, {"Content-Type": "text/html"}, page)
    public.routes["/hop"] = (302, {"Location": f"{internal.base}/admin?hop"}, b"")
    result = preview_url(f"{public.base}/page", kind="shipping", render="browser")
    assert result.ok, result.error
    redirected = preview_url(f"{public.base}/hop", render="browser")
    assert not redirected.ok
    assert internal.hits == []
