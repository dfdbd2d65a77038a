"""Who pays return shipping (customer / merchant / depends), return labels and restocking fees.

Each sentence about the cost of sending goods back is classified: who pays, and under which
condition (our fault / defects, the buyer's reasons, none). "The customer pays unless the item is
defective" and "we pay for our errors; change-of-mind returns at your cost" are ``depends``.
Outbound shipping ("original shipping is non-refundable"), customs and bank-transfer fees
(振込手数料) are not return shipping; a prepaid label alone is weak evidence that the merchant
pays (its cost may be deducted from the refund).
"""

from __future__ import annotations

import re

from . import returns_vocab as rv
from .layout import Unit
from .money_spans import canonical, find_money
from .returns_evidence import EXPLICIT, INFERRED, REVIEW, Found

# "unless defective", and "if the seller is not at fault" (the customer pays only in that case)
_UNLESS = re.compile(r"\bunless\b|\bkecuali\b|\bexcept\b|を除き|以外|\bif (?:the )?(?:seller|merchant|store|shop|we)(?: is| are|'re)? not at fault", re.I)
_BACK = re.compile(r"return|retur|kembali|\bbalik\b|pengembalian|penukaran|tukar|send (?:it|them|items?|the \w+) back|返品|返送|交換|"
                   r"お取り?替え|往復|着払い|元払い", re.I)
_PAREN = re.compile(r"\([^()]*\)")
_OUTBOUND_LABEL = re.compile(r"^(?:商品代金以外\S*|販売価格\S*|送料|配送料|配送料金|配送|お届け|shipping(?: fees?| costs?| rates?)?|delivery(?: fees?| charges?)?|postage|"
                             r"ongkir|ongkos kirim|biaya (?:pengiriman|kirim))\s*$", re.I)
# The order on its way to the buyer (a threshold or the delivery itself), under a heading that also names returns
_OUTBOUND_ORDER = re.compile(r"お届け|お買い?上げ|ご購入金額|以上のご注文|\borders? (?:over|above|of more than)|"
                             r"\bdeliver(?:y|ed)? to you\b|minimal (?:belanja|pembelian)|pesanan di atas", re.I)
_GENERIC_FEE = re.compile(r"handling fee|processing fee|biaya penanganan", re.I)
_OUTBOUND_FEE = re.compile(r"(?:every|each|all|per) orders?\b|setiap pesanan|ご注文ごと|shipping (?:and|&) handling|postage (?:and|&) handling|\bS&H\b|non-?refundable|tidak dapat dikembalikan", re.I)
_LABEL_ONLY = re.compile(r"label|伝票|post ?pack|satchel|envelope|mailer", re.I)  # a label or a prepaid pack
# The buyer's burden denied: "ご負担いただくことはございません", "お客様のご負担はありません", "お客様負担なし".
_NO_BURDEN = re.compile(r"負担[^。、]{0,12}(?:ことは?(?:ございません|ありません)|は?(?:ございません|ありません)|なし|なく|不要|いただきません|かかりません)")
_COD_REFUSED = re.compile(r"(?:not|tidak|ません|できません)[^。.]{0,12}着払い|着払い[^。]{0,12}(?:不可|お受けでき|受け付けておりません|"
                          r"お断り|ご遠慮|拒否|受け取れ|お?受け?取り?(?:でき|いたしかね|致しかね)|受付(?:でき|いたしかね|致しかね))")
_POSTAGE_REFUNDED = re.compile(r"(?:送料|返送料)(?:分)?(?:を|は)?、?(?:後日|後ほど)?、?(?:ご)?(?:返金|お返し|ご返金)(?:いた|致|し|させ)")
_DEDUCTED = re.compile(r"deduct(?:ed)? (?:\w+ ){0,2}from|taken (?:off|out of)|subtracted from|dipotong dari|差し引", re.I)
# "eligible for free returns ... for a flat £2.50 fee (we deduct this from your refund)": not free after all
_FREE_WORD = re.compile(r"free|無料|gratis", re.I)


def _negated(clause: str) -> bool:
    return bool(rv.NEGATION.search(clause))


