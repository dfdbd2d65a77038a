"""The returns reader's repairs of the shared layout units (copies; the shared units stay as they are).

The layout is tuned for shipping tables: it reads short lines without a full stop as headings and
keeps one sentence per unit. Return policies state facts in exactly such lines ("- You are
responsible for return shipping charges", "返送料:元払い(お客様負担)", "6. Biaya shipping retur
ditanggung oleh pembeli") and split one statement over lines ("…返品または交換にて対応いたします。" /
"送料は当店負担となります。"). These repairs give the returns reader those statements back.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import returns_vocab as rv
from .layout import Unit

_WRAP_END = re.compile(r"[A-Za-z,]$")
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_WORD = re.compile(r"[^\W\d_]+")
_PAYER_STATED = (rv.PAYS_CUSTOMER, rv.PAYS_MERCHANT)  # a payer named: a statement, not a title
_BACK_LEG = re.compile(rv.GOODS_BACK.pattern + r"|返送", re.I)  # "返送料:元払い(お客様負担)"


def repaired_units(units: list[Unit], headings: list[tuple[int, str]]) -> list[Unit]:
    """The returns reader's view of the layout units, all repairs applied in reading order."""
    units = _with_stated_headings(_join_wrapped_headings(units, headings), headings)
    return _postage_after_return(_join_wrapped(_with_inline_questions(units)))


def _with_inline_questions(units: list[Unit]) -> list[Unit]:
    """"T: Kapan saya bisa retur? J: Maks. 7 hari ..." on one line: the answer gets its question."""
    out: list[Unit] = []
    for i, unit in enumerate(units):
        prev = units[i - 1] if i else None
        if "’" in unit.text:  # "can’t", "we’ll": the rules spell apostrophes straight
            unit = replace(unit, text=unit.text.replace("’", "'"), line_text=unit.line_text.replace("’", "'"))
        if not unit.question and prev is not None and prev.line_no == unit.line_no \
                and prev.text.rstrip().endswith(("?", "？")):
            unit = replace(unit, question=prev.text)
        out.append(unit)
    return out


def _join_wrapped(units: list[Unit]) -> list[Unit]:
    """Hard-wrapped text ("... must pay for the cost of returning the product, unless the" / "product(s)
    are not those you ordered ..."): a line that stops mid-sentence continues on the next line when
    that one starts in lower case. The joined sentence replaces both."""
    out: list[Unit] = []
    for unit in units:
        prev = out[-1] if out else None
        if prev is not None and unit.line_no == prev.line_no + 1 and _WRAP_END.search(prev.text) \
                and unit.text[:1].islower() and len(prev.text) + len(unit.text) < 600:
            out[-1] = replace(prev, text=f"{prev.text} {unit.text}", line_no=unit.line_no,
                              line_text=f"{prev.line_text} {unit.line_text}")
        else:
            out.append(unit)
    return out


def _join_wrapped_headings(units: list[Unit], headings: list[tuple[int, str]]) -> list[Unit]:
    """Hard-wrapped text whose line break falls early ("Replacement merchandise will be" / "shipped once
    …"): the short first part was read as a heading. A heading line that stops mid-sentence, followed on the
    next line by a unit starting in lower case, is the start of that unit's sentence."""
    broken = {n + 1: body for n, body in headings if _WRAP_END.search(body)}
    if not broken:
        return units
    return [replace(u, text=f"{broken[u.line_no]} {u.text}", line_text=f"{broken[u.line_no]} {u.line_text}")
            if u.line_no in broken and u.first_in_line and u.text[:1].islower() else u for u in units]


def _with_stated_headings(units: list[Unit], headings: list[tuple[int, str]]) -> list[Unit]:
    """A short list line stating a returns fact, read by the layout as a heading, becomes a unit again:
    who pays return postage, an eligibility lead-in naming remedies or a return lead-in ("Produk dapat
    dikembalikan apabila:"), with the rows under a lead-in when they all name defects ("Kasus yang
    memenuhi syarat pengembalian dana atau penukaran:" / "Produk cacat"). It takes
    the context of the unit before it and the heading above it as its heading
    ("■お客様都合の場合" / "返送料:元払い(お客様負担)": the condition is in that heading)."""
    out = list(units)
    for i, (line_no, body) in enumerate(headings):
        if not _states_fact(body):
            continue
        ctx = next((u for u in reversed(units) if u.line_no < line_no), None)
        # the line is itself about returns (a return leg's postage, remedies), whatever section it closes
        lead = Unit(body, line_no, "returns", ctx.block if ctx else -1, None, False,
                    ctx.question if ctx else "", True, body, headings[i - 1][1] if i else "")
        out.append(lead)
        if _ELIGIBLE_LEAD_IN.search(body) or _RETURN_LEAD_IN.search(body):
            out.extend(_defect_rows(lead, dict(headings), units))
    return sorted(out, key=lambda u: u.line_no) if len(out) > len(units) else units


