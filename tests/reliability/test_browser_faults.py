"""Browser crawl path faults (reliability.md A9, A11, E5): real ``scrapy crawl`` runs through Chromium.

A9/A11: a "public" store (127.0.0.2, public by the test's patched classification) redirects product pages to an
"internal" mock on 127.0.0.1 — directly, through a chain of public hops, and from a page's script,
XHR, image and iframe; the internal mock must see no request at all, and each redirected product
URL is a failed fetch, never a change.
E5: product URLs answering 204, a PDF and a download (Content-Disposition: attachment) end quickly
as "non-HTML response" errors for those URLs, with no change events and no leftover process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage import Database
from storage.models import ChangeEvent, CrawlRun, Fact
from tests.browser_support import require_chromium
from tests.production.proctrack import new_tag, tagged

REPO = Path(__file__).resolve().parents[2]
HTML = {"Content-Type": "text/html; charset=utf-8"}


def product_page(sku: str, extra: str = "") -> bytes:
    data = {"@context": "https://schema.org", "@type": "Product", "name": f"Item {sku}", "sku": sku,
            "offers": {"@type": "Offer", "price": "19.99", "priceCurrency": "USD",
                       "availability": "https://schema.org/InStock"}}
    return (f"<html><head><script type='application/ld+json'>{json.dumps(data)}</script></head>"
            f"<body><h1>Item {sku}</h1><p class='price'>$19.99</p>{extra}</body></html>").encode()


def crawl(tmp_path: Path, urls: list[str], *, allow_private: bool, render: str = "browser",
          timeout: float = 150) -> tuple[CrawlRun, str, float, dict]:
    """One crawl of a store with the given product URLs; (run, stderr, seconds, process tag)."""
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    lines = ["slug: rival", "name: Rival", "country: US", "currency: USD", "confirm_runs: 1",
             "politeness: {download_delay: 0, autothrottle: false}", "sources:"]
    for url in urls:
        lines += ["  - kind: product", f"    url: {url}"] + ([f"    render: {render}"] if render != "http" else [])
    (config / "rival.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (config / "rivalwatch.yaml").write_text(f"allow_private_targets: {str(allow_private).lower()}\n", encoding="utf-8")
    db_url = f"sqlite:///{tmp_path / 'rw.sqlite'}"
    tag = new_tag()
    env = {**os.environ, **tag}
    env.pop("RIVALWATCH_ALLOW_PRIVATE_TARGETS", None)
    # Through fake_dns: the crawl process treats FAKE_PUBLIC_IPS (set by the ``public`` fixture) as public.
    cmd = [sys.executable, "-m", "tests.reliability.fake_dns", "scrapy", "crawl", "store", "-a", "store=rival", "-a", f"config={config}",
           "-s", f"RIVALWATCH_DATABASE_URL={db_url}", "-s", "LOG_LEVEL=INFO", "-s", "RETRY_TIMES=1",
           "-s", "PLAYWRIGHT_MAX_CONTEXTS=1", "-s", "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT=4"]
    started = time.monotonic()
    result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout, env=env)
    seconds = time.monotonic() - started
    assert result.returncode == 0, result.stderr[-3000:]
    db = Database.connect(db_url)
    with db.session() as s:
        run = s.scalar(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1))
        run.changes = s.scalar(select(func.count()).select_from(ChangeEvent))
        run.facts = s.scalar(select(func.count()).select_from(Fact))
    db.dispose()
    return run, result.stderr, seconds, tag


def assert_nothing_left(tag: dict, settle: float = 5.0) -> None:
    deadline = time.monotonic() + settle
    while tagged(tag) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert tagged(tag) == [], f"left behind: {tagged(tag)}"


@pytest.mark.browser
def test_browser_crawl_never_sends_a_request_to_an_internal_host(tmp_path, public, internal):  # A9, A11
    require_chromium()
    admin = f"{internal.base}/admin"
    subrequests = (
        f"<img src='{admin}?img'><iframe src='{admin}?frame'></iframe>"
        f"<script>fetch('{admin}?fetch').catch(() => null); fetch('/xhr-hop').catch(() => null)</script>"
        "<script src='/script-hop'></script><iframe src='/frame-hop'></iframe>"
    )
    public.routes.update({
        "/hop": (302, {"Location": f"{admin}?hop"}, b""),  # the product URL itself redirects inside
        "/chain": (302, {"Location": "/chain2"}, b""),  # public -> public -> internal
        "/chain2": (301, {"Location": f"{admin}?chain"}, b""),
        "/moved": (302, {"Location": "/new-home"}, b""),  # a public redirect is still followed
        "/new-home": (200, HTML, product_page("MOVED")),
        "/ok": (200, HTML, product_page("OK")),
        "/page": (200, HTML, product_page("PAGE", subrequests)),
        "/xhr-hop": (302, {"Location": f"{admin}?xhr"}, b""),
        "/script-hop": (302, {"Location": f"{admin}?script"}, b""),
        "/frame-hop": (307, {"Location": f"{admin}?iframe"}, b""),
    })
    urls = [f"{public.base}/{path}" for path in ("hop", "chain", "moved", "ok", "page")]
    run, stderr, _, tag = crawl(tmp_path, urls, allow_private=False)
    assert internal.hits == []
    assert run.stats["rivalwatch/fetch_errors"] == 2, stderr[-3000:]  # /hop and /chain
    assert stderr.count("fetch failed:") == 2 and stderr.count("blocked_ssrf") >= 2
    assert run.stats["rivalwatch/items/product_priced"] == 3  # /moved (as /new-home), /ok, /page
    assert "/chain2" in str(public.hits) and "/moved" in str(public.hits)
    assert run.stats.get("playwright/request_count/aborted", 0) >= 3  # img, iframe, fetch to internal
    assert run.changes == 0
    assert "Traceback" not in stderr
    assert_nothing_left(tag)


NON_HTML = {
    "/empty": (204, {}, b""),
    "/sheet.pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
    "/export": (200, {"Content-Type": "text/csv", "Content-Disposition": "attachment; filename=prices.csv"},
                b"sku,price\nA,19.99\n"),
}


@pytest.mark.parametrize("render", [pytest.param("browser", marks=pytest.mark.browser), "http"])
def test_204_pdf_and_download_end_quickly_as_non_html_errors(tmp_path, public, render):  # E5
    if render == "browser":
        require_chromium()
    public.routes.update(NON_HTML)
    public.routes["/ok"] = (200, HTML, product_page("OK"))
    urls = [f"{public.base}{path}" for path in (*NON_HTML, "/ok")]
    run, stderr, seconds, tag = crawl(tmp_path, urls, allow_private=False, render=render)
    # No download started and nothing waited for a download or navigation timeout (30 s each).
    assert run.stats.get("playwright/download_count", 0) == 0
    assert not [key for key in run.stats if "Timeout" in key], run.stats
    assert seconds < 120, f"took {seconds:.0f} s"
    assert run.stats["rivalwatch/fetch_errors"] == 3, stderr[-3000:]
    for path in NON_HTML:
        assert f"fetch failed: {public.base}{path} (non-HTML response" in stderr, stderr[-3000:]
    assert run.stats["rivalwatch/items/product_priced"] == 1
    assert run.healthy is False and any(reason.startswith("fetch:") for reason in run.health_reasons)
    assert run.changes == 0
    assert "Traceback" not in stderr
    assert_nothing_left(tag)
