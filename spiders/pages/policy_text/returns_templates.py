"""Platform default return-policy texts (Shopify, WooCommerce, BigCommerce, BASE and translations).

Many stores publish their platform's sample policy nearly unchanged. Recognising the template's
signature sentence tells what it means for sure: all three are "returns for any reason within N
days" policies, so ``accepted`` is ``any`` with the template sentence as evidence, and its refusal
sentence ("If 30 days have gone by since your purchase, we can't offer you a refund or exchange")
is the end of the window, not a refusal of returns.
"""

from __future__ import annotations

import re

from .layout import Unit

# (template name, signature sentence; EN and its common ID / JA translations)
SIGNATURES = [
    ("shopify", re.compile(r"we have a \d+[- ]day return policy|you have \d+ days after receiving your item to request a "
                           r"return|kami memiliki kebijakan pengembalian \d+ hari|\d+日間の返品ポリシー", re.I)),
    ("shopify-legacy", re.compile(r"our policy lasts \d+ days|kebijakan (?:pengembalian )?(?:kami )?berlaku selama \d+ hari|"
                                  r"if \d+ days have gone by since your purchase", re.I)),
    ("woocommerce", re.compile(r"our refund and returns policy lasts \d+ days|"
                               r"(?:当社の)?返金および返品ポリシーは\d+日間|kebijakan pengembalian dana dan pengembalian "
                               r"(?:barang )?kami berlaku selama \d+ hari", re.I)),
    ("bigcommerce", re.compile(r"you may return most new, unopened items within \d+ days", re.I)),
]


def find_template(units: list[Unit]) -> tuple[str, Unit] | None:
    """(template name, the unit holding its signature) or None."""
    for unit in units:
        for name, pattern in SIGNATURES:
            if pattern.search(unit.text):
                return name, unit
    return None
