"""A8 DNS rebinding and A7 mixed answers, with a scripted resolver (``tests.reliability.fake_dns``).

The store's host name answers "public" (127.0.0.2, public by the test's patched classification) to the first
lookup — the check made before a request is sent — and 127.0.0.1 to every later one, the lookup
made for the connection. Both mocks listen on the same port, so a crawler that trusted the first
answer would fetch the "internal" page. Crawl path: a real ``scrapy crawl``, whose resolver
(``spiders.middlewares.ssrf.GuardedResolver``) must refuse the second answer. Preview path: ``rivalwatch try``,
which resolves once and connects to the address it checked. The internal mock must see no request.

Browser paths (rendered crawl, ``rivalwatch try --render browser``): Playwright's driver has a
resolver of its own, scripted too (``fake_dns_node.js``: it always gets the rebound answer). Every
request of the page must be fetched through ``safe_fetch.fetch_once`` — the driver must never look
the name up (no ``driver`` line in the DNS log), and a name rebound after the check is refused.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from core.netguard import BlockedAddress, check_host
from core.safe_fetch import FetchError, fetch_once
from core.testing.loopback import LoopbackStore
from spiders.middlewares.ssrf import checked_address
from storage import Database
from storage.models import CrawlRun, Fact
from tests.browser_support import require_chromium
from tests.reliability import fake_dns

REPO = Path(__file__).resolve().parents[2]
HOST = "shop.rebind.test"
PRODUCT = (
    b"<html><head><script type='application/ld+json'>{\"@context\": \"https://schema.org\", \"@type\": \"Product\", "
    b"\"name\": \"Kettle\", \"sku\": \"K1\", \"offers\": {\"@type\": \"Offer\", \"price\": \"19.99\", "
    b"\"priceCurrency\": \"USD\"}}</script></head><body><h1>Kettle</h1></body></html>"
)
SECRET = b"<html><body><h1>Internal admin</h1><p>secret</p></body></html>"
# The product page for the browser: after load it fetches /api from its own host (a subrequest, a
# later lookup of the name) and then shows #done.
PRODUCT_JS = PRODUCT.replace(b"</body>", b"<script>fetch('/api').then(r => r.text(), () => 'failed').then(t => "
                             b"document.body.insertAdjacentHTML('beforeend', '<p id=done>' + t.length + '</p>'))"
                             b"</script></body>")


class Site(LoopbackStore):
    """A loopback HTTP server on a given address and port that records the paths it was asked for."""

    def __init__(self, host: str, port: int, body: bytes):
        super().__init__(host, port)
        self.hits: list[str] = []
        self.body = body
        self.start()

    def answer(self, handler) -> None:
        self.hits.append(handler.path)
        if handler.path == "/robots.txt":
            self.send(handler, 200, b"User-agent: *\nAllow: /\n", "text/plain")
        else:
            self.send(handler, 200, self.body, "text/html")


@pytest.fixture
def sites(request):
    """(public on 127.0.0.2, internal on 127.0.0.1), both on the same port; the public page is the
    browser one (``PRODUCT_JS``) for tests marked ``browser``."""
    page = PRODUCT_JS if request.node.get_closest_marker("browser") else PRODUCT
    for _attempt in range(20):
        internal = Site("127.0.0.1", 0, SECRET)
        try:
            public = Site("127.0.0.2", internal.port, page)
        except OSError:  # port taken on 127.0.0.2: try another one
            internal.close()
            continue
        yield public, internal
        public.close()
        internal.close()
        return
    pytest.fail("no port free on both 127.0.0.1 and 127.0.0.2")


def _env(tmp_path: Path, script: dict) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("RIVALWATCH_ALLOW_PRIVATE_TARGETS", "FAKE_DNS")}
    return {**env, fake_dns.PUBLIC_ENV: "127.0.0.2", "FAKE_DNS": json.dumps(script),
            "FAKE_DNS_LOG": str(tmp_path / "dns.log")}


def _log_lines(tmp_path: Path) -> list[list[str]]:
    log = tmp_path / "dns.log"
    return [line.split() for line in log.read_text().splitlines()] if log.exists() else []


def _lookups(tmp_path: Path) -> list[str]:
    """Answers of this (Python) process's scripted lookups, in order."""
    return [fields[1] for fields in _log_lines(tmp_path) if len(fields) == 2]


