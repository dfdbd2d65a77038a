"""The benchmark: one row of service levels per store, as defined in design.md "Service levels".

Reads only current facts (``valid_to IS NULL``) of the service subjects, filtered in SQL; the
price index is matched and aggregated in SQL (``storage.price_index.price_levels``). Money stays ``Decimal``.
Definitions (shared by the dashboard, the CLI export and alerts):

- store pickup ("Click & Collect", "Ambil sendiri", "店頭受取", … see ``PICKUP_TERMS``) is not
  delivery: it is reported as ``ship_pickup`` and left out of every other shipping column.
- cheapest option: lowest price, ties broken by fewer maximum days; options without a price are
  skipped, and so are free rows of a store with a free-shipping threshold (a rate-table row such as
  "orders $80+ → FREE" *is* the threshold, reported in its own column). Fastest option: fewest
  maximum days, then fewest minimum days, then lowest price.
- same-day offered: an option delivering in 0 days; next-day: an option within 1 day (so a store
  with same-day also counts as next-day).
- a value a store's pages never stated is ``None`` ("unknown"), never ``False``; so is a value read
  with a confidence below the threshold ("needs review", ``storage.evidence``): it is listed with its
  sentence for review instead of being compared.
"""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal

import pandas as pd
from sqlalchemy import select

from core import fields as catalogue
from storage.changes import show_value
from storage.db import Database
from storage.evidence import NEEDS_REVIEW
from storage.models import Fact, Store
from storage.price_index import price_levels

SERVICE_SUBJECTS = tuple(s.type for s in catalogue.SUBJECTS.values() if s.event)  # shipping, options, returns, support
# Lower-case name fragments of store-pickup options (EN / ID / JA), as written in policy pages.
PICKUP_TERMS = (
    "pickup", "pick up", "pick-up", "collect", "ambil sendiri", "ambil di", "店頭", "店舗受", "店舗で受",
)

# Benchmark column -> (subject_type, field) of the facts it is computed from, for evidence links
# (from the field catalogue's ``columns``).
COLUMN_EVIDENCE: dict[str, tuple[str, str]] = {
    column: (f.subject, f.key) for f in catalogue.FIELDS for column in f.columns
}
# Support field -> benchmark column, for the support fields the benchmark shows.
SUPPORT_COLUMNS = {f.key: f.columns[0] for f in catalogue.of("support") if f.columns}


