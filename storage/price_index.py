"""The price index: matching own and competitor products, and aggregating their prices in SQL.

A competitor product matches an own product by an explicit link (``own_product_id``), else by the
same GTIN, else by the same SKU. Price index = 100 × mean(competitor ÷ own price) over matched
products priced in the same currency, computed for the current prices or for those valid at an
instant (the index over time). Used by the benchmark (``storage.service_levels``) and the
Prices page (``storage.matching``).
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import Float, case, cast, func, literal, or_, select, union_all
from sqlalchemy.orm import aliased

from storage.db import Database
from storage.models import Fact, Product, Store


def matched_pairs(own_store_id: int):
    """(own product, competitor product, how) pairs: explicit link, else same GTIN, else same SKU.

    SKUs are compared only when one side has no GTIN, so a GTIN conflict is never overruled by a
    coincidental SKU. Each branch is an indexed equality join (``gtin`` index, ``(store_id, key)``
    unique index, whose key is ``sku:…`` whenever a SKU exists).
    """
    o, c = aliased(Product), aliased(Product)

    def branch(how, on, *where):
        cols = select(o.id.label("own_id"), c.id.label("comp_id"), c.store_id.label("store_id"),
                      literal(how).label("how"))
        return cols.join_from(o, c, on).where(o.store_id == own_store_id, c.store_id != own_store_id, *where)

    unlinked = c.own_product_id.is_(None)
    return union_all(
        branch("confirmed", c.own_product_id == o.id),
        branch("GTIN", c.gtin == o.gtin, unlinked),
        branch("SKU", c.key == o.key, unlinked, o.key.like("sku:%"), or_(o.gtin.is_(None), c.gtin.is_(None))),
    ).cte("pairs")


def valid_at(fact, at: datetime | None):
    """The fact's value holds now (``at`` None: the open interval) or held at the instant ``at``."""
    if at is None:
        return fact.valid_to.is_(None)
    return (fact.valid_from <= at) & (fact.valid_to.is_(None) | (fact.valid_to > at))


def product_values(field: str, at: datetime | None):
    """Product facts of one field holding now (or at ``at``), as a CTE both sides of a pair read.

    For current values the ``store_id`` / ``subject_type`` / ``valid_to IS NULL`` filter matches
    ``ix_facts_current``, so the database reads the open facts once instead of walking every past
    interval of every matched product (100 intervals a product make that 100× slower).
    """
    fact = aliased(Fact)
    query = select(fact.product_id, fact.store_id, fact.value).where(
        fact.subject_type == "product", fact.field == field, valid_at(fact, at))
    if at is None:
        query = query.where(fact.store_id.in_(select(Store.id)))
    return query.cte(f"{field}_values")


def _side(values, product_id, field: str, at: datetime | None):
    """(join target, on-clause, value column, store column) of one product field of a pair.

    Current values come from the shared CTE; values at an instant are found per product with an
    index seek for the latest ``valid_from <= at`` (``ix_facts_product_history``), because scanning
    every interval of every product once per point of a time series is too slow at 1M rows.
    """
    if at is None:
        return values, values.c.product_id == product_id, values.c.value, values.c.store_id
    fact, earlier = aliased(Fact), aliased(Fact)
    start = (select(func.max(earlier.valid_from))
             .where(earlier.product_id == product_id, earlier.field == field, earlier.valid_from <= at)
             .scalar_subquery())
    on = ((fact.product_id == product_id) & (fact.field == field) & (fact.valid_from == start)
          & (fact.valid_to.is_(None) | (fact.valid_to > at)))
    return fact, on, fact.value, fact.store_id


def _priced_pairs(own_store_id: int, at: datetime | None = None):
    """Matched pairs with both prices (current, or as of ``at``) and whether currencies agree (1/0)."""
    pairs = matched_pairs(own_store_id)
    prices = product_values("price", None).alias("op") if at is None else None
    currencies = product_values("currency", None) if at is None else None
    op = _side(prices, pairs.c.own_id, "price", at)
    cp = _side(prices.alias("cp") if prices is not None else None, pairs.c.comp_id, "price", at)
    ocur = _side(currencies.alias("ocur") if currencies is not None else None, pairs.c.own_id, "currency", at)
    ccur = _side(currencies.alias("ccur") if currencies is not None else None, pairs.c.comp_id, "currency", at)
    own_store, comp_store = aliased(Store), aliased(Store)

    def number(value):
        # Prices are JSON strings ("90000"); the index is a dimensionless ratio, so float is fine.
        return cast(func.replace(value, '"', ""), Float)

    def currency(value, store):
        return func.coalesce(func.replace(value, '"', ""), store.currency)

    same = case((currency(ocur[2], own_store) == currency(ccur[2], comp_store), 1), else_=0)
    return (
        select(pairs.c.store_id, pairs.c.own_id, number(op[2]).label("own_price"),
               number(cp[2]).label("comp_price"), same.label("same_currency"))
        .select_from(pairs)
        .join(op[0], op[1])
        .join(cp[0], cp[1])
        .outerjoin(ocur[0], ocur[1])
        .outerjoin(ccur[0], ccur[1])
        .join(own_store, own_store.id == op[3])
        .join(comp_store, comp_store.id == cp[3])
        .subquery("priced")
    )


def _percent(ratio: float | None) -> Decimal | None:
    if ratio is None:
        return None
    return (Decimal(str(ratio)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def price_levels(db: Database, at: datetime | None = None, own_row: bool = True) -> dict[int, dict]:
    """Price columns per store id: products matched / compared, price index, own-cheapest share.

    With ``at`` the prices valid at that instant are used (the price index over time);
    ``own_row=False`` skips the own store's row (two more passes over the pairs).

    Price index = 100 × mean(competitor price ÷ own price) over matched products priced in the same
    currency; ``own_cheapest_share`` = % of those where the own price is strictly lower. On the own
    row, "matched" counts own products matched by any competitor, and the share is where the own
    price is lower than every competitor's.
    """
    with db.read() as s:
        own_id = s.scalar(select(Store.id).where(Store.own.is_(True)).order_by(Store.id).limit(1))
        if own_id is None:
            return {}
        p = _priced_pairs(own_id, at)
        same = p.c.same_currency == 1
        cheaper = case((p.c.own_price < p.c.comp_price, 1.0), else_=0.0)
        per_store = select(
            p.c.store_id, func.count().label("matched"), func.sum(p.c.same_currency).label("compared"),
            func.avg(case((same, p.c.comp_price / p.c.own_price))).label("ratio"),
            func.avg(case((same, cheaper))).label("share"),
        ).group_by(p.c.store_id)
        result = {
            r.store_id: {"products_matched": r.matched, "products_compared": int(r.compared or 0),
                         "price_index": _percent(r.ratio), "own_cheapest_share": _percent(r.share)}
            for r in s.execute(per_store)
        }
        if own_row:
            result[own_id] = _own_row(s, p)
    return result


def _own_row(s, p) -> dict:
    per_product = (
        select(p.c.own_id, func.max(p.c.own_price).label("own_price"), func.min(p.c.comp_price).label("best"))
        .where(p.c.same_currency == 1)
        .group_by(p.c.own_id)
        .subquery()
    )
    matched = s.scalar(select(func.count(func.distinct(p.c.own_id))))
    compared, share = s.execute(
        select(func.count(), func.avg(case((per_product.c.own_price < per_product.c.best, 1.0), else_=0.0)))
    ).one()
    return {"products_matched": matched or 0, "products_compared": compared or 0,
            "price_index": None, "own_cheapest_share": _percent(share)}