def classify_payer(unit: Unit, continues: bool = False) -> tuple[str, str | None] | None:
    """("customer" | "merchant", condition "fault" | "buyer" | "unless_fault" | None) for one sentence;
    ``continues``: the previous sentence of the same line was about return shipping costs."""
    text, topic = unit.text, unit.text + " " + unit.question
    if not (rv.RETURN_TRIP_COST.search(topic) or continues) or not (
            _BACK.search(topic) or unit.section == "returns" or continues or _BACK.search(unit.heading_text)):
        return None
    label = text.split(" | ", 1)[0] if " | " in text else ""
    outbound = _OUTBOUND_ORDER.search(text) and not rv.OUR_FAULT.search(text)  # not "異なる商品をお届けした場合"
    if (label and _OUTBOUND_LABEL.match(label.strip()) or outbound) and not _BACK.search(text):
        return None  # "送料 | 全国一律当店負担", "5,000円以上のお買い上げで送料当店負担にてお届け": delivery, not returns
    if rv.NOT_RETURN_LEG.search(text) or re.search(r"振込手数料|transfer fee|biaya transfer", text, re.I) and not re.search(
            r"送料|postage|shipping|ongkir|ongkos kirim", text, re.I):
        return None  # "振込手数料は当店負担です": the bank fee of the refund, not return shipping
    core = rv.ORIGINAL_SHIPPING.sub(" ", _PAREN.sub(" ", text) if _PAREN.sub(" ", text).strip() else text)
    if rv.ORIGINAL_SHIPPING.search(text) and not rv.RETURN_TRIP_COST.search(core):
        return None
    customer, merchant = _payers(core, unit.line_text)
    if merchant and (_LABEL_ONLY.search(merchant.group(0)) or _FREE_WORD.search(merchant.group(0))) and _DEDUCTED.search(text):
        return "customer", None  # "we email a prepaid label; $7.95 is deducted from your refund": the buyer pays
    if customer and merchant:
        return "depends", None
    if not customer and not merchant:
        return None
    fault, buyer = rv.OUR_FAULT.search(core), rv.BUYER_REASON.search(core)
    if customer:
        if fault and _UNLESS.search(core):
            return "customer", "unless_fault"
        if rv.OTHERWISE_START.match(text) and not fault:
            return "customer", "otherwise"  # "In all other cases, you must pay the costs of return"
        return "customer", "buyer" if buyer else ("fault" if fault else None)
    if buyer and _UNLESS.search(core):
        return "depends", None  # "お客様都合による返品を除き当店負担": the buyer pays for his own reasons
    if fault and not buyer:
        return "merchant", "fault"  # "if the item is defective, we will provide a prepaid label"
    if re.search(r"label|伝票", core, re.I) and not re.search(r"free|無料|負担|tanggung", core, re.I):
        return "merchant", "label"
    return "merchant", None


def _payers(core: str, line_text: str):
    """The customer and merchant payer phrases of a sentence, after the Japanese postage idioms."""
    customer, merchant = rv.PAYS_CUSTOMER.search(core), rv.PAYS_MERCHANT.search(core)
    if merchant and merchant.group(0) == "着払い" and _COD_REFUSED.search(core):
        customer, merchant = customer or merchant, None  # "着払いでのご返送はお受けできません": the buyer pays
    if customer and customer.group(0) == "元払い" and _POSTAGE_REFUNDED.search(f"{core} {line_text}"):
        customer, merchant = None, merchant or customer  # "元払いでご返送ください。送料は返金いたします": the shop pays in the end
    if customer and not merchant and _NO_BURDEN.search(core):
        customer, merchant = None, customer  # "返送料をお客様にご負担いただくことはございません": the shop pays
    return customer, merchant


def paid_by(units: list[Unit], accepted: str | None = None) -> Found | None:
    """Who pays return shipping; a hedged statement ("may be charged", "場合がございます") needs review."""
    found = _paid_by(units, accepted)
    if found is not None and _HEDGE.search(found.text):
        return Found(found.value, found.text, min(found.confidence, REVIEW))
    return found


_HEDGE = re.compile(r"\b(?:may|might|could) (?:be |also )?(?:required|asked|charged|need|have to|responsible)|"
                    r"\b(?:the )?majority of the time\b|\bmost of the time\b|\bin most cases\b|\busually\b|\bbiasanya\b|"
                    r"場合が(?:ございます|あります)|ことが(?:ございます|あります)|\b(?:mungkin|bisa jadi|dapat dikenakan)\b", re.I)


