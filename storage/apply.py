"""Apply a healthy run: turn its staged items into fact intervals and change events, atomically.

Rules (``ApplyPolicy``) that keep change events honest:
- an unchanged value only moves ``last_seen_at``;
- a new value of a known field must be seen in ``confirm_runs`` consecutive healthy runs before it
  replaces the old one and counts as a change (until then it waits in ``pending_changes``), so an
  A/B test flipping between two prices raises nothing;
- a value not seen stays current ("not seen"); only after ``remove_after_runs`` consecutive healthy
  runs without it is it closed and reported as removed;
- when more than ``max_change_share`` of a store's products change price in one run, the changes
  are held and one "possible extraction problem" event is raised instead of a flood
  (``release_held`` applies them after an analyst checked);
- the store's first applied run is its baseline and raises no events;
- policy facts read with confidence below ``confidence_threshold`` are stored as "needs review" and
  analyst overrides replace extracted values; neither is compared (``storage.merge``), and an
  override is suspended with one re-check event when its page's wording changes (``storage.overrides``);
- a price at or below ``suspect_price_ratio`` × its 30-day median, or at or above median ÷ ratio, is
  quarantined as a suspected extraction error: it needs ``max(confirm_runs, 2) + 1`` consecutive
  runs before it counts (``storage.price_guard``); the run's stats count such prices
  (``rivalwatch/quarantined_prices``) for the Crawl-health page.
Applying is idempotent: a run already applied is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select

from storage.db import Database
from storage.evidence import DEFAULT_THRESHOLD
from storage.facts import FactValue, item_facts
from storage.merge import FactMerger
from storage.models import CrawlRun, StagedItem, Store, utcnow
from storage.overrides import apply_overrides
from storage.price_guard import DEFAULT_RATIO
from storage.products import upsert_products
from storage.texts import save_policy_texts


@dataclass(frozen=True)
class ApplyPolicy:
    """Per-store change-detection settings (from the store config)."""

    confirm_runs: int = 1
    remove_after_runs: int = 3
    max_change_share: float | None = 0.3
    min_products_for_share: int = 10
    suspect_price_ratio: float | None = DEFAULT_RATIO
    # Policy facts read with a lower confidence are stored as "needs review" and never compared.
    confidence_threshold: float = DEFAULT_THRESHOLD
    # Analyst overrides: (path such as "returns.window_days", canonical JSON value) pairs.
    overrides: tuple[tuple[str, str], ...] = ()


def _observed(items: list[dict]) -> dict[tuple[str, str, str], FactValue]:
    observed: dict[tuple[str, str, str], FactValue] = {}
    for item in items:
        for fact in item_facts(item):
            key = (fact.subject_type, fact.subject_key, fact.field)
            previous = observed.get(key)
            # Support signals come from several pages: a channel seen on any page is offered.
            if previous is not None and fact.subject_type == "support" and previous.value == "true":
                continue
            observed[key] = fact
    return observed


def apply_run(db: Database, run_id: int, policy: ApplyPolicy | None = None) -> int:
    """Apply a healthy, finished run; return the number of change events created."""
    policy = policy or ApplyPolicy()
    with db.session() as s:
        run = s.get(CrawlRun, run_id)
        if run is None or not run.healthy:
            return 0
        # One apply per store at a time (a row lock on PostgreSQL; SQLite's BEGIN IMMEDIATE already
        # serialises writers), then re-check: a concurrent worker may have applied this run.
        s.execute(select(Store.id).where(Store.id == run.store_id).with_for_update())
        s.refresh(run)
        if run.applied_at is not None:
            return 0
        now = run.finished_at or utcnow()
        items = [row.data for row in s.scalars(select(StagedItem).where(StagedItem.run_id == run_id))]
        if not items:
            # Nothing observed is no evidence of absence (and no baseline): leave history alone.
            return 0
        product_ids = upsert_products(s, run.store_id, items, now)
        save_policy_texts(s, items, now)
        merger = FactMerger(s, run, policy, product_ids, now)
        observed = _observed(items)
        rechecks = apply_overrides(s, run, policy.overrides, observed, now)
        events = merger.merge(observed) + len(rechecks)
        if merger.quarantined:
            run.stats = {**(run.stats or {}), "rivalwatch/quarantined_prices": len(merger.quarantined)}
        s.execute(delete(StagedItem).where(StagedItem.run_id == run_id))
        run.applied_at = utcnow()
        return events


def release_held(db: Database, store_slug: str) -> int:
    """Apply the changes the mass-change guard held for a store; return the events created."""
    with db.session() as s:
        store_id = s.scalar(select(Store.id).where(Store.slug == store_slug))
        if store_id is None:
            raise LookupError(f"unknown store {store_slug!r}")
        run = s.scalar(
            select(CrawlRun)
            .where(CrawlRun.store_id == store_id, CrawlRun.applied_at.is_not(None))
            .order_by(CrawlRun.id.desc())
            .limit(1)
        )
        if run is None:
            return 0
        return FactMerger(s, run, ApplyPolicy(), {}, utcnow()).release_held()


def apply_policy(config, settings=None):
    """The ``ApplyPolicy`` of a store's config (``core.config.models.StoreConfig``): its change rules,
    the confidence threshold of ``settings`` (``rivalwatch.yaml``), its analyst overrides."""
    from storage.evidence import DEFAULT_THRESHOLD
    from storage.facts import canonical

    overrides = config.overrides.values(config.currency) if config.overrides else {}
    threshold = settings.confidence_threshold if settings is not None else DEFAULT_THRESHOLD
    return ApplyPolicy(config.confirm_runs, config.remove_after_runs, config.max_change_share,
                       suspect_price_ratio=config.suspect_price_ratio, confidence_threshold=threshold,
                       overrides=tuple(sorted((p, canonical(v)) for p, v in overrides.items())))
