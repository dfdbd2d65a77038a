"""Return-policy facts from policy text: window, acceptance, who pays, refund types, fees, labels.

Works on sentence units with their section and FAQ question: segment (layout), keep the sentences
about returns, classify each, fill the slots. Negation is judged per clause ("Ga bisa refund /
pengembalian dana, cuma tukar size" refuses money but offers an exchange), and sentences that only
point elsewhere ("see our Returns page") or ask a question never give facts. Every fact carries its
sentence and a rule confidence (``returns_evidence``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import returns_vocab as rv
from .layout import Unit
from .returns_accept import accepted
from .returns_evidence import EXPLICIT, REVIEW_BELOW, Found, evidence_of
from .returns_templates import find_template
from .returns_units import repaired_units
from .returns_payer import label, paid_by, restocking
from .returns_types import refund_types
from .returns_window import CANCEL_AFTER_DELIVERY, refund_days, window

# A heading naming the postage of returns itself (not "返品・送料について" or "Shipping & Returns", which
# cover outbound shipping too).
_POSTAGE_HEADING = re.compile(r"返品送料|返送料|返品(?:時|の際)の送料|return (?:shipping|postage)|cost of returns?|"
                              r"(?:ongkir|ongkos kirim|biaya (?:pengiriman|kirim)) (?:retur|pengembalian)", re.I)


def _relevant(unit: Unit) -> bool:
    """Sentence may carry a returns fact: in a returns section, or itself about returns/refunds."""
    if rv.POINTER.search(unit.text) or unit.text.rstrip().endswith(("?", "?")):
        return False
    if unit.section == "returns" or _line_about_returns(unit.line_text):
        return True
    if _POSTAGE_HEADING.search(unit.heading_text) and rv.RETURN_TRIP_COST.search(unit.text):
        return True  # "返品送料" heading, then "当店が送料を負担いたします": the heading names the leg
    return bool(rv.REFUND_CUE.search(unit.text) or rv.RETURN_CUE.search(unit.question)
                or rv.LABEL_TRUE.search(unit.text) or rv.LABEL_FALSE.search(unit.text) or rv.FEE_CUE.search(unit.text)
                or rv.PAID_SHIPPING_CUE.search(unit.text) or CANCEL_AFTER_DELIVERY.search(unit.text))


@lru_cache(maxsize=512)
def _line_about_returns(line_text: str) -> bool:
    return bool(rv.RETURN_CUE.search(line_text))  # every sentence of a line asks the same question


def _sure(found: Found | None) -> bool:
    """A fact that is compared (not held for review): only such facts show a return policy is stated."""
    return found is not None and found.confidence >= REVIEW_BELOW


def extract_returns(units: list[Unit], lang: str, currency: str | None, headings: list[tuple[int, str]] = ()
                    ) -> tuple[dict | None, dict[str, str], dict[str, dict]]:
    """The returns fact dict (or None when the text states nothing about returns), provenance and
    evidence (``{"returns.<field>": {"text": sentence, "confidence": 0..1}}``); ``headings`` are the
    layout's heading lines (some state a fact, see ``returns_units``)."""
    relevant = [u for u in repaired_units(units, list(headings)) if _relevant(u)]
    days, starts, window_unit = window(relevant)
    accepts = accepted(relevant, days is not None, days.text if days is not None else None)
    template = find_template(relevant)
    if template and (accepts is None or accepts.value == "any"):
        accepts = Found("any", template[1].text, EXPLICIT)  # the platform text accepts any unused item
    payer = paid_by(relevant, accepts.value if accepts else None)
    found: dict[str, Found | None] = {
        "window_days": days,
        "window_starts": starts if days is not None else None,
        "accepted": accepts,
        "return_shipping_paid_by": payer,
        "free_returns": None if payer is None else Found(payer.value == "merchant", payer.text, payer.confidence),
        "refund_types": refund_types(relevant, any(_sure(f) for f in (days, accepts, payer))),
        "restocking_fee": restocking(relevant, lang, currency),
        "label_provided": label(relevant),
        "refund_processing_days": refund_days(relevant, window_unit),
    }
    facts = {k: (f.value if f is not None else ([] if k == "refund_types" else None)) for k, f in found.items()}
    if not any(v not in (None, []) for v in facts.values()):
        return None, {}, {}
    provenance = {f"returns.{k}": f"text:{lang}:{k.replace('_', '-')}" for k, v in facts.items() if v not in (None, [])}
    if template and "returns.accepted" in provenance and found["accepted"] is accepts and accepts.text == template[1].text:
        provenance["returns.accepted"] = f"text:{lang}:template-{template[0]}"
    return facts, provenance, evidence_of(found)