def _defect_rows(lead: Unit, lines: dict[int, str], units: list[Unit]) -> list[Unit]:
    """The rows under an eligibility lead-in (the heading lines right below it), when every row names a
    defect and the list ends there (a blank line or a long sentence follows): a mixed list gives none."""
    run, n = [], lead.line_no + 1
    while n in lines and not lines[n].rstrip().endswith((":", "：")):  # another lead-in starts another list
        run.append((n, lines[n]))
        n += 1
    after = [u.text for u in units if u.line_no == n]
    if not run or not all(_defect_row(body) for _, body in run) or any(
            len(text) <= 70 and not rv.DEFECT.search(text) for text in after):
        return []
    return [replace(lead, text=body, line_no=n, line_text=body, heading_text=lead.text) for n, body in run]


def _defect_row(line: str) -> bool:
    return len(line) <= 70 and bool(rv.DEFECT.search(line)) and not rv.NEGATION.search(line)


def _states_fact(line: str) -> bool:
    """A heading-like line that states a returns fact: who pays return postage, a return lead-in (also a
    heading naming the accepted reasons, "Alasan Retur yang Diterima"), or the remedies of an eligibility
    list ("Kasus yang memenuhi syarat pengembalian dana atau penggantian:")."""
    if rv.RETURN_TRIP_COST.search(line) and any(p.search(line) for p in _PAYER_STATED) and _BACK_LEG.search(line):
        return bool(_CJK.search(line)) or len(_WORD.findall(line)) >= 4  # "Free Returns & Exchanges" is a title
    if rv.NEGATION.search(line):
        return False
    return bool(_RETURN_LEAD_IN.search(line) or rv.REASONS_LEAD_IN.search(line) or _ELIGIBLE_LEAD_IN.search(line) and any(
        p.search(line) for p in (rv.MONEY_TYPE, rv.EXCHANGE_TYPE, rv.CREDIT_TYPE)))


# "Produk dapat dikembalikan apabila:", "Items can be returned if:"
_RETURN_LEAD_IN = re.compile(rv.GOODS_BACK.pattern + r"[^:：]{0,30}(?:\b(?:if|when|apabila|jika|bila)\b|場合)[^:：]{0,10}[:：]\s*$", re.I)
# "Cases eligible for a refund or replacement:", "Kasus yang memenuhi syarat pengembalian dana atau penggantian:"
_ELIGIBLE_LEAD_IN = re.compile(r"(?:\beligible\b|\bqualif(?:y|ies)\b|memenuhi syarat|\bberhak\b|対象)[^:：]*[:：]\s*$", re.I)


def _postage_after_return(units: list[Unit]) -> list[Unit]:
    """"状況確認のうえ、返品または交換にて対応いたします。" / "送料は当店負担となります。": a sentence stating who
    pays postage, with no topic of its own, on the line right after a sentence about sending goods back in
    the same block, is about that return leg; it gets that sentence as its topic (``question``)."""
    out: list[Unit] = []
    for unit in units:
        prev = out[-1] if out else None
        if prev is not None and not unit.question and unit.block == prev.block \
                and unit.line_no == prev.line_no + 1 and _states_postage_payer(unit.text) \
                and not rv.GOODS_BACK.search(unit.text) and rv.GOODS_BACK.search(prev.text) \
                and not prev.text.rstrip().endswith(("?", "？")):
            unit = replace(unit, question=prev.text)
        out.append(unit)
    return out


def _states_postage_payer(text: str) -> bool:
    return bool(rv.RETURN_TRIP_COST.search(text) and any(p.search(text) for p in _PAYER_STATED))
