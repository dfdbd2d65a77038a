"""Current prices per product per store, with the own store's matched product beside it
(``rivalwatch prices``): the read an analyst otherwise writes by hand in SQL.

Values are the open facts (``valid_to IS NULL``) of healthy runs; matching follows
``storage.matching`` (confirmed link, else GTIN, else SKU), so this table, the Prices page and the
price index agree.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from storage.changes import show_value
from storage.db import Database
from storage.matching import _money, matched_products
from storage.models import Product, Store
from storage.price_index import product_values

PRICE_COLUMNS = [
    "store", "own", "title", "sku", "gtin", "price", "currency", "availability", "url",
    "own_title", "own_price", "own_currency", "own_url", "match",
]


def current_prices(db: Database, store: str | None = None) -> pd.DataFrame:
    """One row per product (own store first), filtered to ``store`` when given."""
    with db.read() as s:
        price, currency, stock = (product_values(f, None) for f in ("price", "currency", "availability"))
        query = (
            select(Product.id, Store.slug, Store.own, Store.currency.label("store_currency"), Product.title,
                   Product.sku, Product.gtin, Product.url, price.c.value.label("price"),
                   currency.c.value.label("currency"), stock.c.value.label("availability"))
            .join(Store, Store.id == Product.store_id)
            .outerjoin(price, price.c.product_id == Product.id)
            .outerjoin(currency, currency.c.product_id == Product.id)
            .outerjoin(stock, stock.c.product_id == Product.id)
            .where(price.c.value.is_not(None))  # products never priced by a healthy run stay out
            .order_by(Store.own.desc(), Store.slug, Product.title, Product.id)
        )
        if store:
            query = query.where(Store.slug == store)
        rows = list(s.execute(query))
    own = _own_side(db)
    out = []
    for r in rows:
        row = {"store": r.slug, "own": bool(r.own), "title": r.title, "sku": r.sku, "gtin": r.gtin,
               "price": _money(r.price), "currency": show_value(r.currency) if r.currency else r.store_currency,
               "availability": show_value(r.availability) if r.availability else None, "url": r.url}
        out.append(row | own.get(r.id, dict.fromkeys(PRICE_COLUMNS[9:])))
    return pd.DataFrame(out, columns=PRICE_COLUMNS, dtype=object)


def _own_side(db: Database) -> dict[int, dict]:
    """competitor product id → the matched own product's title, price, currency, URL and how it matched."""
    pairs = matched_products(db)
    if pairs.empty:
        return {}
    with db.read() as s:
        urls = dict(s.execute(select(Product.id, Product.url).where(Product.id.in_([int(i) for i in pairs["own_id"]]))).all())
    return {int(p["product_id"]): {"own_title": p["own_title"], "own_price": p["own_price"],
                                   "own_currency": p["own_currency"], "own_url": urls.get(int(p["own_id"])),
                                   "match": p["how"]}
            for _, p in pairs.iterrows()}
