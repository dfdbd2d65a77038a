"""Product matching across stores: matched pairs with prices, title-based suggestions for unmatched
products, the analyst's confirmation (the one write here) and price history per matched product.

A competitor product matches an own product by an explicit link (``own_product_id``, set when an
analyst confirms a suggestion), else by GTIN, else by SKU — the same rules as the price index
(``storage.price_index.matched_pairs``), so the Prices page and the benchmark never disagree.
"""

from __future__ import annotations

import difflib
import re
from decimal import Decimal

import pandas as pd
from sqlalchemy import func, select, update
from sqlalchemy.orm import aliased

from storage.changes import show_value
from storage.db import Database
from storage.models import CrawlRun, Fact, Product, Store
from storage.price_index import matched_pairs, price_levels, product_values
from storage.queries import _utc  # one definition of "SQLite hands back naive UTC times"

MATCH_COLUMNS = [
    "own_id", "own_title", "brand", "store", "store_name", "product_id", "title", "url", "how",
    "own_price", "price", "currency", "own_currency",
]
SUGGESTION_LIMIT = 500  # unmatched products scored per call: difflib is O(n·m)
_WORDS = re.compile(r"[^\w]+")


def _own_store_id(s) -> int | None:
    return s.scalar(select(Store.id).where(Store.own.is_(True)).order_by(Store.id).limit(1))


def _money(raw: str | None) -> Decimal | None:
    return None if raw is None else Decimal(show_value(raw))


def matched_products(db: Database) -> pd.DataFrame:
    """One row per (own product, competitor product) pair with both current prices and currencies."""
    with db.read() as s:
        own_id = _own_store_id(s)
        if own_id is None:
            return pd.DataFrame(columns=MATCH_COLUMNS)
        pairs = matched_pairs(own_id)
        own, comp = aliased(Product), aliased(Product)
        own_store = aliased(Store)
        prices, currencies = product_values("price", None), product_values("currency", None)
        op, cp, ocur, ccur = prices.alias("op"), prices.alias("cp"), currencies.alias("ocur"), currencies.alias("ccur")
        query = (
            select(pairs.c.own_id, own.title.label("own_title"), own.brand, Store.slug.label("store"),
                   Store.name.label("store_name"), comp.id.label("product_id"), comp.title, comp.url, pairs.c.how,
                   op.c.value.label("own_price"), cp.c.value.label("price"), ccur.c.value.label("currency"),
                   ocur.c.value.label("own_cur"), Store.currency.label("store_cur"),
                   own_store.currency.label("own_store_cur"))
            .select_from(pairs)
            .join(own, own.id == pairs.c.own_id)
            .join(comp, comp.id == pairs.c.comp_id)
            .join(Store, Store.id == comp.store_id)
            .join(own_store, own_store.id == own.store_id)
            .outerjoin(op, op.c.product_id == own.id)
            .outerjoin(cp, cp.c.product_id == comp.id)
            .outerjoin(ocur, ocur.c.product_id == own.id)
            .outerjoin(ccur, ccur.c.product_id == comp.id)
            .order_by(own.title, Store.name)
        )
        rows = [_match_row(r) for r in s.execute(query)]
    return pd.DataFrame(rows, columns=MATCH_COLUMNS, dtype=object)


def _match_row(r) -> dict:
    row = {c: getattr(r, c, None) for c in MATCH_COLUMNS}
    row["own_price"], row["price"] = _money(r.own_price), _money(r.price)
    row["currency"] = show_value(r.currency) if r.currency else r.store_cur
    row["own_currency"] = show_value(r.own_cur) if r.own_cur else r.own_store_cur
    return row


def _normal(title: str | None) -> str:
    return " ".join(_WORDS.split((title or "").lower())).strip()


