"""Which returns a store accepts: any reason, defects only, or none — judged sentence by sentence.

A refusal counts only when it is about returns as such: "no returns after 30 days" is a window,
"sale items cannot be returned" refuses a class of goods, "tidak dapat dikembalikan kecuali terdapat
cacat" / "お客様のご都合による返品はお受けできません" refuse everything but defects. A bare refusal
("返品はお受けしておりません") is weak and loses to any window or acceptance elsewhere.
"""

from __future__ import annotations

import re

from . import returns_vocab as rv
from .layout import Unit
from .returns_evidence import EXPLICIT, INFERRED, REVIEW, WEAK, Found

_PAREN = re.compile(r"\([^()]*\)|（[^（）]*）")
_EVERY_REASON = re.compile(r"any reason|apa ?pun|whatever", re.I)
_EXCEPTION_START = re.compile(r"^\W*(?:ただし|但し|however|except|namun|kecuali|tetapi|akan tetapi)", re.I)
_ALL_FINAL = re.compile(r"^\W*(?:all|every) (?:sales?|purchases?|orders?) (?:are|is) final\W*$|^\W*semua (?:penjualan|pembelian) "
                        r"(?:bersifat )?final\W*$|^\W*(?:全商品)?返品(?:・交換)?(?:は)?(?:一切)?不可\W*$", re.I)
_DEFERS = re.compile(r"\beligible (?:items?|products?|goods|merchandise|purchases?)\b|\b(?:in accordance with|subject to|under|per) "
                     r"(?:our|the) (?:returns?|refund) polic|\bsesuai (?:dengan )?kebijakan (?:retur|pengembalian)|"
                     r"返品(?:規定|ポリシー|特約)に(?:従|基づ|沿)", re.I)
_RANK = ("any", "payer_any", "none_strong", "defect_only", "none", "accept", "weak_any", "weak_none")


def sentence_signal(text: str) -> str | None:
    """any / defect_only / none / weak_any / weak_none, or None when the sentence decides nothing."""
    if not rv.RETURN_WORD.search(text):
        return None
    main = _PAREN.sub(" ", text)  # "(this does not apply to damaged returns)" is an aside
    refused, defect = bool(rv.REFUSE.search(main)), bool(rv.DEFECT.search(main))
    strong_any = rv.ANY_STRONG.search(text)
    if strong_any:
        if rv.REFUSE.search(main.replace(strong_any.group(0), " ")) and not rv.COM_STRONG.search(text):
            if _EVERY_REASON.search(strong_any.group(0)) and rv.EXCEPT_DEFECT.search(main) and rv.DEFECT.search(main):
                return "defect_only"  # "tidak menerima retur dengan alasan apapun kecuali barang cacat"
            if not _EVERY_REASON.search(strong_any.group(0)) or rv.DEFECT.search(main) or rv.POST_WINDOW.search(main) \
                    or rv.ITEM_SPECIFIC.search(main) or rv.CONDITION_REFUSAL.search(main):
                return None
            return "none_strong"  # "Barang tidak dapat dikembalikan dengan alasan apapun"
        if not refused or not rv.COM_STRONG.search(text):
            return "any"
    goods_back = bool(rv.GOODS_BACK.search(text))  # "refund only for defects" still allows exchanges
    if goods_back and (rv.DEFECT_ONLY.search(text) or (rv.ONLY_DEFECT.search(text) and defect and not refused)):
        return "defect_only"
    if rv.COM_STRONG.search(text) and (rv.PAYER_TOPIC.search(text) or not refused and rv.ACCEPT_ACTION.search(text)):
        # "お客様都合の返品は送料お客様負担", "salah size bisa tukar": change-of-mind returns exist (a postage
        # sentence only implies it: "payer_any" yields to an explicit defect-only sentence, see _strongest)
        return "payer_any" if rv.PAYER_TOPIC.search(text) and not rv.ACCEPT_ACTION.search(main) else "any"
    if not refused:
        if defect or _LEAD_IN.search(main) or rv.REASONS_LEAD_IN.search(main):
            return None  # "Produk dapat dikembalikan apabila:", "Alasan Retur yang Diterima": the rows below decide
        return "accept" if rv.ACCEPT_EXPLICIT.search(main) else "weak_any" if rv.ACCEPT_ACTION.search(main) else None
    if rv.POST_WINDOW.search(text) or rv.CONDITION_REFUSAL.search(text) or not (
            goods_back or rv.TOTAL_REFUSAL.search(main)):
        return None  # "No refunds" alone refuses money, not returns ("Exchanges only. No refunds.")
    if rv.COM_STRONG.search(text) or (rv.EXCEPT_DEFECT.search(text) and defect):
        return "defect_only"
    if defect or rv.ITEM_SPECIFIC.search(text):
        return None
    if rv.TOTAL_REFUSAL.search(text):
        return "none"
    return None if rv.ITEM_REFUSAL.search(text) else "weak_none"