def _driver_lookups(tmp_path: Path) -> list[str]:
    """Answers of the Playwright driver's own lookups of scripted names (there must be none)."""
    return [fields[1] for fields in _log_lines(tmp_path) if fields[2:] == ["driver"]]


def _crawl(tmp_path: Path, port: int, script: dict, *, browser: bool = False) -> tuple[CrawlRun, int, str]:
    """A real scrapy crawl of http://HOST:port/p behind the scripted DNS: (run, facts, log).

    ``browser``: the source is rendered by Chromium (``render: browser``) and robots.txt is off, so the
    Python lookups are exactly: the request's check, the browser abort predicate's check, the fetch.
    """
    config = tmp_path / "config"
    config.mkdir()
    (config / "rivalwatch.yaml").write_text("allow_private_targets: false\n", encoding="utf-8")
    robots = ", obey_robots_txt: false" if browser else ""
    render = "    render: browser\n    wait_for: '#done'\n" if browser else ""
    (config / "rival.yaml").write_text(
        f"slug: rival\nname: Rival\ncurrency: USD\npoliteness: {{download_delay: 0, autothrottle: false{robots}}}\n"
        f"sources:\n  - kind: product\n    url: http://{HOST}:{port}/p\n{render}", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'rw.sqlite'}"
    cmd = [sys.executable, "-m", "tests.reliability.fake_dns", "scrapy", "crawl", "store", "-a", "store=rival",
           "-a", f"config={config}", "-s", f"RIVALWATCH_DATABASE_URL={url}", "-s", "RETRY_TIMES=0",
           "-s", "LOG_LEVEL=INFO"]
    result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=180, env=_env(tmp_path, script))
    assert result.returncode == 0, result.stderr[-3000:]
    db = Database.connect(url)
    with db.session() as s:
        run = s.scalars(select(CrawlRun)).one()
        facts = len(s.scalars(select(Fact.id)).all())
    db.dispose()
    return run, facts, result.stderr


def _try(tmp_path: Path, port: int, script: dict, *options: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "tests.reliability.fake_dns", "rivalwatch", "try", f"http://{HOST}:{port}/p", *options]
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=120, env=_env(tmp_path, script))


@pytest.fixture(autouse=True)
def guard_switched_on(monkeypatch):
    """These tests are about the guard, so the private-target switch is off (it only exists as a
    per-crawler setting; the environment variable would turn it on in child crawls)."""
    monkeypatch.delenv("RIVALWATCH_ALLOW_PRIVATE_TARGETS", raising=False)


# -- the resolver functions, in this process ----------------------------------------------------

@pytest.mark.parametrize("internal", ["127.0.0.1", "169.254.169.254"])
def test_rebinding_answer_fails_the_connect_time_lookup(monkeypatch, internal):
    fake_dns.treat_as_public(monkeypatch, "127.0.0.2")
    monkeypatch.delenv("RIVALWATCH_ALLOW_PRIVATE_TARGETS", raising=False)
    monkeypatch.setenv("FAKE_DNS", json.dumps({"rebind-unit.test": [["127.0.0.2"], [internal]]}))
    monkeypatch.setattr(fake_dns, "_counts", {})
    monkeypatch.setattr("socket.getaddrinfo", fake_dns.getaddrinfo)
    check_host("rebind-unit.test")  # the check before the request: public
    with pytest.raises(BlockedAddress, match=f"non-public {internal} at connect time") as refused:
        checked_address("rebind-unit.test")  # the lookup for the connection
    assert "allow_private_targets: true" in str(refused.value)  # the same way out as the first check gives


