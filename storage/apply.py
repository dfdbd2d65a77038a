"""Apply a healthy run: turn its staged items into fact intervals and change events, atomically.

Unchanged values only move ``last_seen_at``; a changed value closes the old interval, opens a new
one and records a change event; a value not seen in this run stays open ("not seen", not
"removed"). Applying is idempotent: a run already applied is skipped.
"""

from __future__ import annotations

from sqlalchemy import delete, insert, select, update

from storage.changes import describe_change
from storage.db import Database
from storage.facts import FactValue, item_facts, product_key
from storage.models import ChangeEvent, CrawlRun, Fact, Product, StagedItem, utcnow


def _upsert_products(s, store_id: int, items: list[dict], now) -> dict[str, int]:
    existing = {p.key: p for p in s.scalars(select(Product).where(Product.store_id == store_id))}
    for item in items:
        if item["kind"] != "product":
            continue
        key = product_key(item)
        product = existing.get(key)
        if product is None:
            product = Product(store_id=store_id, key=key, first_seen_at=now)
            s.add(product)
            existing[key] = product
        product.url = item.get("url")
        product.title = item.get("title") or product.title
        product.sku, product.gtin = item.get("sku"), item.get("gtin")
        product.mpn, product.brand = item.get("mpn"), item.get("brand")
        product.last_seen_at = now
    s.flush()
    return {key: p.id for key, p in existing.items()}


def _has_baseline(s, store_id: int, run_id: int) -> bool:
    prior = select(CrawlRun.id).where(
        CrawlRun.store_id == store_id, CrawlRun.id != run_id, CrawlRun.applied_at.is_not(None)
    )
    return s.scalar(prior.limit(1)) is not None


def apply_run(db: Database, run_id: int) -> int:
    """Apply a healthy, finished run; return the number of change events created."""
    with db.session() as s:
        run = s.get(CrawlRun, run_id)
        if run is None or run.applied_at is not None or not run.healthy:
            return 0
        now = run.finished_at or utcnow()
        items = [row.data for row in s.scalars(select(StagedItem).where(StagedItem.run_id == run_id))]
        product_ids = _upsert_products(s, run.store_id, items, now)
        observed: dict[tuple[str, str, str], FactValue] = {}
        for item in items:
            for fact in item_facts(item):
                observed[(fact.subject_type, fact.subject_key, fact.field)] = fact
        events = _merge_facts(s, run, observed, product_ids, now)
        s.execute(delete(StagedItem).where(StagedItem.run_id == run_id))
        run.applied_at = utcnow()
        return events


def _merge_facts(s, run, observed, product_ids, now) -> int:
    current = {
        (f.subject_type, f.subject_key, f.field): f
        for f in s.scalars(select(Fact).where(Fact.store_id == run.store_id, Fact.valid_to.is_(None)))
    }
    known_subjects = {(t, k) for (t, k, _f) in current}
    baseline = _has_baseline(s, run.store_id, run.id)
    seen_ids, new_rows, events, added_subjects = [], [], [], set()
    for key, fact in observed.items():
        old = current.get(key)
        if old is not None and old.value == fact.value:
            seen_ids.append(old.id)
            continue
        product_id = product_ids.get(fact.product_key) if fact.product_key else None
        new_rows.append(_fact_row(run, fact, product_id, now))
        if old is not None:
            s.execute(update(Fact).where(Fact.id == old.id).values(valid_to=now))
        subject = (fact.subject_type, fact.subject_key)
        if not baseline or fact.field == "title" or (fact.subject_type == "policy_text" and old is None):
            continue  # the first crawl is the baseline; titles and new pages are not news
        if old is None and subject not in known_subjects:
            if subject in added_subjects:
                continue
            added_subjects.add(subject)
            events.append(_event(run, fact, product_id, None, now, kind="added"))
        else:
            events.append(_event(run, fact, product_id, old.value if old else None, now))
    if seen_ids:
        for chunk in range(0, len(seen_ids), 500):
            ids = seen_ids[chunk : chunk + 500]
            s.execute(update(Fact).where(Fact.id.in_(ids)).values(last_seen_at=now, last_run_id=run.id))
    if new_rows:
        s.execute(insert(Fact), new_rows)
    if events:
        s.execute(insert(ChangeEvent), events)
    return len(events)


def _fact_row(run, fact: FactValue, product_id, now) -> dict:
    return dict(
        store_id=run.store_id, product_id=product_id, subject_type=fact.subject_type,
        subject_key=fact.subject_key, field=fact.field, value=fact.value, source_url=fact.source_url,
        provenance=(fact.provenance or "")[:300] or None, valid_from=now, valid_to=None,
        last_seen_at=now, first_run_id=run.id, last_run_id=run.id,
    )


def _event(run, fact: FactValue, product_id, old_value, now, kind: str = "changed") -> dict:
    summary, magnitude = describe_change(fact, old_value, kind)
    return dict(
        store_id=run.store_id, run_id=run.id, product_id=product_id, subject_type=fact.subject_type,
        subject_key=fact.subject_key, subject_label=fact.label, field="*" if kind == "added" else fact.field,
        kind=kind, old_value=old_value, new_value=fact.value, magnitude=magnitude, summary=summary,
        detected_at=now,
    )
