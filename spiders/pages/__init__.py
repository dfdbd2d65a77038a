"""Page objects: extraction of products, shipping, returns and support signals from raw pages.

Every function takes raw text (str or bytes) and a URL, never a Scrapy response, so the spider,
the CLI and tests call the same code. See ``product`` for the layer order.
"""

from spiders.pages.listing import find_next_page, find_product_links
from spiders.pages.platforms import products_from_shopify, products_from_woocommerce, shopify_currency
from spiders.pages.product import extract_product
from spiders.pages.shipping_returns import extract_returns, extract_shipping
from spiders.pages.support import extract_support

__all__ = [
    "extract_product", "extract_returns", "extract_shipping", "extract_support",
    "find_next_page", "find_product_links", "products_from_shopify", "products_from_woocommerce", "shopify_currency",
]
