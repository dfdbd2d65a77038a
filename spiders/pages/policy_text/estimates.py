"""Delivery estimates stated apart from the priced rows, applied to the options they concern.

"Parcel Post usually arrives in 2–6 business days, Express Post in 1–3" (named options),
"お届けまでの目安：発送日から1~3日（北海道・沖縄・離島は3~5日）" (per-destination), "It takes 3 to 5
business days" (all options still without days) and "J&T reguler 3–5 hari kerja (Jawa), 5–9 hari
kerja (luar Jawa)" (one option split per destination).
"""

from __future__ import annotations

import re

from . import vocab
from .days import DaySpan, find_days, find_estimates
from .labels import base_name, is_region, trim_region
from .layout import Unit
from .model import Ctx, Option, days_fields


_AFTER_REGION = re.compile(r"\s*(?:untuk|ke|for|to|within|in)\s+(?:the\s+)?((?:wilayah\s+|daerah\s+|area\s+)?"
                           r"([^,.;()]+?))(?=\s*(?:,|\.|;|\(|$|\sdan\s|\sand\s))", re.I)


# "Orders received by 3.30pm are usually same day": an order cut-off with no arrival word is a dispatch rule
_ORDER_CUTOFF = re.compile(r"\b(?:orders?|placed|received|paid)\b[^.]{0,40}?\b(?:by|before|after|prior to|until)\s+"
                           r"\d{1,2}(?:[:.]\d\d)?\s*(?:am\b|pm\b|[ap]\.m\.|noon)", re.I)
_ARRIVES = re.compile(r"\barriv|\bdeliver|\btransit\b|\breach", re.I)


def is_processing(text: str) -> bool:
    """Dispatch/handling wording ("ships within", "dikirim", "発送") once delivery anchors are removed, or an
    order cut-off that says nothing of arrival."""
    stripped = vocab.DELIVERY_ANCHOR.sub(" ", text)
    return bool(vocab.PROCESSING_CUE.search(stripped)) or bool(_ORDER_CUTOFF.search(text) and not _ARRIVES.search(text))


def delivery_clause(text: str) -> str | None:
    """"7 business days to process; up to 5 business days to deliver": the one clause with a duration about
    delivery, when another clause with a duration is the processing time (else None)."""
    clauses = [c for c in re.split(r";|\band\b", text) if find_estimates(c)]
    processing = [c for c in clauses if is_processing(c) and not _ARRIVES.search(c)]
    delivery = [c for c in clauses if _ARRIVES.search(c) and not is_processing(c)]
    return delivery[0].strip() if processing and len(delivery) == 1 else None


def merge_into_existing(new: list[Option], options: list[Option]) -> list[Option]:
    """A days-only row naming an existing option's region/name fills that option's days."""
    kept = []
    for opt in new:
        targets = []
        if opt.price is None:
            place = (opt.region or opt.name or "").lower()
            targets = [o for o in options if o.max_days is None and not o.pickup and place
                       and (o.region or "").lower() == place]  # every rate of that destination ("Provincial: 1-5 days")
            targets = targets or [o for o in options if o.max_days is None and not o.pickup and opt.name
                                  and o.name == opt.name and not opt.region and o.block != opt.block][:1]
            if not targets and opt.region:  # "Metro Manila and Greater Manila Area: 1 to 3 business days"
                targets = [o for o in options if o.max_days is None and not o.pickup and o.region
                           and _region_within(o.region, opt.region)]
        for target in targets:
            target.min_days, target.max_days, target.business = opt.min_days, opt.max_days, opt.business
            target.days_from = "named"  # the row names the option's destination or method
        if not targets:
            kept.append(opt)
    return kept


