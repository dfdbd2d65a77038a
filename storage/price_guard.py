"""Quarantine implausible price jumps (reliability row G9): a suspected extraction error, not a change.

A new product price at or below ``ratio`` × its 30-day median (default 0.2: a 19.99 item read as
0.19, or as 0) or at or above median ÷ ``ratio`` (5×: a price read with its cents as whole units)
needs more confirmation than an ordinary change: ``suspect_confirm_runs`` consecutive healthy runs,
i.e. ``max(confirm_runs, 2) + 1``. Until then it waits in ``pending_changes`` like any unconfirmed
value — no change event, no alert — and a run that reads the old price again drops it.

The median is over the store's confirmed price facts (intervals) of the last ``WINDOW_DAYS``, each
weighted by how long it held inside the window, so one short-lived price cannot move it. A product
without 30 days of history uses what it has (at least its current price).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from storage.models import Fact, PendingChange, Product, Store

WINDOW_DAYS = 30
DEFAULT_RATIO = 0.2


def suspect_confirm_runs(confirm_runs: int) -> int:
    """Consecutive healthy runs a quarantined price must be read in before it counts."""
    return max(confirm_runs, 2) + 1


def price_of(value: str) -> Decimal | None:
    """The number in a canonical-JSON price value, or None."""
    try:
        number = Decimal(json.loads(value))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() else None


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def weighted_median(samples: list[tuple[Decimal, float]]) -> Decimal | None:
    """The value at which half the total weight is reached (weights are durations)."""
    if not samples:
        return None
    ordered = sorted(samples)
    half, running = sum(weight for _value, weight in ordered) / 2, 0.0
    for value, weight in ordered:
        running += weight
        if running >= half:
            return value
    return ordered[-1][0]


def is_suspect(new_price: Decimal, median: Decimal | None, ratio: float | None) -> bool:
    """True when ``new_price`` is an implausible jump from ``median`` (≤ ratio × or ≥ 1/ratio ×)."""
    if ratio is None or median is None or median <= 0:
        return False
    factor = Decimal(str(ratio))
    return new_price <= median * factor or new_price >= median / factor


def median_prices(session, store_id: int, subject_keys: list[str], now: datetime) -> dict[str, Decimal]:
    """30-day, time-weighted median of the confirmed price of each product key."""
    now = _utc(now)
    start = now - timedelta(days=WINDOW_DAYS)
    samples: dict[str, list[tuple[Decimal, float]]] = {}
    for offset in range(0, len(subject_keys), 500):
        chunk = subject_keys[offset : offset + 500]
        rows = session.execute(
            select(Fact.subject_key, Fact.value, Fact.valid_from, Fact.valid_to).where(
                Fact.store_id == store_id, Fact.subject_type == "product", Fact.field == "price",
                Fact.subject_key.in_(chunk), (Fact.valid_to.is_(None)) | (Fact.valid_to >= start),
            )
        )
        for key, value, valid_from, valid_to in rows:
            price = price_of(value)
            if price is None:
                continue
            held_from, held_to = max(_utc(valid_from), start), min(_utc(valid_to) if valid_to else now, now)
            # At least one second: a price confirmed a moment ago still counts.
            samples.setdefault(key, []).append((price, max((held_to - held_from).total_seconds(), 1.0)))
    return {key: median for key, values in samples.items() if (median := weighted_median(values)) is not None}


@dataclass(frozen=True)
class QuarantinedPrice:
    """A price held as a suspected extraction error, for the Crawl-health page."""

    store_slug: str
    store_name: str
    product_key: str
    product_title: str | None
    suspect_price: Decimal
    median_price: Decimal
    seen_runs: int
    first_run_id: int
    last_run_id: int


def quarantined_prices(session, ratio: float | None = DEFAULT_RATIO, store_slug: str | None = None) -> list[QuarantinedPrice]:
    """Pending product prices that are implausible against their 30-day median, newest first."""
    query = (
        select(PendingChange, Store.slug, Store.name, Product.title)
        .join(Store, Store.id == PendingChange.store_id)
        .outerjoin(Product, Product.id == PendingChange.product_id)
        .where(PendingChange.subject_type == "product", PendingChange.field == "price")
        .order_by(PendingChange.last_run_id.desc())
    )
    if store_slug is not None:
        query = query.where(Store.slug == store_slug)
    rows = session.execute(query).all()
    now = datetime.now(timezone.utc)
    medians: dict[int, dict[str, Decimal]] = {}
    found = []
    for pending, slug, name, title in rows:
        store_medians = medians.get(pending.store_id)
        if store_medians is None:
            keys = [p.subject_key for p, *_rest in rows if p.store_id == pending.store_id]
            store_medians = medians[pending.store_id] = median_prices(session, pending.store_id, keys, now)
        price, median = price_of(pending.value), store_medians.get(pending.subject_key)
        if price is not None and is_suspect(price, median, ratio):
            found.append(QuarantinedPrice(slug, name, pending.subject_key, title or pending.subject_label, price,
                                          median, pending.seen_runs, pending.first_run_id, pending.last_run_id))
    return found
