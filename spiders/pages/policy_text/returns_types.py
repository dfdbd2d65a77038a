"""Refund types (money / store credit / exchange) offered as the outcome of a return.

Read clause by clause in the sentences about returns. Only a remedy counts: policy names and
headings ("Returns & Exchanges", "Refund Policy", "返品・交換について"), currency exchange rates,
gift cards and promotional vouchers are not refund types. Precision comes before recall: a kind
both offered and refused in the same text, or named only in a conditional aside, makes the whole
set "needs review" (stored with its sentence, never compared).
"""

from __future__ import annotations

import re

from . import returns_vocab as rv
from .days import find_days
from .layout import Unit
from .returns_evidence import INFERRED, REVIEW, Found

_CLAUSE = re.compile(r"[,;、]|:\s|\s[—–]\s|\bbut\b|\btapi\b|\bcuma\b|\bonly\b(?= exchange)")
_LABEL_CELL = re.compile(r"^[^|]{1,14}\s\|\s")  # "返品・交換 | ..." names the topic only
_ALTERNATIVE = re.compile(r"\bor\b|\batau\b|または|もしくは")
# Names of the policy or its process, not an offer: "our Refund Policy", "kebijakan pengembalian dana".
_POLICY_NAME = re.compile(r"\b(?:return|returns|refund|exchange)s?\s*(?:(?:&|and|/)\s*(?:refunds?|exchanges?|returns?)\s*)?"
                          r"(?:policy|policies|request form|form|page|section)\b|kebijakan (?:pengembalian|retur|penukaran)"
                          r"(?: dana)?|(?:返品|返金|交換)(?:ポリシー|規定|特約)", re.I)
# Exchange words that are not an exchange of goods; credit words that are not a refund in credit.
_NOT_EXCHANGE = re.compile(r"exchange rate|currency exchange|kurs|為替|\bin exchange for\b", re.I)
_NOT_CREDIT = re.compile(r"gift ?cards?|gift vouchers?|promo(?:tional)? (?:code|voucher)|discount (?:code|voucher)|"
                         r"voucher (?:diskon|promo)|kode voucher|クーポン"
                         # points or credit the buyer paid with, given back: not a refund in credit
                         r"|(?:ご?(?:使用|利用)|お使い)(?:いただいた|頂いた|された|した|になった)?ポイント|付与(?:された|した)?ポイント|ポイント相当額|差し引"
                         r"|points? (?:used|redeemed|you used)|(?:poin|saldo) yang (?:digunakan|dipakai)", re.I)
_CONDITION = re.compile(r"\b(?:if|when|in case|jika|apabila|bila|kalau)\b.*", re.I)
# "boleh memilih produk lain tanpa refund", "tanpa berlakunya sistem refund": the remedy named only as absent.
_WITHOUT = re.compile(r"\btanpa (?:\w+ ){0,3}(?:refund|pengembalian dana|penukaran)|\bwithout (?:a |any )?(?:refund|exchange)", re.I)
# A refusal limited to the time after the window ("ご購入から30日を過ぎた場合は…いたしかねます",
# "after 30 days we cannot offer a refund"): the remedy is offered within it.
_LAPSE = re.compile(r"日[^。]{0,6}(?:[をが]過ぎ|[をが]経過|以上経過|以降)|\bafter (?:\d+|thirty|fourteen|seven) days\b|"
                    r"\b(?:beyond|past|more than) (?:the )?(?:\d+[- ]days?|return window|return period)", re.I)
# Exchanges refused as such, not for a class of goods or after the window ("no exchanges on sale items").
_NO_EXCHANGES = re.compile(r"(?:\b(?:do not|don'?t|cannot|can'?t|no longer) (?:offer|accept|do|provide) exchanges|\bno exchanges|"
                           r"\btidak (?:menerima|melayani|menyediakan) (?:penukaran|tukar)(?: barang)?)"
                           r"(?=\s*(?:at this time|at the moment|currently|saat ini)?\s*(?:[.!;]|$))", re.I | re.M)
_TITLE_END = re.compile(r"[.!。！:：]$|(?:ます|です|ください|下さい)$")


def _is_title(text: str) -> bool:
    """A heading line ("Returns & Exchanges", "返品・交換について", "Kebijakan pengembalian barang,
    pengembalian uang, dan pertukaran barang"): not a sentence, and short or naming the policy.
    List rows ("Tukar barang, atau") carry a comma and are read."""
    words, stripped = text.split(), text.strip()
    if _TITLE_END.search(stripped) or rv.NEGATION.search(text):
        return False
    if _POLICY_WORD.search(stripped) and len(words) <= 12:
        return True
    short = len(words) <= 5 if len(words) > 1 else len(text) <= 16
    return short and "," not in text and "、" not in text


_POLICY_WORD = re.compile(r"^\W*(?:title\s+)?(?:kebijakan|syarat|ketentuan)\b|\bpolic(?:y|ies)\W*$|ポリシー$|について$", re.I)