def apply_estimate(unit: Unit, options: list[Option], ctx: Ctx) -> bool:
    """Fill days of existing options from a sentence that gives delivery time but no price.
    Returns False when the sentence is an estimate that found nothing to apply to (yet)."""
    text = unit.text
    spans = find_estimates(text)
    if not spans or is_processing(text) or vocab.NOT_OPTION.search(re.sub(r"\([^)]*\)", " ", text)):
        return True
    if not vocab.DELIVERY_CUE.search(text) and not vocab.DELIVERY_CUE.search(unit.question or ""):
        return True
    if not options:
        return False  # decided at the end of the document (see finish_pending)
    open_opts = [o for o in options if o.max_days is None and not o.pickup]
    if not open_opts:
        return True
    block_opts = [o for o in open_opts if o.block == unit.block]
    if block_opts:
        open_opts = block_opts
    if vocab.ABROAD.search(text) or vocab.ABROAD.search(unit.heading_text):
        open_opts = [o for o in open_opts if _abroad(o)]  # "International orders ... take 7-21 days"
        if not open_opts:
            return True
    targets, previous_end, converted = open_opts, 0, set()
    explicit = _whole_country(text, open_opts)
    for span in spans:
        segment = text[previous_end:span.start]
        named = [o for o in open_opts if o.name and base_name(o.name).lower() in segment.lower()]
        targets = named or targets
        qualifier = _qualifier(text, span, previous_end)
        explicit = explicit or bool(named)  # later spans of "J&T 3-5 hari (Jawa), 5-9 hari (luar Jawa)"
        if qualifier:
            chosen = _by_region(targets, qualifier)
            explicit = explicit or bool(chosen)
            chosen = chosen or _split_per_region(targets, qualifier, options, converted)
        elif any(_qualifier(text, s, 0) for s in spans if s is not span):
            chosen = [o for o in targets if o.region is None] or targets  # the others are per-region
            explicit = True  # "1~3日（北海道・沖縄は3~5日）": the general span is for the rest, by name
        else:
            chosen = targets
        for opt in chosen:
            if opt.max_days is None:
                opt.min_days, opt.max_days, opt.business = days_fields(span)
                opt.days_from = "named" if explicit else "block" if opt.block == unit.block else "document"
        previous_end = span.end
    return True


# "Delivery in 3 to 9 business days everywhere in Canada": the time covers every destination
_WHOLE_COUNTRY = re.compile(r"\b(?:everywhere|anywhere) (?:in|within|across)\b|\bnationwide\b|"
                            r"\bacross (?:the )?country\b|\bseluruh (?:indonesia|wilayah indonesia)\b", re.I)


def methods_of(text: str | None) -> frozenset[str]:
    """The method and carrier words of a name or row ("Standard", "Express", "Canada Post")."""
    return frozenset(m.group(0).lower() for rx in (vocab.METHOD_WORDS, vocab.CARRIER) for m in rx.finditer(text or ""))


def _whole_country(text: str, options: list[Option]) -> bool:
    """An estimate stated for the whole country, for rates of one method that differ only by destination
    or order value: it names every one of them (a method of its own, "Express", could differ; the row is
    read as well as the name, which may be only the table's heading)."""
    methods = {methods_of(o.name) | methods_of(o.evidence) for o in options}
    return bool(_WHOLE_COUNTRY.search(text)) and len(methods) == 1 and not any(_abroad(o) for o in options)


def _abroad(opt: Option) -> bool:
    return bool(vocab.ABROAD.search(f"{opt.name or ''} {opt.region or ''} {opt.evidence}"))


def finish_pending(pending: list[Unit], options: list[Option], ctx: Ctx) -> None:
    """Estimates met before any option: a general one applies to the options found later; a per-destination
    one becomes options of its own when the text lists no method at all."""
    had_options = bool(options)
    general = {(s.min, s.max) for u in pending for s in find_estimates(u.text)
               if not any(_qualifier(u.text, t, 0) for t in find_estimates(u.text))}
    for unit in pending:
        spans = find_estimates(unit.text)
        qualified = any(_qualifier(unit.text, s, 0) for s in spans)
        if had_options and not qualified and len(general) <= 1:  # several general estimates: ambiguous
            apply_estimate(unit, options, ctx)
        elif not had_options and qualified:
            options.extend(_regional_estimates(unit, spans, ctx))
        elif not had_options:
            options.extend(_method_estimates(unit, spans))
    if not had_options and not options:
        options.extend(_store_estimate(pending, ctx))


def _store_estimate(pending: list[Unit], ctx: Ctx) -> list[Option]:
    """"Estimasi pengiriman adalah 2-3 hari kerja" as the only delivery time of a text that lists no rate
    and no method: the store's one delivery option (named by its carrier when the text names one).
    Two different times, or a time limited to a place, leave nothing to say about the whole store."""
    found = [(unit, span) for unit in pending for span in find_estimates(unit.text)]
    if len({(span.min, span.max, span.business) for _, span in found}) != 1 \
            or any(_qualifier(unit.text, span, 0) for unit, span in found):
        return []
    unit, span = found[0]
    return [Option(ctx.carrier or unit.heading or "delivery", None, None, *days_fields(span), None, unit.block,
                   evidence=unit.text, confidence=0.7, rule="estimate-store")]


