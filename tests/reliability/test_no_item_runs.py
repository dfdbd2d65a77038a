"""E9: a crawl that keeps downloading pages but never produces an item is closed early and judged broken.

The fake store serves an endless listing (every page links only to the next one, no product links):
a real ``scrapy crawl`` must stop on ``CLOSESPIDER_PAGECOUNT_NO_ITEM`` / ``CLOSESPIDER_TIMEOUT_NO_ITEM``
instead of walking all ``max_pages``, and the run must be recorded unhealthy with a ``broken:``
reason (one operator event), never applied.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from scrapy.utils.project import get_project_settings
from sqlalchemy import select

from core.testing.loopback import LoopbackStore
from spiders.extensions.health import RunFacts, evaluate, run_status
from storage import Database
from storage.models import ChangeEvent, CrawlRun, Fact

REPO = Path(__file__).resolve().parents[2]


class EndlessListing(LoopbackStore):
    """``/list/<n>`` pages that only link to ``/list/<n+1>``; counts hits."""

    def __init__(self, delay: float = 0.0):
        super().__init__()
        self.hits, self.delay = 0, delay
        self.base = self.base_url
        self.start()

    def answer(self, handler) -> None:
        self.hits += 1
        if handler.path == "/robots.txt":
            body, status = b"User-agent: *\nAllow: /\n", 200
        elif handler.path.startswith("/list/"):
            time.sleep(self.delay)
            n = int(handler.path.rsplit("/", 1)[1])
            body, status = (
                f"<html><body><h1>Catalogue page {n}</h1><p>New arrivals coming soon.</p>"
                f"<a rel='next' class='next' href='/list/{n + 1}'>Next page</a></body></html>"
            ).encode(), 200
        else:
            body, status = b"not found", 404
        self.send(handler, status, body, "text/html; charset=utf-8")


def _crawl(tmp_path: Path, store: EndlessListing, *settings: str) -> tuple[Database, subprocess.CompletedProcess]:
    config = tmp_path / "config"
    config.mkdir()
    (config / "rivalwatch.yaml").write_text("allow_private_targets: true\n", encoding="utf-8")
    (config / "rival.yaml").write_text(
        "slug: rival\nname: Rival\ncurrency: USD\n"
        "politeness: {download_delay: 0, concurrency: 2, autothrottle: false}\n"
        f"sources:\n  - kind: listing\n    url: {store.base}/list/1\n    max_pages: 5000\n",
        encoding="utf-8",
    )
    url = f"sqlite:///{tmp_path / 'rw.sqlite'}"
    cmd = [sys.executable, "-m", "scrapy", "crawl", "store", "-a", "store=rival", "-a", f"config={config}",
           "-s", f"RIVALWATCH_DATABASE_URL={url}", "-s", "LOG_LEVEL=INFO", *[a for s in settings for a in ("-s", s)]]
    result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return Database.connect(url), result


def _only_run(db: Database) -> CrawlRun:
    with db.session() as s:
        runs = s.scalars(select(CrawlRun)).all()
        assert len(runs) == 1
        assert s.scalar(select(Fact.id).limit(1)) is None  # nothing applied
        kinds = s.scalars(select(ChangeEvent.kind)).all()
        assert kinds == ["broken"], kinds  # one operator event, no change event
        return runs[0]


def test_defaults_are_set():
    settings = get_project_settings()
    assert settings.getint("CLOSESPIDER_PAGECOUNT_NO_ITEM") > 0
    assert settings.getint("CLOSESPIDER_TIMEOUT_NO_ITEM") > 0


@pytest.mark.parametrize("reason", ["closespider_pagecount_no_item", "closespider_timeout_no_item"])
def test_no_item_finish_reasons_are_broken(reason):
    stats = {"downloader/response_count": 30, "rivalwatch/pages_ok": 30, "item_scraped_count": 0}
    healthy, reasons = evaluate(RunFacts(reason, stats, frozenset({"shipping"})))
    assert not healthy
    assert reasons[0].startswith("broken:") and reason in reasons[0]
    assert run_status(reason, reasons) == "failed"


def test_pages_without_items_stop_at_the_page_limit(tmp_path):
    store = EndlessListing()
    try:
        db, result = _crawl(tmp_path, store, "CLOSESPIDER_PAGECOUNT_NO_ITEM=6", "CLOSESPIDER_TIMEOUT_NO_ITEM=0")
    finally:
        store.close()
    run = _only_run(db)
    assert run.finish_reason == "closespider_pagecount_no_item", result.stderr[-2000:]
    assert not run.healthy and any(r.startswith("broken:") for r in run.health_reasons)
    assert store.hits <= 6 + 4  # the limit plus what was already in flight, not 5000 pages


def test_pages_without_items_stop_after_the_timeout(tmp_path):
    store = EndlessListing(delay=0.3)
    started = time.monotonic()
    try:
        db, result = _crawl(tmp_path, store, "CLOSESPIDER_PAGECOUNT_NO_ITEM=0", "CLOSESPIDER_TIMEOUT_NO_ITEM=2")
    finally:
        store.close()
    run = _only_run(db)
    assert run.finish_reason == "closespider_timeout_no_item", result.stderr[-2000:]
    assert not run.healthy and any(r.startswith("broken:") for r in run.health_reasons)
    assert time.monotonic() - started < 60