def _money(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _service_facts(db: Database, store_ids: list[int]) -> dict[int, dict]:
    """Current service facts per store: {store_id: {subject_type: {subject_key: {field: value}}}}."""
    query = select(Fact.store_id, Fact.subject_type, Fact.subject_key, Fact.field, Fact.value).where(
        Fact.store_id.in_(store_ids),
        Fact.subject_type.in_(SERVICE_SUBJECTS),
        Fact.valid_to.is_(None),
        Fact.status != NEEDS_REVIEW,  # unsure readings are listed for review, not benchmarked
    )
    facts: dict[int, dict] = defaultdict(lambda: defaultdict(lambda: defaultdict(dict)))
    with db.read() as s:
        for store_id, subject_type, key, field, raw in s.execute(query):
            facts[store_id][subject_type][key][field] = json.loads(raw)
    return facts


def _options(facts: dict, currency: str) -> list[dict]:
    options = []
    for key, fields in facts.get("shipping_option", {}).items():
        options.append({
            # The label as the store writes it; older facts (before option names were stored) use the key.
            "name": fields.get("name") or key.split("|")[0], "price": _money(fields.get("price")),
            "currency": fields.get("currency") or currency,
            "min_days": fields.get("min_days"), "max_days": fields.get("max_days"),
        })
    return options


def _days(option: dict | None) -> str | None:
    if option is None or option["max_days"] is None:
        return None
    lo, hi = option["min_days"], option["max_days"]
    return f"{hi}" if lo in (None, hi) else f"{lo}–{hi}"


def _is_pickup(option: dict) -> bool:
    return any(term in option["name"].lower() for term in PICKUP_TERMS)


def shipping_levels(facts: dict, currency: str) -> dict:
    """Shipping columns of one store from its current shipping and shipping-option facts."""
    all_options = _options(facts, currency)
    options = [o for o in all_options if not _is_pickup(o)]
    policy = facts.get("shipping", {}).get("policy", {})
    threshold = policy.get("free_shipping_threshold") or {}
    processing = policy.get("processing_days") or {}
    priced = [o for o in options if o["price"] is not None and not (threshold and o["price"] == 0)]
    timed = [o for o in options if o["max_days"] is not None]
    cheapest = min(priced, key=lambda o: (o["price"], o["max_days"] if o["max_days"] is not None else 999), default=None)
    fastest = min(timed, key=lambda o: (o["max_days"], o["min_days"] or 0, o["price"] or 0), default=None)
    return {
        "ship_cheapest_name": cheapest and cheapest["name"],
        "ship_cheapest_price": cheapest and cheapest["price"],
        "ship_cheapest_currency": cheapest and cheapest["currency"],
        "ship_cheapest_days": _days(cheapest),
        "ship_cheapest_max_days": cheapest and cheapest["max_days"],
        "ship_fastest_name": fastest and fastest["name"],
        "ship_fastest_days": _days(fastest),
        "ship_fastest_max_days": fastest and fastest["max_days"],
        "ship_fastest_price": fastest and fastest["price"],
        "ship_fastest_currency": fastest and fastest["currency"],
        "ship_same_day": any(o["max_days"] == 0 for o in timed) if timed else None,
        "ship_next_day": any(o["max_days"] <= 1 for o in timed) if timed else None,
        "ship_options": len(options) or None,
        "ship_pickup": any(map(_is_pickup, all_options)) if all_options else None,
        "free_shipping_threshold": _money(threshold.get("amount")),
        "free_shipping_currency": threshold.get("currency") or (currency if threshold else None),
        "free_shipping_inclusive": threshold.get("inclusive"),
        "processing_days_min": processing.get("min"),
        "processing_days_max": processing.get("max"),
    }


def returns_levels(facts: dict) -> dict:
    """Returns columns of one store from its current return-policy facts."""
    policy = facts.get("returns", {}).get("policy", {})
    fee = policy.get("restocking_fee")
    refund_days = policy.get("refund_processing_days") or {}
    types = policy.get("refund_types")
    return {
        "return_window_days": policy.get("window_days"),
        "return_window_starts": policy.get("window_starts"),
        "returns_accepted": policy.get("accepted"),
        "return_shipping_paid_by": policy.get("return_shipping_paid_by"),
        "free_returns": policy.get("free_returns"),
        "refund_types": ", ".join(types) if types else None,
        "restocking_fee": show_value(json.dumps(fee)) if fee else None,
        "return_label": policy.get("label_provided"),
        "refund_days_min": refund_days.get("min"),
        "refund_days_max": refund_days.get("max"),
    }


def support_levels(facts: dict) -> dict:
    """Support columns of one store from its current support-signal facts."""
    signals = facts.get("support", {}).get("signals", {})
    row = {column: signals.get(field) for field, column in SUPPORT_COLUMNS.items()}
    row["rating_value"] = _money(row["rating_value"])
    return row


def benchmark(db: Database) -> pd.DataFrame:
    """One row per store (own store first, flagged ``own``) with every service level of design.md."""
    with db.read() as s:
        stores = s.execute(
            select(Store.id, Store.slug, Store.name, Store.own, Store.currency).order_by(Store.own.desc(), Store.name)
        ).all()
    if not stores:
        return pd.DataFrame(columns=["store", "store_name", "own", "currency"])
    facts = _service_facts(db, [row.id for row in stores])
    prices = price_levels(db)
    rows = []
    for store in stores:
        store_facts = facts.get(store.id, {})
        row = {"store": store.slug, "store_name": store.name, "own": bool(store.own), "currency": store.currency}
        row |= shipping_levels(store_facts, store.currency)
        row |= returns_levels(store_facts)
        row |= support_levels(store_facts)
        row |= prices.get(store.id, {"products_matched": 0, "products_compared": 0,
                                     "price_index": None, "own_cheapest_share": None})
        rows.append(row)
    return pd.DataFrame(rows, dtype=object).set_index("store", drop=False)


# --- where the own store is worse ------------------------------------------------------------------

RETURNS_ACCEPTED_RANK = catalogue.rank(catalogue.field("returns", "accepted"))  # none < defect_only < any
RETURN_SHIPPING_RANK = catalogue.rank(catalogue.field("returns", "return_shipping_paid_by"))

# (column, which value is better, label naming the competitor's advantage, currency column or None).
# "lower"/"higher" compare numbers; "yes" means True beats False; a dict ranks categories.
COMPARISONS: list[tuple[str, str | dict, str, str | None]] = [
    ("ship_cheapest_price", "lower", "cheaper shipping", "ship_cheapest_currency"),
    ("ship_fastest_max_days", "lower", "faster delivery", None),
    ("ship_same_day", "yes", "offers same-day delivery", None),
    ("ship_next_day", "yes", "offers next-day delivery", None),
    ("free_shipping_threshold", "lower", "lower free-shipping threshold", "free_shipping_currency"),
    ("ship_options", "higher", "more shipping options", None),
    ("ship_pickup", "yes", "offers store pickup", None),
    ("processing_days_max", "lower", "faster order processing", None),
    ("return_window_days", "higher", "longer return window", None),
    ("returns_accepted", RETURNS_ACCEPTED_RANK, "accepts more returns", None),
    ("return_shipping_paid_by", RETURN_SHIPPING_RANK, "pays return shipping", None),
    ("free_returns", "yes", "free returns", None),
    ("return_label", "yes", "provides a return label", None),
    ("refund_days_max", "lower", "faster refunds", None),
    ("support_live_chat", "yes", "has live chat", None),
    ("support_phone", "yes", "has phone support", None),
    ("support_email", "yes", "has email support", None),
    ("support_whatsapp", "yes", "has WhatsApp support", None),
    ("support_24_7", "yes", "support 24/7", None),
    ("support_faq", "yes", "has an FAQ / help centre", None),
    ("support_order_tracking", "yes", "has order tracking", None),
    ("rating_value", "higher", "higher rating", None),
    ("price_index", "lower", "lower prices", None),
]
PRICE_INDEX_PAR = Decimal(100)  # the own store's prices on the competitor's price-index scale


def _missing(value) -> bool:
    return value is None or (not isinstance(value, (str, bool, dict)) and bool(pd.isna(value)))


def _beats(theirs, ours, better) -> bool:
    """True when the competitor's value is strictly better than ours; unknowns never compare."""
    if _missing(theirs) or _missing(ours):
        return False
    if isinstance(better, dict):
        return theirs in better and ours in better and better[theirs] > better[ours]
    if better == "yes":
        return theirs is True and ours is False
    return theirs < ours if better == "lower" else theirs > ours


def compare_to_own(benchmark_df: pd.DataFrame) -> pd.DataFrame:
    """For every store and compared column, a label where that store beats the own store, else None.

    The frame has the benchmark's index and one column per entry of ``COMPARISONS``; the own row
    and cells that cannot be compared (unknown values, different currencies) are None.
    """
    columns = [column for column, *_ in COMPARISONS]
    empty = {column: [None] * len(benchmark_df) for column in columns}
    result = pd.DataFrame(empty, index=benchmark_df.index, dtype=object)
    own_rows = benchmark_df[benchmark_df["own"] == True]  # noqa: E712 - object column
    if own_rows.empty:
        return result
    own = own_rows.iloc[0]
    for index, row in benchmark_df.iterrows():
        if row["own"] is True:
            continue
        for column, better, label, currency in COMPARISONS:
            if column not in row or (currency and row.get(currency) != own.get(currency)):
                continue
            ours = PRICE_INDEX_PAR if column == "price_index" else own[column]
            if _beats(row[column], ours, better):
                result.at[index, column] = label
    return result
