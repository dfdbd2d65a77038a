"""Shipping options from policy text: table rows, "Name — price — days" lines, bullet blocks, prose.

One option per row/line that states a price (free included) or a delivery time for a named
method, tier or destination. Estimates stated once for several rows ("Parcel Post usually arrives
in 2–6 business days") are applied afterwards to the rows they name, or to all rows still without
days. Money inside parentheses, add-ons ("+700円", "Rp5.000/kg"), caps ("maks. Rp 1.000.000") and
tier bounds ("orders under $50") are never prices.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from . import vocab
from .days import DaySpan, find_days, find_estimates
from .estimates import (apply_estimate, delivery_clause, finish_pending, is_processing, merge_into_existing,
                        sole_estimate)
from .doubt import REVIEW, doubt, states_delivery_time, unlinked_rates
from .labels import base_name, is_named, is_region, name_and_region, region_in
from .layout import Unit, split_cells
from .model import Ctx, Option, days_fields
from .money_spans import find_money
from .prices import free_at, inside_parens, is_threshold_sentence, is_tier_money, prices

# A free row with no amount anywhere in an Indonesian/Japanese text is in the local currency.
_LANG_CURRENCY = {"id": "IDR", "ja": "JPY"}
_FREE_LABEL = re.compile(r"^(?:free|gratis)\b(?!\s+(?:shipping|delivery|ongkir)\s+(?:on|for|over|above|untuk))", re.I)
_ABROAD = vocab.ABROAD
_CONNECTOR = re.compile(r"(?:otherwise|else|or|and|then|jika tidak|selain itu|kalau tidak|それ以外は?|その他は?)?", re.I)
_PLAIN_FREE = re.compile(r"(?:送料|\bshipping\b|\bdelivery\b|\bongkir\b|\bongkos kirim\b)\s*(?:は|is|adalah|:)?\s*"
                         r"(?:always\s+|selalu\s+)?(?:無料(?:と|です|に)|free\b|gratis\b)|は送料無料です", re.I)
_COLON = re.compile(r"(?<!\d):|:(?!\d)")  # a label colon; "11:00" is a time
_REGIONAL_PAREN = re.compile(r"\((([^()]{1,20}?)(?:は|:)\s*[^()]*?\d[^()]*)\)")


def _split_row(text: str, ctx: Ctx) -> tuple[list[str], str, bool]:
    """(label parts, value text, structured) of a row; structured = label came from a separator."""
    colons = [c for c in _COLON.finditer(text) if not prices(text[:c.start()], ctx)]
    colon = colons[-1] if colons else None  # "Rates: Orders under $35: $4.99" -> label "... under $35"
    head = text[:colon.start()] if colon else ""
    if colon and not inside_parens(text, colon.start()) and not prices(head, ctx) \
            and (free_at(head) is None or _FREE_LABEL.match(head.strip()) and not prices(text[colon.end():], ctx)) \
            and (not find_days(head) or prices(text[colon.end():], ctx)):  # "Standard (3-5 days): £4.99"
        heads = [h for h in head.split(":") if h.strip()]
        return split_cells(heads[-1] if heads else "", ctx.lang) or [""], text[colon.end():], True
    cells = split_cells(text, ctx.lang)
    if len(cells) >= 2:
        priced = [i for i, c in enumerate(cells) if prices(c, ctx) or free_at(c) is not None]
        timed = [i for i, c in enumerate(cells) if find_days(c)]
        # The first cell is the label unless it holds the price ("DPD 2 Day, Highlands — £12.00 — 2-4 days").
        first = 0 if 0 in priced else min([i for i in priced + timed if i > 0], default=0)
        if 0 < first < len(cells):
            return cells[:first], " | ".join(cells[first:]), True
    # Prose: the label ends where the price (or "free") starts; days before it stay in the label
    # ("Choose 2 business days shipping for $14.95"), or where the days start when there is no price.
    free = free_at(text)
    starts = [m.start for m in prices(text, ctx)] + ([free] if free is not None else [])
    starts = starts or [d.start for d in find_days(text)]
    first = min(starts) if starts else len(text)
    return [text[:first]], text[first:], False


def _pieces(value: str, ctx: Ctx) -> list[tuple[str, str]]:
    """Split a value holding several priced/timed destinations into (sub-label, piece)."""
    n_prices, n_days = len(prices(value, ctx)), len(find_days(value))
    n_items = n_prices + (len(vocab.FREE.findall(value)) if free_at(value) is not None else 0)
    if n_items < 2 and (n_days < 2 or n_prices == 1):
        return [(_region_before_price(value, ctx), value)]
    out = []
    for piece in re.split(r"\s*(?:(?<!\d),|,(?!\d)|、|※|/)\s*(?![^()]*\))", value):
        free = free_at(piece)
        first = min([m.start for m in prices(piece, ctx)] + [d.start for d in find_days(piece)]
                    + ([free] if free is not None else []) or [0])
        out.append((piece[:first], piece))
    return out


# "到着まで最速で2~3日": the best case, not the usual delivery time; left as the sentence read it (review).
_BEST_CASE = re.compile(r"最速|最短|早ければ|\bat the earliest\b|\bas (?:fast|soon|quickly) as\b|\bpaling cepat\b", re.I)


def _under_method_heading(unit: Unit, parts: list[str]) -> bool:
    """A delivery-time sentence ("到着までに2~3日程度かかります") under a heading that is a method or carrier
    ("簡易書留", "Express Post"): the sentence names nothing, the heading names the option."""
    heading = (unit.heading or "").strip(" :")
    return bool(heading) and not is_named(parts) and is_named([heading]) and not is_region(heading) \
        and not find_days(heading) and not find_money(heading, None)


def _region_before_price(value: str, ctx: Ctx) -> str:
    """"関東~九州800円(税込)" in a row labelled by order value: the cell names the destination its price
    is for, right before it (empty when the words before the price are no destination)."""
    found = prices(value, ctx)
    lead = value[:found[0].start].strip(" :：・-–|") if found else ""
    return lead if lead and "|" not in lead and is_region(lead) else ""


def _delivery_days(value: str) -> DaySpan | None:
    spans = find_estimates(value)
    return spans[0] if spans else None


def _row_option(unit: Unit, ctx: Ctx, options: list[Option]) -> list[Option]:
    text = unit.text
    plain = re.sub(r"\([^)]*\)", " ", text)
    if vocab.QUOTE_ONLY.search(text) or vocab.DECOY_CONTEXT.search(plain) or vocab.NOT_OPTION.search(text) \
            or vocab.SUPERSEDED.search(_before_arrow(text)):
        return []
    labels, value, structured = _split_row(text, ctx)
    clause = delivery_clause(value) if labels else None
    if clause:  # "Luzon: 7 business days to process; up to 7 business days to deliver"
        value, text = clause, f"{' '.join(labels)}: {clause}"
    tier_row = any(is_tier_money(l, m) for l in labels for m in find_money(l, ctx.currency, ctx.lang))
    if is_threshold_sentence(text, ctx) and not tier_row and not prices(value, ctx):
        return []  # "Free shipping on orders over $50" (but "Standard - £3.50, FREE over £40" is a row)
    row_currency = next((m.currency for m in find_money(text, ctx.currency, ctx.lang) if m.currency), ctx.currency)
    out = []
    for sub_label, piece in _pieces(value, ctx):
        found, free, days = prices(piece, ctx), free_at(piece), _delivery_days(piece)
        if free is None and structured and not found and _FREE_LABEL.match(" ".join(labels)) \
                and not find_money(" ".join(labels), ctx.currency, ctx.lang):
            free = 0  # "Free Standard (Courier) : 2-5 working days": the label says it is free
        days = days or (_delivery_days(" ".join(labels)) if found or free is not None else None)
        pickup = bool(vocab.PICKUP.search(text))
        if found:
            price, currency = found[0].amount, found[0].currency
        elif free is not None and not tier_row and is_threshold_sentence(piece, ctx):
            continue  # "Standard - £3.50, FREE over £40": that piece is the threshold
        elif free is not None and (structured or pickup or vocab.UNCONDITIONAL_FREE.search(text)
                                   or _plain_free(text, ctx) or _regional_free(text, ctx)):
            price, currency = Decimal(0), row_currency or _LANG_CURRENCY.get(ctx.lang)
        elif days:
            if is_processing(text) or not _days_only_row(unit, labels, structured, options, text):
                return []
            if _under_method_heading(unit, labels + [sub_label]) and not _BEST_CASE.search(text):
                labels, sub_label = [unit.heading], ""  # "簡易書留" then "●…到着までに2~3日程度かかります。"
            regions = {(o.region or "").lower() for o in options}
            if _open_options(options) and not is_named(labels + [sub_label]) \
                    and " ".join(labels).strip(" :").lower() not in regions:
                return []  # a prose estimate ("通常ご注文後から7~10営業日") belongs to the rates already read
            price, currency = None, None
        else:
            continue
        if _CONNECTOR.fullmatch(sub_label.strip(" ,:")):
            sub_label = ""  # "FREE on orders over £30, otherwise £3.99": "otherwise" names nothing
        parts = labels + ([sub_label] if sub_label.strip() else [])
        if sub_label.strip() and is_region(sub_label) and is_region(" ".join(labels)):
            parts = [sub_label]  # "北海道 1,500円／東北 1,100円": each piece has its own destination
        if days is None and price and not pickup and not _about_shipping(unit, parts, ctx) \
                and not (tier_row and unit.block in ctx.shipping_blocks) \
                and not any(_timed_label(o) and o.block == unit.block for o in options):  # rows under it
            continue  # "Gift cards start at $25": a price, but not for shipping
        name, region = name_and_region(parts, text, unit.heading, ctx.carrier, unit.region_column)
        if pickup and not structured:  # "no shipping charges if you choose to click and collect": the pickup
            name = vocab.PICKUP.search(text).group(0)
        region_from = "row"
        if region is None and unit.heading and (is_region(unit.heading) or _ABROAD.fullmatch(unit.heading.strip()))\
                and not pickup \
                and not vocab.SHIPPING_HEADING.search(unit.heading):  # "Singapore Shipping" is a section
            region, region_from = _heading_region(unit), "heading"  # "NZ North Island - Waikato:" then "Up to 5kg: $11.50"
        confidence = _confidence(price, currency, days, structured, ctx, parts)
        if len(found) >= 2 and len({m.amount for m in found}) >= 2:
            confidence = min(confidence, REVIEW)  # "北海道 1,300円 1,600円 1,900円": which one is this rate?
        option = Option(name, price, currency, *days_fields(days), None if pickup else region, unit.block,
                        pickup, _evidence_text(unit), confidence,
                        rule="row" if structured else "prose", region_from=region_from)
        if not any(_same_option(option, o) for o in out):  # "| 660円※ | 660円 |": one rate in two columns
            out.append(option)
    return out


def _same_option(a: Option, b: Option) -> bool:
    return (a.name, a.price, a.currency, a.min_days, a.max_days, a.region) == \
        (b.name, b.price, b.currency, b.min_days, b.max_days, b.region)


def _regional_free(text: str, ctx: Ctx) -> bool:
    """"Free ongkir se-Jabodetabek hanya berlaku via JNE": free shipping whose only condition is the
    destination (and maybe the carrier), no amount anywhere: an option priced 0 for that region."""
    return (_FREE_SHIPPING.search(text) is not None and region_in(text) is not None
            and not find_money(text, ctx.currency, ctx.lang) and not vocab.FREE_CONDITION.search(text)
            and not vocab.FREE_NOT_SHIPPING.search(text) and not vocab.FREE_NEGATED.search(text)
            and len(text) <= 120)


_FREE_SHIPPING = re.compile(r"\b(?:free|gratis)\s+(?:ongkir|ongkos kirim|shipping|delivery|pengiriman)\b", re.I)


def _plain_free(text: str, ctx: Ctx) -> bool:
    """"送料は無料と致します": free shipping stated with no amount and no condition at all."""
    return (_PLAIN_FREE.search(text) is not None and not find_money(text, ctx.currency, ctx.lang)
            and not vocab.PICKUP.search(text)
            and not vocab.FREE_CONDITION.search(text) and not vocab.FREE_NOT_SHIPPING.search(text)
            and not vocab.FREE_NEGATED.search(text) and len(text) <= 80)


def _open_options(options: list[Option]) -> list[Option]:
    return [o for o in options if o.max_days is None and not o.pickup]


def _evidence_text(unit: Unit) -> str:
    """The whole row when it is short enough, else the sentence."""
    return unit.line_text if unit.line_text and len(unit.line_text) <= 300 else unit.text


def _confidence(price: Decimal | None, currency: str | None, days: DaySpan | None, structured: bool,
                ctx: Ctx, parts: list[str]) -> float:
    """Per-rule estimate: a labelled row with price and days is the surest; a price whose currency is
    unknown or guessed needs review."""
    score = 0.85 if price is not None and days is not None else 0.8 if structured else 0.75
    if price is None:  # named with a delivery time only: sure when the name is a method, carrier or place
        score = 0.7 if is_named(parts) else 0.55
    if price is not None and currency is None:  # a bare "$" (or a free row) in an unknown currency
        score = min(score, 0.5)
    elif price and ctx.currency_source == "guess" and currency == ctx.currency:
        score = min(score, 0.6)
    return score


def _before_arrow(text: str) -> str:
    """"改定前:全国一律550円 → 改定後:地域ごとの配送料金": only the part before "→" can be superseded."""
    return text.split("→")[0]


def _about_shipping(unit: Unit, parts: list[str], ctx: Ctx) -> bool:
    """A priced line without days must say it is about shipping, or be labelled by a method/destination."""
    label = " ".join(parts)
    return bool(vocab.SHIPPING_CUE.search(unit.text) or vocab.SHIPPING_CUE.search(unit.heading_text)
                or (unit.text != unit.line_text and vocab.SHIPPING_CUE.search(unit.line_text.split(":")[0]))
                or unit.region_column or vocab.CARRIER.search(label) or vocab.METHOD_WORDS.search(label)
                or is_region(label.strip(" :")) or unit.heading)


def _days_only_row(unit: Unit, labels: list[str], structured: bool, options: list[Option], text: str) -> bool:
    """A row with days but no price is a new option only when it is labelled as a method/destination
    (or is the first timed line under a method heading) and does not name an existing option."""
    open_in_block = [o for o in options if o.block == unit.block and o.max_days is None]
    if open_in_block:
        return False
    if structured:
        return _labelled_method(labels, unit)
    if any(o.name and base_name(o.name).lower() in text.lower() for o in options):
        return False
    if is_named(labels) and len(text) <= 60 and not any(o.block == unit.block for o in options):
        return True  # "Standard Shipping (3-7 business days)": a method line with its estimate
    return bool(unit.heading) and bool(vocab.DELIVERY_CUE.search(text)) and not any(
        o.block == unit.block for o in options)


def _labelled_method(parts: list[str], unit: Unit) -> bool:
    """A days-only row counts only under a method heading or with a carrier/method/region label."""
    label = " ".join(parts)
    return bool(unit.heading) or bool(vocab.CARRIER.search(label) or vocab.METHOD_WORDS.search(label)
                                      or is_region(label.strip(" :")))


def _segments(unit: Unit, ctx: Ctx) -> list[Unit]:
    """"Orders under $35: $4.99; Orders $75+: FREE" holds one row per ";" part; "880円（北海道・沖縄は
    1,320円）" holds a second, regional row in parentheses."""
    text = re.sub(r"^\((送料[^()]*)\)$", r"\1", unit.text)  # "(送料200円)" alone on its line under a method
    if "→" in text and vocab.SUPERSEDED.search(_before_arrow(text)):
        text = text.split("→", 1)[1]  # "改定前:全国一律550円 → 改定後:全国一律700円": the new terms only
    text = _REGIONAL_PAREN.sub(lambda m: "、" + m.group(1) if is_region(m.group(2)) else m.group(0), text)
    named = _named_estimates(text, ctx)
    if named:
        return [replace(unit, text=p) for p in named]
    parts = [p for p in text.split(";") if p.strip()]
    if sum(1 for p in parts if prices(p, ctx) or free_at(p) is not None) < 2:
        parts = [text]
    return [replace(unit, text=p.strip()) for p in parts]


