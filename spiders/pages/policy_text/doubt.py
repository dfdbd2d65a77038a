"""Which shipping options are "needs review": read from context rather than one explicit row or sentence.

A fact below 0.6 is stored with its sentence and shown, never compared for change events. Each class
here is pinned on an own fixture (tests/extraction/test_policy_precision_classes.py,
test_policy_shipping_round4.py).
"""

from __future__ import annotations

import re

from . import vocab
from .days import find_days, find_estimates
from .estimates import is_processing, methods_of
from .labels import is_named
from .model import Ctx, Option
from .money_spans import find_money
from .prices import tier_table_row

REVIEW = 0.55  # below the 0.6 comparison threshold: stored with its sentence as "needs review"


_EN_DAYS = re.compile(r"\d\s*(?:business |working )?days?\b", re.I)  # not "1-2 hari kerja" in a short text


def _distinct_services(options: list[Option]) -> bool:
    """Options that differ in destination or in method ("Standard" and "Express") rarely share one
    delivery time; tiers of one service by order value do."""
    if len(options) < 2:
        return False
    regions = {(o.region or "").lower() for o in options}
    return len(regions) >= 2 or len({methods_of(o.name) for o in options}) >= 2


def doubt(options: list[Option], ctx: Ctx) -> None:
    """Options built from context rather than one explicit row or sentence are kept for review, not
    compared:
    - one estimate stated elsewhere in the document and shared by several options ("Delivery takes 3-5
      days" under a rate table): it may concern only some of them;
    - English prose with a price and still no delivery time while the text states one elsewhere: prose
      names, conditions and tiers mix freely there ("For orders under $149, a $12.95 fee applies") and the
      time may have been lost (a text stating no delivery time at all has none to lose: compared, round 5);
    - English rows with a delivery time but no price: often a heading or a tier's label ("NZ South Island -
      Economy 3 - 5 Days:") rather than an option of its own;
    - rows that read the same but for their price ("Economical : RM50" under one country heading,
      "Economical : RM158" under another the parser did not know): what tells them apart was lost;
    - rows whose table cells ran together ("FedEx5 – 7 Business Days$10.00")."""
    shared: dict[tuple, list[Option]] = {}
    for opt in options:
        if opt.days_from in ("block", "document"):
            shared.setdefault((opt.min_days, opt.max_days), []).append(opt)
    priced = any(o.price is not None and not o.pickup for o in options)  # a free pickup is no delivery rate
    for opt in options:
        weak = opt.days_from in ("block", "document") and _distinct_services(shared[(opt.min_days, opt.max_days)])
        # a delivery-time row left over beside priced rates ("北海道・九州:発送から2~3日" when the rates
        # name other areas): an estimate that found no rate, not an option without a price
        weak = weak or (priced and opt.price is None and not opt.pickup and opt.rule == "row")
        if ctx.lang == "en" and not opt.pickup:
            weak = weak or (opt.rule == "prose" and opt.price is not None and opt.max_days is None
                            and ctx.delivery_times and not tier_table_row(opt.evidence, opt.price))
            weak = weak or (opt.price is None and opt.max_days is not None and _EN_DAYS.search(opt.evidence)
                            and not _destination_estimate_row(opt))
        weak = weak or bool(opt.price is not None and _OVERSIZED.search(opt.name or ""))
        weak = weak or bool(_GLUED_CELLS.search(opt.evidence))
        if weak or _conflicting(opt, options) or _lost_qualifier(opt, options):
            opt.confidence = min(opt.confidence, REVIEW)


def _lost_qualifier(opt: Option, options: list[Option]) -> bool:
    """Another rate reads like this one (same row text without the price, same days) but costs something
    else, and no destination tells them apart (this one has none, or the same): a heading, column or tier
    that separates them was not read ("Maldives" over "Standard : RM120" when "Thailand" was known)."""
    if opt.price is None:
        return False
    key, region = _row_key(opt), (opt.region or "").lower()
    return any(o is not opt and o.price is not None and o.price != opt.price and _row_key(o) == key
               and (not region or region == (o.region or "").lower()) for o in options)


def _row_key(opt: Option) -> tuple:
    text = opt.evidence
    for m in reversed(find_money(text, "USD")):
        if m.amount == opt.price:
            text = text[:m.start] + text[m.end:]
    return " ".join(text.lower().split()), opt.min_days, opt.max_days


