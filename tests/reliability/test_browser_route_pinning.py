"""Browser route handlers fetch through the pinned ``safe_fetch.fetch_once`` (reliability row A8):
what a page sends and receives must survive the switch from Playwright's ``route.fetch``.

Crawl path: the real ``spiders.browser.routes.GuardedRoute`` on a Playwright page (in-process, the
private-target switch on for the loopback server — the same code path as with it off). Preview
path: ``spiders.preview.render_in_browser``. Checked on both: a ``Set-Cookie`` of a fulfilled
response reaches the page (``document.cookie``) and is sent back on the page's next request
(HttpOnly too); the method, body and headers of a ``fetch()`` are forwarded; a cookie set by a
redirect hop (a response Chromium never sees) is kept and sent on the hop; ``Accept-Encoding`` is
identity; a body over the cap fails the request. Crawl path only: the navigation timeout.
"""

from __future__ import annotations

import asyncio
import json
import socket
import time

import pytest

from core.safe_fetch import FetchTimeout, ResponseTooLarge, fetch_once
from tests.browser_support import require_chromium
from core.testing.loopback import LoopbackStore

BIG = 8_000
CAP = 4_000
PAGE = b"""<html><body><h1>Cookies</h1><script>
(async () => {
  const out = {doc: document.cookie};
  out.echo = JSON.parse(await (await fetch('/echo')).text());
  out.post = JSON.parse(await (await fetch('/echo', {method: 'POST', body: 'x=1', headers: {'X-Test': 'yes'}})).text());
  out.hop = JSON.parse(await (await fetch('/hop')).text());
  out.big = await fetch('/big').then(r => r.text().then(t => 'len ' + t.length), () => 'failed');
  out.after = document.cookie;
  const done = document.createElement('pre');
  done.id = 'done';
  done.textContent = JSON.stringify(out);
  document.body.appendChild(done);
})();
</script></body></html>"""


class CookieSite(LoopbackStore):
    """/page sets two cookies; /echo answers what it received; /hop is a 302 that sets a cookie."""

    methods = ("GET", "POST")

    def __init__(self):
        super().__init__()
        self.hits: list[str] = []

    def answer(self, handler):
        self.hits.append(f"{handler.command} {handler.path}")
        data = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        if handler.path == "/page":
            self.send(handler, 200, PAGE, "text/html", [("Set-Cookie", "a=1; Path=/"), ("Set-Cookie", "h=2; Path=/; HttpOnly")])
        elif handler.path == "/echo":
            echo = {"method": handler.command, "cookie": handler.headers.get("Cookie"), "body": data.decode(),
                    "x_test": handler.headers.get("X-Test"), "accept_encoding": handler.headers.get("Accept-Encoding")}
            self.send(handler, 200, json.dumps(echo), "application/json")
        elif handler.path == "/hop":
            self.send(handler, 302, b"", "text/plain", {"Location": "/echo", "Set-Cookie": "r=3; Path=/"})
        elif handler.path == "/big":
            self.send(handler, 200, b"x" * BIG, "text/plain")
        elif handler.path == "/slow":
            time.sleep(3)
            self.send(handler, 200, "<html>late</html>", "text/html")
        else:
            self.send(handler, 404, "no", "text/plain")

    @property
    def base(self) -> str:
        return self.base_url


@pytest.fixture
def site():
    with CookieSite() as s:
        yield s


def _check_page(out: dict, hits: list[str]) -> None:
    assert out["doc"] == "a=1"  # the Set-Cookie of the fulfilled page reached the page (HttpOnly h hidden)
    assert out["echo"]["cookie"] == "a=1; h=2"  # … and came back on the page's next request
    assert out["echo"]["accept_encoding"] == "identity"
    post = out["post"]
    assert (post["method"], post["body"], post["x_test"]) == ("POST", "x=1", "yes") and post["cookie"] == "a=1; h=2"
    assert out["hop"]["method"] == "GET" and "r=3" in out["hop"]["cookie"]  # set by the 302, sent on the hop
    assert "r=3" in out["after"]
    assert out["big"] == "failed"  # over the cap: the request fails, it is not truncated
    assert hits == ["GET /page", "GET /echo", "POST /echo", "GET /hop", "GET /echo", "GET /big"]