def test_mixed_answer_fails_both_lookups(monkeypatch):
    fake_dns.treat_as_public(monkeypatch, "127.0.0.2")
    monkeypatch.delenv("RIVALWATCH_ALLOW_PRIVATE_TARGETS", raising=False)
    monkeypatch.setenv("FAKE_DNS", json.dumps({"mixed-unit.test": [["127.0.0.2", "169.254.169.254"]]}))
    monkeypatch.setattr("socket.getaddrinfo", fake_dns.getaddrinfo)
    with pytest.raises(BlockedAddress, match="169.254.169.254"):
        check_host("mixed-unit.test")
    with pytest.raises(BlockedAddress, match="169.254.169.254"):
        checked_address("mixed-unit.test")  # even though the first record is public


# -- real crawls ----------------------------------------------------------------------------------

def test_control_a_public_name_is_crawled(tmp_path, sites):
    public, internal = sites
    run, facts, log = _crawl(tmp_path, public.port, {HOST: [["127.0.0.2"]]})
    assert run.healthy and facts > 0, log[-2000:]
    assert "/p" in public.hits and internal.hits == []


def test_rebinding_is_blocked_at_fetch_time_on_the_crawl_path(tmp_path, sites):
    public, internal = sites
    run, facts, log = _crawl(tmp_path, public.port, {HOST: [["127.0.0.2"], ["127.0.0.1"]]})
    assert internal.hits == []
    assert _lookups(tmp_path)[:2] == ["127.0.0.2", "127.0.0.1"]  # checked as public, then rebound
    assert "127.0.0.1 at connect time" in log, log[-3000:]
    assert not run.healthy and facts == 0


def test_mixed_answer_is_blocked_on_the_crawl_path(tmp_path, sites):
    public, internal = sites
    run, facts, log = _crawl(tmp_path, public.port, {HOST: [["127.0.0.2", "127.0.0.1"]]})
    assert internal.hits == [] and public.hits == []
    assert "blocked_ssrf" in log and not run.healthy and facts == 0


# -- rivalwatch try ----------------------------------------------------------------------------

def test_rebinding_cannot_redirect_the_preview(tmp_path, sites):
    public, internal = sites
    result = _try(tmp_path, public.port, {HOST: [["127.0.0.2"], ["127.0.0.1"]]})
    assert internal.hits == []
    # resolved once, checked, and the connection went to that checked address
    assert _lookups(tmp_path) == ["127.0.0.2"] and public.hits == ["/p"]
    assert result.returncode == 0 and "19.99" in result.stdout, result.stdout + result.stderr


def test_preview_refuses_a_name_rebound_before_the_check(tmp_path, sites):
    public, internal = sites
    result = _try(tmp_path, public.port, {HOST: [["169.254.169.254"]]})
    assert result.returncode == 1 and "non-public" in (result.stdout + result.stderr)
    assert internal.hits == [] and public.hits == []


def test_mixed_answer_is_refused_by_the_preview(tmp_path, sites):
    public, internal = sites
    result = _try(tmp_path, public.port, {HOST: [["127.0.0.2", "127.0.0.1"]]})
    assert result.returncode == 1 and "non-public address 127.0.0.1" in (result.stdout + result.stderr)
    assert internal.hits == [] and public.hits == []