def _destination_estimate_row(opt: Option) -> bool:
    """"Metro Manila: within 2 days after ship out", "Express: 1-3 business days": a row whose label is a
    destination, method or carrier and whose value, after the separator, states the delivery time. Time
    and name are in one row, so it is an option of its own (unlike "NZ South Island - Economy 3 - 5
    Days:", a label with nothing after it, or a sentence that only mentions a place)."""
    if opt.rule != "row" or ":" not in opt.evidence:
        return False
    label, value = opt.evidence.split(":", 1)
    label = label.strip(" -•*|")
    if find_days(label) or not find_days(value) or len(label.split()) > 6:
        return False
    if opt.region and opt.region_from == "row" and opt.region.lower() in label.lower():
        return True
    return bool(vocab.METHOD_WORDS.search(label) or vocab.CARRIER.search(label)) and is_named([label])


# Table cells run together with no separator ("InternationalUSPS7 – 15 Business Days$8.95"): which words
# were the destination, the carrier and the time is a guess.
_GLUED_CELLS = re.compile(r"[a-z]\d{1,3}\s*(?:[-–~]\s*\d{1,3}\s*)?(?:business |working )?days?\b|\bdays?[$€£¥]", re.I)


# Rates for oversized items depend on the item; whether they are an option of the store is unclear.
_OVERSIZED = re.compile(r"oversized?|bulky|large (?:items?|products?)|heavy items?|furniture|大型|特大|"
                        r"barang (?:besar|berat)|ukuran besar", re.I)


def _places(region: str | None) -> set[str]:
    return {p.strip() for p in re.split(r"[・、,/]|\band\b|\bdan\b", region or "") if p.strip()}


def _conflicting(opt: Option, options: list[Option]) -> bool:
    """A prose rate for a destination that a row already prices differently ("※送料無料の場合も、沖縄・離島は
    880円" beside "沖縄、離島:1,650円"): the sentence states a special case, not a second option."""
    if opt.rule != "prose" or opt.price is None or not opt.region:
        return False
    return any(o is not opt and o.rule == "row" and o.price is not None and o.price != opt.price
               and _places(o.region) & _places(opt.region) for o in options)


def unlinked_rates(options: list[Option], ctx: Ctx) -> None:
    """English pages state delivery times in prose that names the rates loosely ("Most metro orders arrive
    in 2-4 days") or in another section, and mix rates with tiers, weights and extras; a rate read without
    its delivery time was right about half the time on stores never seen, so it is kept for review rather
    than compared as "no delivery time". Rates with their time (a row or a named estimate) stay sure, and
    so do rates of a text that states no delivery time at all: no time can have been lost there."""
    if not ctx.delivery_times:
        return
    for opt in options:
        if opt.price is not None and opt.max_days is None and not opt.pickup and not tier_table_row(opt.evidence, opt.price):
            opt.confidence = min(opt.confidence, REVIEW)


def states_delivery_time(text: str) -> bool:
    """A sentence that may give a delivery time: a duration that is not only a dispatch/handling time
    (one with an arrival word counts: "ship in 1-2 days and arrive in 3-5") nor a claim deadline or
    returns term ("has not arrived 7 days after dispatch", "return within 30 days"), nor a label line
    heading rates ("South Island - Economy 3 - 5 Days:") or a hedged time by parcel size (round 6)."""
    if _BY_PARCEL_SIZE.search(text):
        return False  # a time by parcel size names no rate
    if vocab.UNREAD_TIME.search(text):
        return True  # "North Island - Overnight:": a time the rows under it did not get
    if text.rstrip().endswith(":"):
        return False  # a heading's time goes to the rows under it
    return bool(find_estimates(text)) and not vocab.NOT_OPTION.search(text) \
        and (not is_processing(text) or bool(_ARRIVAL.search(text)))


# "Most small parcels travel overnight ...; large parcels generally take two business days": hedged times
# by parcel size, which the rates (by destination, method or weight band) do not name.
_BY_PARCEL_SIZE = re.compile(r"\b(?:small|smaller|large|larger|heavy|heavier|light|lighter)\s+(?:parcels?|packages?)\b", re.I)


_ARRIVAL = re.compile(r"\barriv|\bdeliver|\btransit\b|\breach|\breceive|\btiba\b|\bsampai\b|\bditerima\b|届|到着", re.I)