def accepted(units: list[Unit], has_window: bool, window_text: str | None = None) -> Found | None:
    """The strongest acceptance signal of the text, with its sentence. With no signal at all, a
    return window that is not about defects ("返品は注文後60日以内") is read as "any" (inferred)."""
    found = _strongest(units, has_window)
    if found is None or found.confidence < INFERRED and found.value == "any":
        listed = _defect_list(units)
        found = Found("defect_only", listed, INFERRED) if listed else found
    refused = rv.REFUSE.search(window_text or "") and not rv.POST_WINDOW.search(window_text or "")
    if found is None and window_text and not rv.DEFECT.search(window_text) and not refused:
        # a window alone reads as "any"; beside "you can ask for an exchange if the item is defective"
        # (the only acceptance stated is for defects) it needs review
        found = Found("any", window_text, REVIEW if _defect_case_only(units) else WEAK)
    final = next((u for u in units if _ALL_FINAL.match(u.text)), None)
    if final is not None and (found is None or found.value in ("none", "any") and found.confidence < EXPLICIT):
        # "All sales are final." refuses every return; a remedy for defects next to it makes it defect-only
        remedy = next((u for u in units if rv.DEFECT.search(u.text) and (rv.ACCEPT_ACTION.search(u.text)
                       or rv.EXCHANGE_TYPE.search(u.text) or rv.MONEY_TYPE.search(u.text))
                       and not rv.REFUSE.search(u.text)), None)
        if remedy is not None:
            return Found("defect_only", f"{final.text} {remedy.text}", INFERRED)
        if found is None or found.value == "none":
            return Found("none", final.text, INFERRED)
        return Found(found.value, found.text, REVIEW)  # a window beside "all sales are final": a conflict
    if found is not None and found.value == "any" and found.confidence < EXPLICIT and _DEFERS.search(found.text):
        # "If your order has shipped, you may return eligible products": which returns are taken is
        # stated elsewhere (another page), so "any" is a guess
        return Found("any", found.text, REVIEW)
    if found is not None and found.value == "any" and found.confidence < EXPLICIT and (
            _restricted(units) or sentence_signal(found.text) == "weak_any" and _defect_case_only(units, taken=True)):
        # An inferred "any" beside a sentence limiting returns to defects: a conflict, needs review. So is
        # one read from a procedure ("Pengajuan retur harus menyertakan video unboxing") beside the only
        # acceptance stated, for defects ("Retur akan diterima apabila produk tersebut cacat").
        return Found("any", found.text, REVIEW)
    return found


def _defect_case_only(units: list[Unit], taken: bool = False) -> bool:
    """Some sentence offers returns, exchanges or refunds on the condition of a defect ("jika barang yang
    diterima cacat", "refund dapat dilakukan jika produk terbukti cacat"), not about who pays or a fee
    ("non-defective products are subject to a 15% restocking fee if returned opened"). ``taken``: the
    sentence takes the goods back ("Retur akan diterima apabila … cacat"), not only offers a remedy
    ("if your item is damaged we may be able to offer a repair or exchanges")."""
    return any(rv.RETURN_WORD.search(u.text) and rv.DEFECT.search(u.text) and _IF.search(u.text)
               and not rv.PAYER_TOPIC.search(u.text) and not rv.FEE_CUE.search(u.text)
               and not rv.REFUSE.search(u.text) and (not taken or rv.ACCEPT_ACTION.search(u.text)) for u in units)


_IF = re.compile(r"\b(?:if|when|in case|jika|apabila|bila|kalau)\b|場合", re.I)


def _restricted(units: list[Unit]) -> bool:
    """Some sentence limits returns to defects ("only", "kecuali", "に限り" beside a defect word)."""
    for unit in units:
        main = _PAREN.sub(" ", unit.text)  # "(except where prohibited by law)" is an aside
        if rv.FEE_CUE.search(main) or rv.PAYER_TOPIC.search(main):
            continue  # fees and postage for some returns do not limit which returns are taken
        if rv.RETURN_WORD.search(main) and rv.DEFECT.search(main) and (
                rv.ONLY_DEFECT.search(main) or rv.EXCEPT_DEFECT.search(main)):
            return True
        # "TIDAK dapat dikembalikan atau ditukar kecuali memenuhi syarat", "Produk dapat dikembalikan apabila:":
        # the conditions (stated elsewhere or in rows below) decide which returns are taken
        if rv.REFUSE.search(main) and _UNLESS_ELIGIBLE.search(main) or _LEAD_IN.search(main) and rv.RETURN_WORD.search(main) \
                or rv.REASONS_LEAD_IN.search(main):
            return True
    return False


# A refusal lifted only when conditions stated elsewhere are met ("kecuali memenuhi syarat", "unless they meet
# the conditions below"): which returns are taken is in those conditions.
_UNLESS_ELIGIBLE = re.compile(r"\b(?:kecuali|selain|unless|except)\b[^.;]{0,25}\b(?:memenuhi|sesuai|meet|meets|satisf\w*)"
                              r"[^.;]{0,15}\b(?:syarat|ketentuan|conditions?|criteria|requirements?)", re.I)