def _kinds(clause: str) -> set[str]:
    kinds: set[str] = set()
    if rv.CREDIT_TYPE.search(clause) and not _NOT_CREDIT.search(clause):
        kinds.add("store_credit")
    # "返金またはポイントでの返金": money and points are alternatives, judged per alternative.
    for part in _ALTERNATIVE.split(clause):
        credit = rv.CREDIT_TYPE.search(part) and not _NOT_CREDIT.search(part)
        if rv.MONEY_TYPE.search(part) and not credit and not rv.NOT_CASH.search(part) and not _buyer_pays_in(part):
            kinds.add("money")
    if rv.EXCHANGE_TYPE.search(clause) and not _NOT_EXCHANGE.search(clause):
        kinds.add("exchange")
    return kinds


# "銀行振込の場合はご注文後7日以内にお振込みください", "送料を別途お振込いただきます": the buyer's payment,
# not a refund by transfer.
_PAYMENT = re.compile(r"支払|お?振込み?(?:ください|下さい|願|をお願い)|振込(?:期限|先)|お?振込み?を?(?:いただ|頂)")


def _buyer_pays_in(part: str) -> bool:
    """The part's only money word is a bank transfer (お振込) and it is about paying for the order."""
    return bool(_PAYMENT.search(part)) and not rv.MONEY_TYPE.search(re.sub(r"お振込", " ", part))


def refund_types(units: list[Unit], policy_stated: bool = True) -> Found | None:
    found: dict[str, Unit] = {}
    refused: set[str] = set()
    offered: set[str] = set()  # kinds offered outright (not only read from a refusal after the window)
    for unit in units:
        text = _answered(unit)
        if not (rv.MONEY_TYPE.search(text) or rv.CREDIT_TYPE.search(text) or rv.EXCHANGE_TYPE.search(text)):
            continue  # most sentences name no outcome: skip the clause-by-clause reading
        if rv.NOT_REFUND_TYPE.search(text) and not rv.GOODS_BACK.search(text) or _is_title(text):
            continue
        kept = _but_for_defects(text)
        for clause in _clauses(_POLICY_NAME.sub(" ", _LABEL_CELL.sub("", text))):
            if rv.NOT_REFUND_TYPE.search(clause):
                continue
            kinds = _kinds(clause)
            # "We refund you if you are not happy": a "not" inside the condition does not refuse the remedy.
            if (rv.NEGATION.search(_CONDITION.sub(" ", clause)) or _WITHOUT.search(clause)) and not _LAPSE.search(text) \
                    and not kept:
                refused |= kinds
            elif rv.NEGATION.search(clause) and kinds and not kept:
                for kind in kinds:  # "30日を過ぎた場合は返金も交換もいたしかねます": offered within the window
                    found.setdefault(kind, unit)
            else:
                for kind in kinds:
                    found.setdefault(kind, unit)
                    offered.add(kind)
    if "money" in refused and re.search(r"no refund|don'?t do refunds|ga bisa refund|tidak bisa refund",
                                        " ".join(u.text for u in units), re.I):
        found.pop("money", None)
    if "exchange" in refused and _NO_EXCHANGES.search(" ".join(u.text for u in units)):
        found.pop("exchange", None)  # "We do not offer exchanges at this time": "refund or exchange" elsewhere is loose
    kinds = [k for k in ("money", "store_credit", "exchange") if k in found]
    if not kinds:
        return None
    texts = list(dict.fromkeys(found[k].text for k in kinds))
    # A kind both offered and refused ("we don't exchange ... exchanges for defects") is a conflict.
    # Without a return policy around them (no window, acceptance or payer), refund words are asides.
    # A kind read only from "no refund or exchange after 30 days" is an aside: the set needs review.
    conf = INFERRED if policy_stated and set(kinds) <= offered else REVIEW
    return Found(kinds, " / ".join(texts), conf)


# "Kapan dana dikembalikan?" / "When will I get my refund?": a question about the refund's timing
_WHEN_REFUND = re.compile(r"\b(?:kapan|berapa lama|when|how (?:long|soon))\b|いつ|どのくらい", re.I)


def _answered(unit: Unit) -> str:
    """The sentence, preceded by its FAQ question when it answers when the refund comes with a time
    ("T: Kapan dana dikembalikan? J: 3–14 hari kerja"): the answer confirms the remedy the question names."""
    if unit.question and _WHEN_REFUND.search(unit.question) and find_days(unit.text) and not rv.NEGATION.search(unit.text):
        return f"{unit.question} {unit.text}"
    return unit.text


def _but_for_defects(text: str) -> bool:
    """"商品に欠陥がある場合を除き…返品、返金は承れません", "no refunds unless the item is defective": the
    refusal keeps the remedy for defects, so it is offered (in that case), not refused."""
    return bool(rv.EXCEPT_DEFECT.search(text) and rv.DEFECT.search(text))


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE.split(text) if c.strip()]