_DAYS_PAREN = re.compile(r"\(([^()]*\d[^()]*)\)")


def _named_estimates(text: str, ctx: Ctx) -> list[str]:
    """"Pengiriman menggunakan JNE REG (2-3 hari) dan J&T Express (2-4 hari)": one "name: days" row per
    carrier or method named right before its estimate in parentheses (no price in the sentence)."""
    if prices(text, ctx) or free_at(text) is not None:
        return []
    rows, previous_end = [], 0
    for paren in _DAYS_PAREN.finditer(text):
        if not find_days(paren.group(1)) or find_money(paren.group(1), ctx.currency, ctx.lang):
            return []
        before = text[max(previous_end, paren.start() - 30):paren.start()]
        previous_end = paren.end()
        names = [m for m in list(vocab.CARRIER.finditer(before)) + list(vocab.METHOD_WORDS.finditer(before))]
        if not names:
            return []
        first = min(names, key=lambda m: m.start())
        rows.append(f"{before[first.start():].strip()}: {paren.group(1).strip()}")
    return rows if len(rows) >= 2 else []


def _heading_region(unit: Unit) -> str:
    """"NZ North Island - Other than above:" over rates: the whole heading is the destination, as the part
    after the dash tells two headings of one island apart (a time or a price there is no destination)."""
    heading, full = unit.heading or "", unit.heading_text.strip().rstrip(":：").strip()
    rest = full[len(heading):] if full.startswith(heading) else ""
    if re.match(r"\s+[—–-]\s+\S", rest) and len(full) <= 60 and not find_days(rest) and not find_money(rest, None) \
            and not vocab.UNREAD_TIME.search(rest):
        return full
    return heading


