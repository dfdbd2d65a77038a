"""The pre-request SSRF check makes its DNS lookup off the reactor thread (``spiders.middlewares.ssrf``).

A slow DNS answer for one host (``core.netguard.resolve`` sleeping 0.5 s) must not stall the
event loop: other requests pass the guard and timer ticks keep firing meanwhile. Checked on a bare
asyncio loop (the asyncio reactor is one) and, in a subprocess, on Scrapy's
``AsyncioSelectorReactor`` through Scrapy's own downloader-middleware manager with
``reactor.callLater`` ticks. Checks that need no DNS (scheme, IP literals, the private-target
switch used by tests and the demo) make no thread hop at all.
"""

from __future__ import annotations

import asyncio
import inspect
import ipaddress
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest

import core.netguard as netguard
import spiders.middlewares.ssrf as ssrf
from spiders.middlewares.ssrf import SSRFGuardMiddleware, browser_request_blocked

REPO = Path(__file__).resolve().parents[2]
SLOW_SECONDS = 0.5
TICK = 0.02


class Stats:
    def __init__(self):
        self.values: dict[str, int] = {}

    def inc_value(self, key, count=1):
        self.values[key] = self.values.get(key, 0) + count


def _slow_resolve(host, port=None):
    """Public answers; ``slow.example`` takes 0.5 s, ``internal.example`` is private."""
    if host == "slow.example":
        time.sleep(SLOW_SECONDS)
    if host == "internal.example":
        return [ipaddress.ip_address("10.0.0.5")]
    return [ipaddress.ip_address("93.184.215.14")]


@pytest.fixture(autouse=True)
def guard_switched_on(monkeypatch):
    """Production mode: the private-target switch off (the guard has no process-wide switch; the
    environment variable only feeds the Scrapy setting of child crawls)."""
    monkeypatch.delenv("RIVALWATCH_ALLOW_PRIVATE_TARGETS", raising=False)
    monkeypatch.setattr(netguard, "resolve", _slow_resolve)


async def _as_scrapy_calls(result):
    # What Scrapy's middleware manager does (scrapy.utils.defer.ensure_awaitable): await if awaitable.
    return await result if inspect.isawaitable(result) else result


async def _with_ticks(coro_factory):
    """Run ``coro_factory()`` while a ticker counts loop turns; (its result, finish times, ticks)."""
    ticks: list[float] = []

    async def ticker():
        while True:
            ticks.append(time.monotonic())
            await asyncio.sleep(TICK)

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0)
    try:
        start = time.monotonic()
        result = await coro_factory()
    finally:
        task.cancel()
    return result, start, ticks


def test_slow_lookup_does_not_stall_other_requests_or_the_loop():
    middleware = SSRFGuardMiddleware(Stats())
    done: dict[str, float] = {}

    async def guarded(host):
        await _as_scrapy_calls(middleware.process_request(Request(f"https://{host}/p")))
        done[host] = time.monotonic()

    async def both():
        await asyncio.gather(guarded("slow.example"), guarded("fast.example"))

    _, start, ticks = asyncio.run(_with_ticks(both))
    assert done["slow.example"] - start >= SLOW_SECONDS * 0.9
    assert done["fast.example"] - start < SLOW_SECONDS / 2  # not queued behind the slow lookup
    during = [t for t in ticks if start < t < done["slow.example"]]
    assert len(during) >= 10, f"only {len(during)} loop ticks during a {SLOW_SECONDS}s lookup"


def test_slow_lookup_still_blocks_a_non_public_answer():
    stats = Stats()
    middleware = SSRFGuardMiddleware(stats)

    async def run():
        await _as_scrapy_calls(middleware.process_request(Request("https://internal.example/admin")))

    with pytest.raises(IgnoreRequest, match="10.0.0.5"):
        asyncio.run(run())
    assert stats.values == {"rivalwatch/blocked_ssrf": 1}


def test_browser_abort_predicate_does_not_stall_the_loop():
    class PlaywrightRequest:
        def __init__(self, url):
            self.url = url

    async def both():
        return await asyncio.gather(browser_request_blocked(PlaywrightRequest("https://slow.example/app.js")),
                                    browser_request_blocked(PlaywrightRequest("https://internal.example/x")))

    (slow, internal), start, ticks = asyncio.run(_with_ticks(both))
    assert (slow, internal) == (False, True)
    assert len([t for t in ticks if t > start]) >= 10


