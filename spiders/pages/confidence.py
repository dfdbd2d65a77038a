"""Confidence (0..1) of a product's price: how far a later "needs review" path may trust it.

Rule, by the layer that gave the price (``ProductItem.provenance["price"]``):

* analyst selector: **0.95** (a person pointed at the element);
* structured data (JSON-LD, microdata, RDFa ``Offer``): **0.9**; **0.8** when the offer was chosen
  among offers with different prices ("lowest of N ...");
* OpenGraph / ``product:price:amount`` meta: **0.85**;
* auction current bid read beside a bid count: **0.7**;
* page heuristics (``heuristic:buy-box``): **0.35**, plus 0.2 when the amount agrees with one the
  page declares in attributes (``itemprop``/``data-price``), plus 0.1 when it carries a currency
  mark, plus 0.1 when an add-to-cart control anchors the buy box, plus 0.15 × the margin to the
  runner-up amount (0 = as close as the winner, 1 = unopposed); ×0.7 for a price read from an image
  slider beside the title (``heuristic:slider-near-title``). Capped at 0.9.

Below ``REVIEW_BELOW`` (0.5) a price is a heuristic guess: it is kept, with its provenance, and
marked for review rather than alerted on as fact.
"""

from __future__ import annotations

REVIEW_BELOW = 0.5
_BY_SOURCE = (("selector:", 0.95), ("og:", 0.85), ("heuristic:current-bid", 0.7))


def of_source(source: str | None) -> float | None:
    """Confidence of a price given only its provenance (layers other than the buy-box heuristic).

    >>> of_source("jsonld:Offer.price"), of_source("microdata:Offer.price (lowest of 3 offers)")
    (0.9, 0.8)
    >>> of_source("selector:css:.price::text"), of_source(None)
    (0.95, None)
    """
    if not source:
        return None
    for prefix, value in _BY_SOURCE:
        if source.startswith(prefix):
            return value
    if source.startswith(("jsonld:", "microdata:", "rdfa:")):
        return 0.8 if "lowest of" in source else 0.9
    return 0.5  # a heuristic without its own figure: a guess at the review line


def of_heuristic(*, agrees: bool, currency_mark: bool, buy_button: bool, margin: float, slider: bool) -> float:
    """Confidence of a buy-box heuristic price (rule in the module docstring).

    >>> of_heuristic(agrees=False, currency_mark=True, buy_button=True, margin=1.0, slider=False)
    0.7
    >>> of_heuristic(agrees=False, currency_mark=False, buy_button=False, margin=0.1, slider=False)
    0.36
    """
    value = 0.35 + 0.2 * agrees + 0.1 * currency_mark + 0.1 * buy_button + 0.15 * max(0.0, min(1.0, margin))
    value *= 0.7 if slider else 1.0
    return round(min(0.9, value), 2)