def _tier_label_row(unit: Unit, ctx: Ctx) -> bool:
    """A row keyed by an order-value range or bound ("1~9,999円…324円", "$30.01 - $60 | $10.50")."""
    text = unit.text
    found = find_money(text, ctx.currency, ctx.lang)
    return len(found) >= 2 and any(is_tier_money(text, m) for m in found[:-1])


def extract_options(units: list[Unit], ctx: Ctx) -> list[Option]:
    """All shipping options of the document, estimates applied."""
    options: list[Option] = []
    pending: list[Unit] = []  # "Delivery in 2-4 days." before the rates it belongs to
    fee_table = False  # an intro announced a fee table (COD / 代引手数料 by order value)
    shipping_units = [s for u in units if u.section != "returns" for s in _segments(u, ctx)]
    ctx.delivery_times = any(states_delivery_time(u.text) or vocab.UNREAD_TIME.search(u.heading_text)
                             for u in shipping_units)  # "North Island - Overnight:" over its rates
    for unit in shipping_units:
        if vocab.FEE_TABLE_INTRO.search(unit.text) and not prices(unit.text, ctx):
            fee_table = True
            continue
        if (fee_table or vocab.FEE_TABLE_INTRO.search(unit.heading_text)) and _tier_label_row(unit, ctx):
            continue  # "1円~9,999円 330円" under "代金引換手数料が発生いたします": a fee, not a rate
        fee_table = fee_table and not find_money(unit.text, ctx.currency, ctx.lang)
        if vocab.SHIPPING_CUE.search(unit.text):
            ctx.shipping_blocks.add(unit.block)
        new = _row_option(unit, ctx, options)
        if new:
            options.extend(merge_into_existing(new, options))
        elif not apply_estimate(unit, options, ctx):
            pending.append(unit)
    finish_pending(pending, options, ctx)
    options = _lead_estimates(options)
    sole_estimate(options)
    doubt(options, ctx)
    if ctx.lang == "en":
        unlinked_rates(options, ctx)
    return options


def _lead_estimates(options: list[Option]) -> list[Option]:
    """"Standard Shipping (3-7 business days)" then its priced tier rows in the same block: the days-only
    line is the estimate of those rows, not an option of its own. A label line ending in ":" ("South
    Island - Economy 3 - 5 Days:" then "Up to 5kg: $19.") heads even one row and gives it its destination."""
    out: list[Option] = []
    for i, opt in enumerate(options):
        if opt.price is None and opt.max_days is not None and not opt.pickup:
            rows = [o for o in options[i + 1:] if o.block == opt.block and o.price is not None and o.max_days is None]
            if len(rows) >= 2 or (rows and _timed_label(opt)):
                for row in rows:
                    row.min_days, row.max_days, row.business, row.days_from = \
                        opt.min_days, opt.max_days, opt.business, "block"
                    if _timed_label(opt) and row.region is None:
                        row.region, row.region_from = opt.region, "heading"
                continue
        out.append(opt)
    return out


def _timed_label(opt: Option) -> bool:
    """A days-only row that is a label with nothing after its colon: it heads the rows below it."""
    return opt.price is None and opt.max_days is not None and opt.rule == "row" and opt.evidence.rstrip().endswith(":")