def _method_estimates(unit: Unit, spans: list[DaySpan]) -> list[Option]:
    """"Pengiriman standar ... 7-14 hari kerja, sementara pengiriman cepat ... 3-5 hari kerja" in a text
    that lists no rates: one option per method named right before its estimate."""
    out, previous_end = [], 0
    for span in spans:
        segment = unit.text[previous_end:span.start]
        previous_end = span.end
        found = [m for m in vocab.METHOD_WORDS.finditer(segment)
                 if not vocab.GENERIC_HEADING_WORDS.fullmatch(m.group(0))]  # "Delivery usually takes": no method
        if not found:
            continue
        m = found[-1]
        name = re.search(r"(?:(?:pengiriman|layanan|paket)\s+)?" + re.escape(m.group(0))
                         + r"(?:\s+(?:shipping|delivery|post))?", segment, re.I).group(0)
        out.append(Option(name, None, None, *days_fields(span), None, unit.block, evidence=unit.text,
                          confidence=0.7, rule="estimate-method"))
    return out


def _regional_estimates(unit: Unit, spans: list[DaySpan], ctx: Ctx) -> list[Option]:
    """"Estimasi sampai Jawa 1-3 hari, luar Jawa 3-6 hari" with no method listed: one option per destination."""
    out, previous_end = [], 0
    for span in spans:
        qualifier = _qualifier(unit.text, span, previous_end)
        previous_end = span.end
        if qualifier:
            name = unit.heading or ctx.carrier or (unit.heading_text.strip(" :") or None) or qualifier
            out.append(Option(name, None, None, *days_fields(span), qualifier, unit.block,
                              evidence=unit.text, confidence=0.7, rule="estimate-region"))
    return out


def _qualifier(text: str, span: DaySpan, previous_end: int) -> str | None:
    after = re.match(r"\s*\(([^()]+)\)", text[span.end:])
    if after and is_region(after.group(1)) and not find_days(after.group(1)):
        return after.group(1)
    after = _AFTER_REGION.match(text[span.end:])  # "2-3 hari kerja untuk wilayah Jawa" -> "Jawa"
    for place in (after.group(2), after.group(1)) if after else ():  # "untuk wilayah tertentu" stays whole
        if is_region(place) and not find_days(place):
            return trim_region(place.strip())
    before = re.split(r"[(,、;]", text[previous_end:span.start])[-1]
    before = re.sub(r"(?:は|:|\s[–—-])\s*$", "", before).strip()  # "Luzon – 2 to 5 days"
    return trim_region(before) if before and is_region(before) else None


def _region_within(region: str, qualifier: str) -> bool:
    """"沖縄・離島" within "北海道・沖縄・離島", but "Jawa" not within "luar Jawa"."""
    return bool(re.search(r"(?:^|[・,、/&]\s*|\s(?:and|dan)\s)" + re.escape(region.lower())
                          + r"(?:$|\s*[・,、/&はの:]|\s(?:and|dan)\s)", qualifier.lower()))


def _by_region(targets: list[Option], qualifier: str) -> list[Option]:
    return [o for o in targets if o.region and _region_within(o.region, qualifier)]


def _split_per_region(targets: list[Option], qualifier: str, options: list[Option],
                      converted: set[int]) -> list[Option]:
    """One option estimated per destination ("(Jawa)", "(luar Jawa)"): the first destination takes the
    option itself, later ones get copies."""
    chosen = []
    for opt in [o for o in targets if o.region is None or id(o) in converted]:
        if id(opt) not in converted:
            converted.add(id(opt))
            opt.region = qualifier
            chosen.append(opt)
        else:
            clone = Option(opt.name, opt.price, opt.currency, None, None, None, qualifier, opt.block,
                           evidence=opt.evidence, confidence=min(opt.confidence, 0.7))
            options.append(clone)
            chosen.append(clone)
    return chosen


def sole_estimate(options: list[Option]) -> None:
    """A text whose only option is one delivery time counted from dispatch ("お届けまでの日数は、商品発送後
    およそ1~3日程度です"): that is the store's delivery time even though the sentence names no method, so it
    is compared like a named estimate (0.7). Spans without the anchor may be delays, windows to choose a
    date in, or warranty terms; English days-only rows stay under ``doubt``'s rule."""
    if len(options) != 1 or options[0].price is not None or options[0].max_days is None or options[0].pickup:
        return
    opt = options[0]
    for span in find_estimates(opt.evidence):
        if (span.min, span.max) == (opt.min_days, opt.max_days) \
                and vocab.DELIVERY_ANCHOR.search(opt.evidence[max(0, span.start - 20):span.start]):
            opt.confidence = max(opt.confidence, 0.7)
