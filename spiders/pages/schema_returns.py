"""Return-policy facts from schema.org ``MerchantReturnPolicy`` nodes, and the ``ReturnsItem`` they make.

Facts the item has no field for (applicable countries, return method, seasonal overrides, item
conditions) stay in the fact dicts of ``returns_facts``. schema.org counts return days from delivery.
"""

from __future__ import annotations

from spiders.items import RestockingFee, ReturnsItem
from spiders.pages import money
from spiders.pages.schema_shipping import rate_facts
from spiders.pages.structured import StructuredData, as_list, first_text, local_name

_FEES = {"FreeReturn": "merchant", "ReturnShippingFees": "customer", "ReturnFeesCustomerResponsibility": "customer",
         "OriginalShippingFees": "customer", "RestockingFees": "customer"}
_REFUNDS = {"FullRefund": "money", "StoreCreditRefund": "store_credit", "ExchangeRefund": "exchange"}
_LABELS = {"ReturnLabelInBox": True, "ReturnLabelDownloadAndPrint": True, "ReturnLabelCustomerResponsibility": False}


def returns_facts(data: StructuredData) -> list[dict]:
    """One fact dict per MerchantReturnPolicy, in document order."""
    return [_policy_facts(node, syntax) for syntax, node in data.find("MerchantReturnPolicy")]


def _enum(node: dict, key: str) -> str | None:
    value = first_text(node.get(key))
    return local_name(value) if value else None


def _policy_facts(policy: dict, syntax: str) -> dict:
    category = _enum(policy, "returnPolicyCategory")
    fee = policy.get("returnShippingFeesAmount")
    restocking = policy.get("restockingFee")
    return {
        "syntax": syntax, "category": category,
        "window_days": _whole_days(policy.get("merchantReturnDays")),
        "fees": _enum(policy, "returnFees"), "remorse_fees": _enum(policy, "customerRemorseReturnFees"),
        "defect_fees": _enum(policy, "itemDefectReturnFees"),
        "fee_amount": rate_facts(fee, None) if isinstance(fee, dict) else None,
        "remorse_fee_amount": rate_facts(policy.get("customerRemorseReturnShippingFeesAmount"), None)
        if isinstance(policy.get("customerRemorseReturnShippingFeesAmount"), dict) else None,
        "refund_types": [_REFUNDS[r] for r in (local_name(x) for x in as_list(policy.get("refundType"))
                                               if isinstance(x, str)) if r in _REFUNDS],
        "label": _enum(policy, "returnLabelSource"), "remorse_label": _enum(policy, "customerRemorseReturnLabelSource"),
        "defect_label": _enum(policy, "itemDefectReturnLabelSource"),
        "method": _enum(policy, "returnMethod"),
        "countries": [first_text(c) for c in as_list(policy.get("applicableCountry")) if first_text(c)],
        "return_country": first_text(policy.get("returnPolicyCountry")),
        "conditions": [local_name(c) for c in as_list(policy.get("itemCondition")) if isinstance(c, str)],
        "restocking": restocking,
        "seasonal": [{"start": first_text(o.get("startDate")), "end": first_text(o.get("endDate")),
                      "window_days": money.to_decimal(o.get("merchantReturnDays")),
                      "category": _enum(o, "returnPolicyCategory")}
                     for o in as_list(policy.get("returnPolicySeasonalOverride")) if isinstance(o, dict)],
    }


def _whole_days(value: object) -> int | None:
    """merchantReturnDays as days; a date (also allowed by schema.org) or nonsense gives None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) or isinstance(value, str) and value.strip().isdigit():
        days = int(value)
        return days if 0 <= days <= 3650 else None
    return None


def returns_item_from_facts(facts: dict, url: str) -> ReturnsItem:
    """ReturnsItem from one policy's facts (schema.org counts return days from delivery)."""
    src = f"{facts['syntax']}:MerchantReturnPolicy"
    values: dict = {}
    if facts["category"] == "MerchantReturnNotPermitted":
        values["accepted"] = "none"
    elif facts["category"] in ("MerchantReturnFiniteReturnWindow", "MerchantReturnUnlimitedWindow"):
        values["accepted"] = "any"
    if facts["window_days"] is not None and facts["category"] != "MerchantReturnNotPermitted":
        values["window_days"], values["window_starts"] = facts["window_days"], "delivery"
    payer = _FEES.get(facts["fees"] or facts["remorse_fees"] or "")
    if payer == "customer" and _FEES.get(facts["defect_fees"] or "") == "merchant":
        payer = "depends"  # free for defects, paid by the shopper otherwise
    if payer:
        values["return_shipping_paid_by"], values["free_returns"] = payer, payer == "merchant"
    if facts["refund_types"]:
        values["refund_types"] = [t for t in ("money", "store_credit", "exchange") if t in facts["refund_types"]]
    label = _LABELS.get(facts["label"] or facts["remorse_label"] or "")
    if label is not None:
        values["label_provided"] = label
    values["restocking_fee"] = _restocking(facts["restocking"])
    values = {k: v for k, v in values.items() if v is not None}
    provenance = {k: f"{src}.{_POLICY_SOURCE.get(k, k)}" for k in values}
    return ReturnsItem(url=url, provenance=provenance, **values)


_POLICY_SOURCE = {"accepted": "returnPolicyCategory", "window_days": "merchantReturnDays",
                  "window_starts": "merchantReturnDays", "return_shipping_paid_by": "returnFees",
                  "free_returns": "returnFees", "refund_types": "refundType", "label_provided": "returnLabelSource",
                  "restocking_fee": "restockingFee"}


def _restocking(value: object) -> RestockingFee | None:
    if isinstance(value, dict):
        rate = rate_facts(value, None)
        return RestockingFee(amount=rate["price"], currency=rate["currency"]) if rate["price"] else None
    percent = money.to_decimal(value)
    return RestockingFee(percent=percent) if percent else None