def match_suggestions(db: Database, cutoff: float = 0.55, per_product: int = 3) -> pd.DataFrame:
    """Unmatched competitor products with the own products whose titles look alike (difflib ratio),
    best first, for an analyst to confirm; nothing is linked until ``confirm_match``."""
    columns = ["product_id", "store", "store_name", "title", "url", "own_id", "own_title", "score"]
    with db.read() as s:
        own_id = _own_store_id(s)
        if own_id is None:
            return pd.DataFrame(columns=columns)
        pairs = matched_pairs(own_id)
        own = s.execute(select(Product.id, Product.title).where(Product.store_id == own_id)).all()
        unmatched = s.execute(
            select(Product.id, Store.slug, Store.name, Product.title, Product.url)
            .join(Store, Store.id == Product.store_id)
            .where(Product.store_id != own_id, Product.id.not_in(select(pairs.c.comp_id)))
            .order_by(Store.name, Product.title)
            .limit(SUGGESTION_LIMIT)
        ).all()
    own_titles = {pid: _normal(title) for pid, title in own}
    own_by_id = dict(own)
    rows = []
    for pid, slug, name, title, url in unmatched:
        matcher = difflib.SequenceMatcher(b=_normal(title), autojunk=False)
        scored = []
        for oid, normal in own_titles.items():
            matcher.set_seq1(normal)
            if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff:
                scored.append((round(matcher.ratio(), 2), oid))
        for score, oid in sorted(scored, reverse=True)[:per_product]:
            if score >= cutoff:
                rows.append({"product_id": pid, "store": slug, "store_name": name, "title": title, "url": url,
                             "own_id": oid, "own_title": own_by_id[oid], "score": score})
    return pd.DataFrame(rows, columns=columns, dtype=object)


def confirm_match(db: Database, product_id: int, own_product_id: int | None) -> None:
    """Link a competitor product to an own product (``None`` removes the link).

    Raises ValueError unless ``own_product_id`` belongs to the own store and ``product_id`` to another.
    """
    with db.session() as s:
        own_store = _own_store_id(s)
        store_of = dict(s.execute(
            select(Product.id, Product.store_id).where(Product.id.in_([product_id, own_product_id or -1]))).all())
        if product_id not in store_of or store_of[product_id] == own_store:
            raise ValueError(f"product {product_id} is not a competitor product")
        if own_product_id is not None and store_of.get(own_product_id) != own_store:
            raise ValueError(f"product {own_product_id} is not a product of the own store")
        s.execute(update(Product).where(Product.id == product_id).values(own_product_id=own_product_id))


def product_price_history(db: Database, own_product_id: int) -> pd.DataFrame:
    """Price intervals of an own product and of every competitor product matched to it."""
    columns = ["store", "store_name", "product_id", "title", "price", "valid_from", "valid_to", "last_seen_at"]
    with db.read() as s:
        own_store = _own_store_id(s)
        if own_store is None:
            return pd.DataFrame(columns=columns)
        pairs = matched_pairs(own_store)
        ids = [own_product_id, *s.scalars(select(pairs.c.comp_id).where(pairs.c.own_id == own_product_id))]
        query = (
            select(Store.slug, Store.name, Product.id, Product.title, Fact.value, Fact.valid_from, Fact.valid_to,
                   Fact.last_seen_at)
            .join(Product, Product.id == Fact.product_id)
            .join(Store, Store.id == Product.store_id)
            .where(Fact.product_id.in_(ids), Fact.field == "price")
            .order_by(Store.slug, Fact.valid_from)
        )
        rows = [dict(zip(columns, (*r[:4], _money(r.value), *map(_utc, r[5:])))) for r in s.execute(query)]
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    for column in ("valid_from", "valid_to", "last_seen_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def price_index_history(db: Database, points: int = 30) -> pd.DataFrame:
    """Each competitor's price index after the last crawl of each day (latest ``points`` days)."""
    columns = ["at", "store", "store_name", "price_index", "products_compared"]
    with db.session() as s:
        days = s.scalars(
            # Facts start at their run's finished_at, so the last applied run of a day closes that day.
            select(func.max(CrawlRun.finished_at)).where(CrawlRun.applied_at.is_not(None))
            .group_by(func.date(CrawlRun.finished_at)).order_by(func.max(CrawlRun.finished_at).desc()).limit(points)
        ).all()
        names = dict(s.execute(select(Store.id, Store.slug)).all())
        labels = dict(s.execute(select(Store.slug, Store.name)).all())
    rows = []
    for at in sorted(days):
        for store_id, level in price_levels(db, at=at, own_row=False).items():
            if level["price_index"] is not None:
                rows.append({"at": _utc(at), "store": names[store_id], "store_name": labels[names[store_id]],
                             "price_index": level["price_index"], "products_compared": level["products_compared"]})
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    frame["at"] = pd.to_datetime(frame["at"], utc=True)
    return frame
