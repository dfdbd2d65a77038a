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
# A line the layout took for a heading that states who pays for sending goods back: a statement, not a title
_PAYER_STATED = (rv.PAYS_CUSTOMER, rv.PAYS_MERCHANT)
_BACK_LEG = re.compile(rv.GOODS_BACK.pattern + r"|返送", re.I)  # "返送料:元払い(お客様負担)"


def repaired_units(units: list[Unit], headings: list[tuple[int, str]]) -> list[Unit]:
    """The returns reader's view of the layout units, all repairs applied in reading order."""
    return _postage_after_return(_join_wrapped(_with_inline_questions(_with_stated_headings(units, headings))))


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


def _with_stated_headings(units: list[Unit], headings: list[tuple[int, str]]) -> list[Unit]:
    """A short list line stating who pays return postage, read by the layout as a heading, becomes a
    unit again. It takes the context of the unit before it and the heading above it as its heading
    ("■お客様都合の場合" / "返送料:元払い(お客様負担)": the condition is in that heading)."""
    stated = [(n, body) for n, body in headings if rv.RETURN_TRIP_COST.search(body)
              and any(p.search(body) for p in _PAYER_STATED) and _BACK_LEG.search(body)]
    if not stated:
        return units
    out = list(units)
    for line_no, body in stated:
        before = [u for u in units if u.line_no < line_no]
        above = [text for n, text in headings if n < line_no]
        ctx = before[-1] if before else None
        out.append(Unit(body, line_no, ctx.section if ctx else None, ctx.block if ctx else 0, None, False,
                        ctx.question if ctx else "", True, body, above[-1] if above else ""))
    return sorted(out, key=lambda u: u.line_no)


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
