"""The products the demo stores sell, shared by GTIN so prices can be compared across stores.

Each store module picks products from ``PRODUCTS`` and sets its own SKU, price and stock with
``offer``. GTINs are valid EAN-13 codes with the Indonesian 899 prefix (invented, not real items).
"""

from __future__ import annotations

from dataclasses import dataclass

KOPI = "8991234010014"
TEH = "8991234010021"
MADU = "8991234010038"
GULA = "8991234010045"
SAMBAL = "8991234010052"
VCO = "8991234010069"


@dataclass(frozen=True)
class Product:
    """A product as its maker describes it (the same at every store)."""

    gtin: str
    title: str
    handle: str
    brand: str
    description: str


PRODUCTS: dict[str, Product] = {
    p.gtin: p
    for p in (
        Product(KOPI, "Kopi Arabika Gayo 250g", "kopi-arabika-gayo-250g", "Kopi Dataran Tinggi",
                "Biji kopi arabika Gayo, sangrai medium, 250 gram."),
        Product(TEH, "Teh Hijau Melati 100g", "teh-hijau-melati-100g", "Kebun Puncak",
                "Teh hijau tubruk dengan bunga melati, 100 gram."),
        Product(MADU, "Madu Hutan Sumbawa 500ml", "madu-hutan-sumbawa-500ml", "Lebah Rimba",
                "Madu hutan liar dari Sumbawa, 500 ml, tanpa campuran."),
        Product(GULA, "Gula Aren Organik 500g", "gula-aren-organik-500g", "Aren Lestari",
                "Gula aren bubuk organik, 500 gram."),
        Product(SAMBAL, "Sambal Roa Khas Manado 200g", "sambal-roa-khas-manado-200g", "Dapur Minahasa",
                "Sambal ikan roa asap, pedas, botol kaca 200 gram."),
        Product(VCO, "Minyak Kelapa Murni (VCO) 250ml", "minyak-kelapa-murni-vco-250ml", "Nyiur Hijau",
                "Virgin coconut oil, proses dingin, 250 ml."),
    )
}


def offer(gtin: str, sku: str, price: str, was_price: str | None = None,
          availability: str = "InStock", path: str | None = None) -> tuple[str, dict]:
    """One product fact as a store publishes it: ``(gtin, {title, sku, brand, price, ...})``.

    Prices are canonical decimal strings (``"89000"``); ``path`` is the product page's URL path.
    """
    product = PRODUCTS[gtin]
    return gtin, {
        "title": product.title,
        "sku": sku,
        "brand": product.brand,
        "price": price,
        "was_price": was_price,
        "availability": availability,
        "path": path or f"/produk/{product.handle}",
    }


def view_count(gtin: str, salt: int = 0) -> int:
    """A stable "seen by N people" counter (page noise that never changes between crawls)."""
    return (int(gtin[-6:]) * 7 + salt * 13) % 97 + 3