@pytest.mark.parametrize("url", ["https://10.0.0.5/x", "https://93.184.215.14/x", "ftp://slow.example/x",
                                 "https://[::1]/x", "http://127.0.0.1\\@slow.example/"])
def test_no_thread_hop_when_no_lookup_is_needed(monkeypatch, url):
    def no_hop(*args, **kwargs):
        raise AssertionError("thread hop without a DNS lookup")

    monkeypatch.setattr(asyncio, "to_thread", no_hop)
    monkeypatch.setattr(ssrf.threads, "deferToThread", no_hop)
    assert asyncio.run(ssrf.url_problem_async(url)) == ssrf.url_problem(url)


def test_no_thread_hop_when_private_targets_are_allowed(monkeypatch):
    def no_hop(*args, **kwargs):
        raise AssertionError("thread hop with private targets allowed")

    monkeypatch.setattr(asyncio, "to_thread", no_hop)
    monkeypatch.setattr(ssrf.threads, "deferToThread", no_hop)
    middleware = SSRFGuardMiddleware(Stats(), allow_private=True)
    assert asyncio.run(_as_scrapy_calls(middleware.process_request(Request("https://slow.example/p")))) is None


REACTOR_SCRIPT = textwrap.dedent("""
    import ipaddress, json, sys, time
    from scrapy.utils.reactor import install_reactor
    install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
    from twisted.internet import reactor
    from scrapy import Request
    from scrapy.core.downloader.middleware import DownloaderMiddlewareManager
    from scrapy.http import HtmlResponse
    from scrapy.utils.defer import deferred_from_coro
    from scrapy.utils.test import get_crawler
    import core.netguard as netguard

    SLOW = float(sys.argv[1])

    def resolve(host, port=None):
        if host == "slow.example":
            time.sleep(SLOW)
        return [ipaddress.ip_address("93.184.215.14")]

    netguard.resolve = resolve
    crawler = get_crawler(settings_dict={
        "DOWNLOADER_MIDDLEWARES_BASE": {}, "DOWNLOADER_MIDDLEWARES": {"spiders.middlewares.ssrf.SSRFGuardMiddleware": 50}})
    manager = DownloaderMiddlewareManager.from_crawler(crawler)
    ticks, done = [], {}

    def tick():
        ticks.append(time.monotonic())
        reactor.callLater(0.02, tick)

    async def download(request):
        return HtmlResponse(request.url, body=b"<html></html>", request=request)

    async def guarded(host):
        await manager.download_async(download, Request(f"https://{host}/p"))
        done[host] = time.monotonic()

    def finish(_):
        out = {"start": start, "done": done, "ticks": ticks}
        print(json.dumps(out))
        reactor.stop()

    def go():
        global start
        from twisted.internet.defer import DeferredList
        tick()
        start = time.monotonic()
        DeferredList([deferred_from_coro(guarded("slow.example")),
                      deferred_from_coro(guarded("fast.example"))], fireOnOneErrback=True).addBoth(finish)

    reactor.callWhenRunning(go)
    reactor.run()
""")


def test_reactor_keeps_ticking_during_a_slow_lookup_under_scrapy():
    """Scrapy's middleware manager on the asyncio reactor: callLater ticks and the other request go on."""
    env = {k: v for k, v in os.environ.items() if k != "RIVALWATCH_ALLOW_PRIVATE_TARGETS"}
    result = subprocess.run([sys.executable, "-c", REACTOR_SCRIPT, str(SLOW_SECONDS)], cwd=REPO,
                            capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    start, done = out["start"], out["done"]
    assert set(done) == {"slow.example", "fast.example"}, result.stderr[-3000:]
    assert done["slow.example"] - start >= SLOW_SECONDS * 0.9
    assert done["fast.example"] - start < SLOW_SECONDS / 2
    during = [t for t in out["ticks"] if start < t < done["slow.example"]]
    assert len(during) >= 10, f"only {len(during)} reactor ticks during a {SLOW_SECONDS}s lookup"