def _paid_by(units: list[Unit], accepted: str | None = None) -> Found | None:
    seen: dict[tuple[str, str | None], Unit] = {}
    topic_line = -1
    for unit in units:
        kind = classify_payer(unit, unit.line_no == topic_line)
        if kind is not None:
            seen.setdefault(kind, unit)
            topic_line = unit.line_no
    customer = [k for k in seen if k[0] == "customer" and k[1] != "fault"]
    merchant = [k for k in seen if k[0] == "merchant" and k[1] != "label"]
    if ("depends", None) in seen or ("customer", "unless_fault") in seen:
        unit = seen.get(("depends", None)) or seen[("customer", "unless_fault")]
        return Found("depends", unit.text, EXPLICIT)
    if customer and merchant:
        return Found("depends", f"{seen[customer[0]].text} {seen[merchant[0]].text}", EXPLICIT)
    if customer:
        # "In all other cases, you pay" names another case we did not read: who pays then is unknown
        sure = any(k[1] != "otherwise" for k in customer)
        return Found("customer", seen[customer[0]].text, EXPLICIT if sure else REVIEW)
    if ("merchant", None) in seen:
        return Found("merchant", seen[("merchant", None)].text, EXPLICIT)
    if ("merchant", "fault") in seen and accepted in ("defect_only", "any"):
        # "We'll pay the return shipping if the return is a result of our error": with defect-only returns
        # that is every return; with any-reason returns the buyer pays the others (depends).
        return Found("merchant" if accepted == "defect_only" else "depends", seen[("merchant", "fault")].text, INFERRED)
    if ("merchant", "label") in seen:
        return Found("merchant", seen[("merchant", "label")].text, INFERRED)
    return None


def restocking(units: list[Unit], lang: str, currency: str | None) -> Found | None:
    """The first restocking / handling fee charged on returns. Beside a sentence denying such fees ("No
    restocking fees - unlike most companies who charge 15%") a fee is a comparison or an exception: review."""
    denied = any(_NO_FEE.search(u.text) and not _SCOPED.search(u.text) for u in units)
    for unit in units:
        found = None if _NO_FEE.search(unit.text) else _fee_of(unit, lang, currency)
        if found is not None:
            return Found(found.value, found.text, REVIEW) if denied else found
    return None


def _fee_of(unit: Unit, lang: str, currency: str | None) -> Found | None:
    text = unit.text
    if not rv.FEE_CUE.search(text) or rv.NOT_FEE.search(text) and not re.search(r"返品手数料|事務手数料", text):
        return None
    if re.search(r"admin", text, re.I) and not rv.GOODS_BACK.search(text) and unit.section != "returns":
        return None  # an admin fee counts only when it is charged on returns
    if _GENERIC_FEE.search(text) and not rv.FEE_CUE.search(_GENERIC_FEE.sub(" ", text)) and (
            not (rv.GOODS_BACK.search(text) or unit.section == "returns" or re.search(r"refund|dana|返金", text, re.I))
            or _OUTBOUND_FEE.search(text)):
        return None  # "shipping and handling fee", "processing fee" of an order: not charged on a return
    pct = re.search(r"(\d+(?:\.\d+)?)\s*%", text)
    if pct:
        value = canonical(pct.group(1))
        # "a 10-15% restocking fee": a range is no single fee to compare (needs review)
        conf = REVIEW if _FEE_RANGE.search(text) else EXPLICIT
        return Found({"percent": int(value) if value.isdigit() else value}, text, conf)
    money = find_money(text, None if lang != "ja" else "JPY", lang)
    if money:
        return Found({"amount": canonical(money[0].amount), "currency": money[0].currency or currency}, text)
    return None


_NO_FEE = re.compile(r"\b(?:no|without|zero|free of|never charge)\b[^.;]{0,15}\b(?:re-?stocking|handling|processing) (?:fees?|charges?)|"
                     r"tanpa biaya (?:restocking|penyetokan|penanganan)|(?:tidak ada|bebas) biaya (?:restocking|penyetokan|penanganan)|"
                     r"(?:返品|事務)手数料(?:は)?(?:無料|不要|かかりません|いただきません|ございません)", re.I)
# "There is no restocking fee for damaged or defective products", "… on exchanges": a denial for one case only
_SCOPED = re.compile(r"defect|damaged|faulty|wrong item|exchange|unopened|store credit|cacat|rusak|tukar|不良|破損|交換", re.I)
_FEE_RANGE = re.compile(r"\d\s*%?\s*(?:-|–|~|to|sampai|hingga)\s*\d+(?:\.\d+)?\s*%|\bup to \d+(?:\.\d+)?\s*%", re.I)


def label(units: list[Unit]) -> Found | None:
    for unit in units:
        if rv.LABEL_FALSE.search(unit.text):
            return Found(False, unit.text)
        if rv.LABEL_TRUE.search(unit.text) and not _negated(unit.text.replace("no charge", "")):
            return Found(True, unit.text)
    return None