def test_single_pinned_hop_for_browser_routes(monkeypatch, sites):
    """``fetch_once`` (for route handlers) connects to the address it checked, never to a rebound one."""
    public, internal = sites
    fake_dns.treat_as_public(monkeypatch, "127.0.0.2")
    monkeypatch.setenv("FAKE_DNS", json.dumps({HOST: [["127.0.0.2"], ["127.0.0.1"]], "mixed-hop.test": [["127.0.0.2", "127.0.0.1"]]}))
    monkeypatch.setattr(fake_dns, "_counts", {})
    monkeypatch.setattr("socket.getaddrinfo", fake_dns.getaddrinfo)
    status, headers, body = fetch_once(f"http://{HOST}:{public.port}/p", headers={"user-agent": "Chromium", "Accept-Encoding": "br"})
    assert (status, body) == (200, PRODUCT) and "content-length" not in headers
    with pytest.raises(FetchError, match="non-public address 127.0.0.1"):
        fetch_once(f"http://{HOST}:{public.port}/p")  # the name now answers loopback: refused before connecting
    with pytest.raises(FetchError, match="non-public address 127.0.0.1"):
        fetch_once(f"http://mixed-hop.test:{public.port}/p")
    assert internal.hits == [] and public.hits == ["/p"]


# -- browser paths: rendered crawl and rivalwatch try --render browser ----------------------------

PUBLIC_THEN_REBOUND = [["127.0.0.2"], ["127.0.0.2"], ["127.0.0.1"]]


@pytest.mark.browser
def test_rendered_crawl_connects_to_the_checked_address(tmp_path, sites):
    """Python's lookups all answer public; only Playwright's own resolver would answer loopback."""
    require_chromium()
    public, internal = sites
    run, facts, log = _crawl(tmp_path, public.port, {HOST: [["127.0.0.2"]] * 50 + [["127.0.0.1"]]}, browser=True)
    assert internal.hits == []
    assert _driver_lookups(tmp_path) == []  # every request of the page went through fetch_once
    assert run.healthy and facts > 0, log[-3000:]
    assert public.hits == ["/p", "/api"]


@pytest.mark.browser
def test_rebinding_is_blocked_on_the_rendered_crawl_path(tmp_path, sites):
    """Public to the request's check and to the browser abort predicate, loopback for the fetch."""
    require_chromium()
    public, internal = sites
    run, facts, log = _crawl(tmp_path, public.port, {HOST: PUBLIC_THEN_REBOUND}, browser=True)
    assert internal.hits == [] and public.hits == []
    assert _lookups(tmp_path)[:3] == ["127.0.0.2", "127.0.0.2", "127.0.0.1"], _log_lines(tmp_path)
    assert _driver_lookups(tmp_path) == []
    assert f"blocked_ssrf: browser navigation to http://{HOST}:{public.port}/p" in log, log[-3000:]
    assert "non-public address 127.0.0.1" in log
    assert not run.healthy and facts == 0


@pytest.mark.browser
def test_rebinding_cannot_redirect_the_browser_preview(tmp_path, sites):
    """``try --render browser``: checked once before Chromium starts (public), then the page's own
    fetch gets the rebound answer — refused before connecting, and said so."""
    require_chromium()
    public, internal = sites
    result = _try(tmp_path, public.port, {HOST: [["127.0.0.2"], ["127.0.0.1"]]}, "--render", "browser")
    assert internal.hits == [] and public.hits == []
    assert _lookups(tmp_path) == ["127.0.0.2", "127.0.0.1"] and _driver_lookups(tmp_path) == []
    assert result.returncode == 1 and "non-public address 127.0.0.1" in (result.stdout + result.stderr), \
        result.stdout + result.stderr


@pytest.mark.browser
def test_browser_preview_subrequest_after_rebinding_is_refused(tmp_path, sites):
    """The page itself comes from the checked (public) address; its later same-host fetch, after the
    name rebound, is refused; the product is still extracted."""
    require_chromium()
    public, internal = sites
    result = _try(tmp_path, public.port, {HOST: PUBLIC_THEN_REBOUND}, "--render", "browser", "--wait-for", "#done")
    assert internal.hits == [] and public.hits == ["/p"]
    assert _lookups(tmp_path) == ["127.0.0.2", "127.0.0.2", "127.0.0.1"] and _driver_lookups(tmp_path) == []
    assert result.returncode == 0 and "19.99" in result.stdout, result.stdout + result.stderr