class _Stats:
    def __init__(self):
        self.values: dict[str, int] = {}

    def inc_value(self, key, count=1):
        self.values[key] = self.values.get(key, 0) + count


async def _crawl_route_page(url: str, *, wait_for: str | None, timeout_ms: float, own_navigation: bool = False):
    """Render ``url`` with every request through ``GuardedRoute``: (out JSON or None, navigation, goto error)."""
    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import async_playwright

    from spiders.browser.config import CHROMIUM_ARGS
    from spiders.browser.routes import GuardedRoute, NavigationState

    navigation = NavigationState() if own_navigation else None
    stats = _Stats()
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
        try:
            context = await browser.new_context()

            async def handler(route, request):
                await GuardedRoute(route, request, navigation, timeout_ms, stats, allow_private=True).continue_()

            await context.route("**/*", handler)
            page = await context.new_page()
            try:
                await page.goto(url, timeout=30_000)
            except PlaywrightError as exc:
                return None, navigation, exc
            await page.wait_for_selector(wait_for, state="attached", timeout=30_000)
            return json.loads(await page.text_content(wait_for)), navigation, None
        finally:
            await browser.close()


@pytest.mark.browser
def test_crawl_route_cookies_method_body_and_cap(site, monkeypatch):
    require_chromium()
    monkeypatch.setattr("spiders.browser.routes.MAX_BYTES", CAP)
    out, _, error = asyncio.run(_crawl_route_page(f"{site.base}/page", wait_for="#done", timeout_ms=30_000))
    assert error is None, error
    _check_page(out, site.hits)


@pytest.mark.browser
def test_crawl_route_navigation_timeout(site, monkeypatch):
    """The navigation timeout bounds the pinned fetch; the download raises Playwright's TimeoutError
    (retried like any navigation timeout)."""
    from playwright.async_api import TimeoutError as PlaywrightTimeoutError

    require_chromium()
    _, navigation, error = asyncio.run(_crawl_route_page(f"{site.base}/slow", wait_for=None, timeout_ms=500,
                                                         own_navigation=True))
    assert error is not None
    assert isinstance(navigation.outcome, PlaywrightTimeoutError), navigation.outcome


@pytest.mark.browser
def test_preview_route_cookies_method_body_and_cap(site, monkeypatch):
    from spiders.preview import render_in_browser

    require_chromium()
    monkeypatch.setattr("spiders.preview.MAX_BYTES", CAP)
    _final, html, status = render_in_browser(f"{site.base}/page", wait_for="#done", allow_private=True)
    assert status == 200
    start = html.index('<pre id="done">') + len('<pre id="done">')
    out = json.loads(html[start:html.index("</pre>", start)].replace("&amp;", "&").replace("&quot;", '"'))
    _check_page(out, site.hits)


# -- fetch_once itself ----------------------------------------------------------------------------

def test_fetch_once_keeps_every_set_cookie_and_caps_the_body(site):
    status, headers, _ = fetch_once(f"{site.base}/page", allow_private=True)
    assert status == 200 and headers["set-cookie"].split("\n") == ["a=1; Path=/", "h=2; Path=/; HttpOnly"]
    assert len(fetch_once(f"{site.base}/big", allow_private=True)[2]) == BIG  # no limit asked: as before
    with pytest.raises(ResponseTooLarge, match="too large"):
        fetch_once(f"{site.base}/big", allow_private=True, max_bytes=CAP)


def test_fetch_once_timeout():
    with socket.socket() as listener:  # accepts (backlog) and never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        started = time.monotonic()
        with pytest.raises(FetchTimeout, match="timed out"):
            fetch_once(f"http://127.0.0.1:{listener.getsockname()[1]}/", allow_private=True, timeout=0.5)
        assert time.monotonic() - started < 5