def _strongest(units: list[Unit], has_window: bool) -> Found | None:
    best: tuple[int, Unit] | None = None
    seen: set[str] = set()
    previous: str | None = None
    prev_unit: Unit | None = None
    for unit in units:
        signal = sentence_signal(unit.text)
        if signal is None and _refuses_asked_reasons(unit):
            signal = "defect_only"
        # "返品・交換はお受けできません。ただし、商品に欠陥がある場合は…": the refusal has a defect exception
        if previous in ("none", "weak_none") and _EXCEPTION_START.match(unit.text) and rv.DEFECT.search(unit.text):
            signal = "defect_only"
        # "不良品の場合は当店負担で交換します。それ以外の返品はお受けできません": everything but the defects refused
        if signal in ("none", "weak_none", "none_strong") and rv.OTHERWISE_START.match(unit.text) and prev_unit is not None \
                and rv.DEFECT.search(prev_unit.text):
            signal = "defect_only"
        previous = signal if signal is not None else previous
        prev_unit = unit
        if signal is None or (signal == "weak_any" and rv.COMPLAINT_CUE.search(unit.text) and not has_window):
            continue
        seen.add(signal)
        rank = _RANK.index(signal)
        if best is None or rank < best[0]:
            best = (rank, unit)
    return None if best is None else _found_of(_RANK[best[0]], best[1], has_window, seen)


# "for those reasons": the reasons named elsewhere, in an FAQ answer those of its question
_THOSE_REASONS = re.compile(r"alasan(?:-alasan)? (?:tersebut|itu|di atas)|\bfor (?:those|these|the above) reasons|(?:その|上記の)理由", re.I)


def _refuses_asked_reasons(unit: Unit) -> bool:
    """An FAQ answer refusing returns "for those reasons" where the question names a change of mind
    ("Apakah barang bisa diretur kalau tidak cocok?" / "kami tidak menerima retur karena alasan-alasan
    tersebut"): change-of-mind returns are refused, as in "お客様都合の返品はお受けできません"."""
    return bool(rv.REFUSE.search(unit.text) and rv.GOODS_BACK.search(unit.text) and _THOSE_REASONS.search(unit.text)
                and rv.COM_STRONG.search(unit.question) and not rv.DEFECT.search(unit.question))


def _found_of(signal: str, unit: Unit, has_window: bool, seen: set[str]) -> Found | None:
    """The fact for the strongest signal of the text (``seen``: every signal the text gave)."""
    if signal == "payer_any":
        # who pays for change-of-mind returns, beside "お客様都合による返品はお受けできません" or "only defective
        # items": the postage sentence may describe a case the store does not take (a conflict, needs review)
        return Found("any", unit.text, REVIEW if "defect_only" in seen else EXPLICIT)
    if signal == "weak_none":
        return None if has_window else Found("none", unit.text, WEAK)
    if signal == "none_strong":
        return Found("none", unit.text, EXPLICIT)
    if signal == "accept":
        return Found("any", unit.text, INFERRED)
    if signal == "weak_any":
        # An acceptance verb alone ("Returns are processed at our warehouse") is weak evidence; with a
        # stated window it is fair (development: 5 right / 2 wrong), without one it needs review (3 / 4).
        return Found("any", unit.text, INFERRED if has_window else REVIEW)
    return Found(signal, unit.text, EXPLICIT)


def _defect_list(units: list[Unit]) -> str | None:
    """An eligibility list made only of defects ("Produk rusak saat pengiriman." / "Produk tersebut
    cacat." / "salah kirim"): two or more short list rows of one block, each naming a defect."""
    by_block: dict[int, list[Unit]] = {}
    for unit in units:
        if unit.section == "returns" and len(unit.text) <= 70 and rv.DEFECT.search(unit.text) \
                and not rv.RETURN_WORD.search(unit.text) and not rv.COM_STRONG.search(unit.text):
            by_block.setdefault(unit.block, []).append(unit)
    rows = max(by_block.values(), key=len, default=[])
    if len(rows) >= 2:
        return " / ".join(u.text for u in rows)
    # "Return and exchange can be used if:" followed by defect rows, one per paragraph
    for i, unit in enumerate(units):
        about_returns = rv.GOODS_BACK.search(unit.text) or (i and units[i - 1].line_no == unit.line_no
                                                            and rv.GOODS_BACK.search(units[i - 1].text))
        if not (_LEAD_IN.search(unit.text) and about_returns):
            continue
        run, rest = [], units[i + 1:]
        for row in rest:
            if len(row.text) > 70 or not rv.DEFECT.search(row.text) or rv.RETURN_WORD.search(row.text):
                break
            run.append(row)
        after = rest[len(run)] if len(rest) > len(run) else None
        if run and not (after is not None and len(after.text) <= 70 and not _TERMINAL.search(after.text)):
            return " / ".join(u.text for u in [unit, *run])  # a list of defects only (a mixed list is not)
    return None


_TERMINAL = re.compile(r"[.。!！]$")


_LEAD_IN = re.compile(r"(?:apabila|jika|bila|if|when|only|hanya|場合|のみ|限り)[^:：]{0,20}[:：]\s*$", re.I)
