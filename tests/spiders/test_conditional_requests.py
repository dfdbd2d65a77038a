"""Conditional re-fetches end to end: a local store serving ETag / Last-Modified and answering 304,
real ``scrapy crawl store`` runs into a real database (SQLite; the main sequence on PostgreSQL too).

What must hold (issue #6): a 304 is "seen, unchanged" — facts keep their values and intervals,
``last_seen_at`` moves, the run is healthy with the same item count, no change event; a changed page
answers 200 and gives exactly its change; validators are never sent after the extraction config
changed, never recorded from block pages or from runs that were not applied; a 304 with nothing to
replay is a failed page, not a seen one.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, update

from spiders.middlewares.conditional import EXTRACTION_VERSION_ENV
from storage import Database, upgrade
from storage.models import ChangeEvent, CrawlRun, Fact, PageValidator
from storage.validators import load_validators, url_hash
from tests.fakes.validator_store import ValidatorStore

REPO = Path(__file__).resolve().parents[2]
PRODUCTS = 6
PAGES = PRODUCTS + 2  # product pages + shipping + returns: the conditional ones


class Crawls:
    """Crawl a validator store repeatedly into one database and read back what happened."""

    def __init__(self, tmp_path: Path, store: ValidatorStore, database_url: str):
        self.store, self.dir, self.url = store, tmp_path / "config", database_url
        self.dir.mkdir()
        (self.dir / "rivalwatch.yaml").write_text("allow_private_targets: true\n", encoding="utf-8")
        self.configure()
        self.db = Database.connect(database_url)
        upgrade(self.db)

    def configure(self, **options) -> None:
        (self.dir / "rival.yaml").write_text(self.store.config_yaml(**options), encoding="utf-8")

    def crawl(self, extraction_version: str = "test-1") -> CrawlRun:
        self.store.reset_counts()
        # Pinned: other people's edits to the extraction code in this working tree would otherwise
        # (rightly) void the validators between two crawls of a test.
        env = {**os.environ, EXTRACTION_VERSION_ENV: extraction_version}
        cmd = [sys.executable, "-m", "scrapy", "crawl", "store", "-a", "store=rival", "-a", f"config={self.dir}",
               "-s", f"RIVALWATCH_DATABASE_URL={self.url}", "-s", "DOWNLOAD_TIMEOUT=20", "-s", "RETRY_TIMES=1",
               "-s", "LOG_LEVEL=WARNING"]
        result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=120, env=env)
        assert result.returncode == 0, result.stderr[-3000:]
        with self.db.session() as s:
            run = s.scalar(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1))
            s.expunge(run)
        assert run.stats.get("log_count/ERROR", 0) == 0, result.stderr[-3000:]
        return run

    def current_facts(self) -> dict:
        with self.db.session() as s:
            rows = s.execute(select(Fact).where(Fact.valid_to.is_(None))).scalars().all()
            return {(f.subject_type, f.subject_key, f.field): (f.value, f.valid_from, f.last_seen_at, f.missing_runs)
                    for f in rows}

    def events(self, run_id: int) -> list[ChangeEvent]:
        with self.db.session() as s:
            return s.scalars(select(ChangeEvent).where(ChangeEvent.run_id == run_id)).all()

    def validator_urls(self) -> set[str]:
        with self.db.session() as s:
            return set(s.scalars(select(PageValidator.url)))


def product_paths(indices=range(PRODUCTS)) -> list[str]:
    return [f"/p/{i}" for i in indices]


@pytest.fixture
def store():
    with ValidatorStore(products=PRODUCTS) as running:
        yield running


def test_unchanged_recrawl_is_answered_304_and_changes_nothing(tmp_path, store, any_url):
    crawls = Crawls(tmp_path, store, any_url)
    first = crawls.crawl()
    assert first.healthy and first.applied_at is not None
    assert sum(store.conditional.values()) == 0  # nothing to send yet
    assert len(crawls.validator_urls()) == PAGES  # the listing is never remembered
    before = crawls.current_facts()

    second = crawls.crawl()
    assert second.healthy, second.health_reasons
    assert second.applied_at is not None
    for path in [*product_paths(), "/shipping", "/returns"]:
        assert store.conditional[path] == 1 and store.not_modified[path] == 1, path
    assert store.conditional["/list"] == 0 and store.requests["/list"] == 1
    assert second.stats["rivalwatch/not_modified"] == PAGES
    assert second.stats.get("rivalwatch/fetch_errors", 0) == 0
    assert second.items == first.items  # the item-count monitor sees no drop
    assert second.stats["rivalwatch/items/product_priced"] == PRODUCTS  # nor does field coverage
    assert crawls.events(second.id) == []
    after = crawls.current_facts()
    assert after.keys() == before.keys()
    for key, (value, valid_from, last_seen, missing) in after.items():
        assert (value, valid_from, missing) == before[key][:2] + (0,), key
        assert last_seen > before[key][2], f"{key}: last_seen_at did not move"
    assert {k[0] for k in after} >= {"product", "shipping", "returns", "policy_text"}

    store.set_price(2, "17.50")
    third = crawls.crawl()
    assert third.healthy, third.health_reasons
    assert store.not_modified["/p/2"] == 0 and store.conditional["/p/2"] == 1
    assert sum(store.not_modified.values()) == PAGES - 1
    (event,) = crawls.events(third.id)
    assert (event.subject_type, event.subject_key, event.field, event.kind) == ("product", "sku:SKU-2", "price", "changed")
    assert (event.old_value, event.new_value) == ('"19.99"', '"17.5"')

    fourth = crawls.crawl()  # the changed page's new validators are used from now on
    assert fourth.healthy and fourth.stats.get("rivalwatch/fetch_errors", 0) == 0
    assert store.not_modified["/p/2"] == 1, (store.conditional, store.not_modified)
    assert sum(store.not_modified.values()) == PAGES
    assert crawls.events(fourth.id) == []
    assert crawls.current_facts()[("product", "sku:SKU-2", "price")][0] == '"17.5"'


def test_selector_change_fetches_pages_in_full_again(tmp_path, store):
    crawls = Crawls(tmp_path, store, f"sqlite:///{tmp_path / 'rw.sqlite'}")
    first = crawls.crawl()
    assert first.healthy and first.applied_at is not None, first.health_reasons
    assert len(crawls.validator_urls()) == PAGES
    crawls.configure(price_selector="css:.price::text")  # an analyst edits the listing source
    run = crawls.crawl()
    assert run.healthy, run.health_reasons
    assert all(store.conditional[p] == 0 for p in product_paths()), store.conditional
    # Sources whose config did not change keep their validators.
    assert store.not_modified["/shipping"] == 1 and store.not_modified["/returns"] == 1, (
        store.requests, store.conditional, run.stats)
    assert crawls.events(run.id) == []
    again = crawls.crawl()  # recorded under the new config: conditional again
    assert again.healthy, again.health_reasons
    assert all(store.not_modified[p] == 1 for p in product_paths()), store.not_modified
    upgraded = crawls.crawl(extraction_version="test-2")  # a new release reads every page again
    assert upgraded.healthy and sum(store.conditional.values()) == 0, store.conditional
    assert crawls.events(upgraded.id) == []


def test_blocked_run_and_block_pages_leave_no_validators(tmp_path):
    with ValidatorStore(products=8) as store:
        crawls = Crawls(tmp_path, store, f"sqlite:///{tmp_path / 'rw.sqlite'}")
        store.captcha = set(range(6))  # most product pages are challenges: a blocked run
        blocked = crawls.crawl()
        assert blocked.status == "blocked" and not blocked.healthy
        assert crawls.validator_urls() == set()  # pages that did answer were recorded, then dropped
        assert load_validators(crawls.db, "rival") == {}

        store.captcha = {0}  # one challenge page (served with an ETag) in a healthy run
        healthy = crawls.crawl()
        assert healthy.healthy, healthy.health_reasons
        assert sum(store.conditional.values()) == 0  # nothing of the blocked run was used
        assert f"{store.base_url}/p/0" not in crawls.validator_urls()
        assert f"{store.base_url}/p/1" in crawls.validator_urls()

        store.captcha = set()
        run = crawls.crawl()
        assert run.healthy, run.health_reasons
        assert store.conditional["/p/0"] == 0 and store.requests["/p/0"] == 1
        assert all(store.not_modified[p] == 1 for p in product_paths(range(1, 8)))
        # The page that was a challenge so far shows its product for the first time; nothing else.
        assert [(e.subject_key, e.kind) for e in crawls.events(run.id)] == [("sku:SKU-0", "added")]


def test_304_with_nothing_to_replay_is_a_failed_page(tmp_path, store):
    crawls = Crawls(tmp_path, store, f"sqlite:///{tmp_path / 'rw.sqlite'}")
    crawls.crawl()
    before = crawls.current_facts()
    with crawls.db.session() as s:  # the remembered items of one page are gone
        s.execute(update(PageValidator).where(PageValidator.url_hash == url_hash(f"{store.base_url}/p/1"))
                  .values(items=[]))
    run = crawls.crawl()
    assert store.not_modified["/p/1"] == 1
    assert run.stats["rivalwatch/fetch_errors"] == 1
    assert run.stats["rivalwatch/not_modified"] == PAGES - 1
    assert run.healthy, run.health_reasons  # one failed page of eight
    assert crawls.events(run.id) == []
    after = crawls.current_facts()
    value, valid_from, last_seen, missing = after[("product", "sku:SKU-1", "price")]
    assert (value, valid_from, last_seen) == before[("product", "sku:SKU-1", "price")][:3]  # not seen
    assert missing == 1
    assert after[("product", "sku:SKU-0", "price")][2] > before[("product", "sku:SKU-0", "price")][2]


def test_switched_off_per_store(tmp_path, store):
    crawls = Crawls(tmp_path, store, f"sqlite:///{tmp_path / 'rw.sqlite'}")
    crawls.configure(conditional=False)
    crawls.crawl()
    run = crawls.crawl()
    assert run.healthy
    assert sum(store.conditional.values()) == 0 and crawls.validator_urls() == set()
