"""Shipping and returns page objects: schema.org first, then the policy-text parser.

Structured sources: ``OfferShippingDetails`` (``shippingRate``, ``shippingDestination``,
``deliveryTime`` handling + transit => delivery min/max days, ``doesNotShip``,
``freeShippingThreshold``), ``ShippingService`` / ``ShippingConditions`` (the 2025 Organization-level
format, ``orderValue`` tiers: a free tier's lower bound is the free-shipping threshold),
``DeliveryChargeSpecification`` and ``MerchantReturnPolicy``. Facts that the items have no field for
(minimum order, percentage rates, countries not shipped to, member-only services, seasonal return
overrides) stay in the fact dicts returned by ``shipping_facts`` / ``returns_facts``.
Text facts from ``policy_text.parse_policy_text`` fill only the fields structured data left empty.
"""

from __future__ import annotations

import logging
import math
from decimal import Decimal

from spiders.items import DayRange, FreeShippingThreshold, RestockingFee, ReturnsItem, ShippingItem, ShippingOption
from spiders.pages import money
from spiders.pages.structured import (
    StructuredData, as_list, decode_html, extract_structured, first_text, local_name, parse_tree, types_of,
)

log = logging.getLogger(__name__)
_UNIT_DAYS = {"DAY": 1, "D": 1, "WEE": 7, "WK": 7, "MON": 30, "HUR": 1 / 24, "H": 1 / 24, "MIN": 1 / 1440}
_WEEKEND = {"Saturday", "Sunday"}


def _days(value: object) -> tuple[int | None, int | None]:
    """(min, max) whole days of a QuantitativeValue or ServicePeriod; hours round up to days."""
    if isinstance(value, dict) and isinstance(value.get("duration"), dict):
        value = value["duration"]
    if not isinstance(value, dict):
        return None, None
    factor = _UNIT_DAYS.get(str(value.get("unitCode") or "DAY").upper(), 1)
    low, high = (money.to_decimal(value.get(k)) for k in ("minValue", "maxValue"))
    if low is None and high is None and value.get("value") is not None:
        low = high = money.to_decimal(value.get("value"))
    as_days = [None if v is None else math.ceil(float(v) * factor) for v in (low, high)]
    return as_days[0], as_days[1]


def _add(a: int | None, b: int | None) -> int | None:
    return None if a is None and b is None else (a or 0) + (b or 0)


def _region(destinations: object) -> str | None:
    parts = []
    for dest in as_list(destinations):
        if not isinstance(dest, dict):
            continue
        country = first_text(dest.get("addressCountry")) or first_text(dest.get("name"))
        regions = [r for r in (first_text(x) for x in as_list(dest.get("addressRegion"))) if r]
        codes = [first_text(x) for x in as_list(dest.get("postalCode")) if first_text(x)]
        label = country or ""
        if regions or codes:
            label += f" ({', '.join(regions + codes)})"
        parts.append(label.strip())
    return ", ".join(p for p in parts if p) or None


def _business_days(*periods: object) -> bool | None:
    days = set()
    for period in periods:
        for day in as_list(period.get("businessDays") if isinstance(period, dict) else None):
            names = day.get("dayOfWeek") if isinstance(day, dict) else day
            days.update(local_name(n) for n in as_list(names) if isinstance(n, str))
    if not days:
        return None
    return True if not days & _WEEKEND else (False if len(days) == 7 else None)


def _rate(rate: object, currency: str | None) -> dict:
    """Price facts of a shippingRate: MonetaryAmount, bare "0", or ShippingRateSettings."""
    out: dict = {"price": None, "currency": None}
    if isinstance(rate, dict) and "ShippingRateSettings" in types_of(rate):
        out["order_percentage"] = money.to_decimal(rate.get("orderPercentage"))
        out["weight_percentage"] = money.to_decimal(rate.get("weightPercentage"))
        rate = rate.get("shippingRate")
    if isinstance(rate, dict):
        out["price"] = money.to_decimal(rate.get("value") if "value" in rate else rate.get("price"))
        out["currency"] = money.currency_to_iso(first_text(rate.get("currency") or rate.get("priceCurrency")))
    elif rate is not None:
        out["price"] = money.to_decimal(rate)
    if out["price"] is not None and out["currency"] is None:
        out["currency"] = currency  # a bare "0" has no currency in markup; the store's may be configured
    return out


def shipping_facts(data: StructuredData, *, currency: str | None = None) -> list[dict]:
    """One fact dict per shipping row found in structured data, in document order."""
    rows, seen = [], set()
    for syntax, details in data.find("OfferShippingDetails"):
        services = [data.resolve(s) for s in as_list(details.get("hasShippingService"))]
        seen.update(id(s) for s in services)
        for service in services or [{}]:
            rows.extend(_service_rows(data, service, details, syntax, currency))
    for syntax, service in data.find("ShippingService"):
        if id(service) not in seen:
            seen.add(id(service))
            rows.extend(_service_rows(data, service, {}, syntax, currency))
    for syntax, charge in data.find("DeliveryChargeSpecification"):
        rows.append(_delivery_charge_row(charge, syntax, currency))
    return rows


def _service_rows(data, service: dict, details: dict, syntax: str, currency) -> list[dict]:
    delivery = details.get("deliveryTime") if isinstance(details.get("deliveryTime"), dict) else {}
    handling_node = service.get("handlingTime") or delivery.get("handlingTime")
    handling = _days(handling_node)
    rows = []
    for cond in [data.resolve(c) for c in as_list(service.get("shippingConditions"))] or [{}]:
        cond = cond if isinstance(cond, dict) else {}
        transit_node = cond.get("transitTime") or delivery.get("transitTime")
        transit = _days(transit_node)
        order = cond.get("orderValue") if isinstance(cond.get("orderValue"), dict) else {}
        row = {
            "syntax": syntax, "source": "ShippingService" if service else "OfferShippingDetails",
            "name": first_text(service.get("name")) or first_text(details.get("name")) or "Shipping",
            **_rate(cond.get("shippingRate", details.get("shippingRate")), currency),
            "region": _region(cond.get("shippingDestination") or details.get("shippingDestination")),
            "handling_days": handling, "transit_days": transit,
            "min_days": _add(handling[0], transit[0]), "max_days": _add(handling[1], transit[1]),
            "business_days": _business_days(transit_node, handling_node, delivery),
            "order_min": money.to_decimal(order.get("minValue")),
            "order_max": money.to_decimal(order.get("maxValue")),
            "order_value": money.to_decimal(order.get("value")),
            "order_currency": money.currency_to_iso(first_text(order.get("currency"))),
            "does_not_ship": bool(cond.get("doesNotShip") or details.get("doesNotShip")),
            "member_only": bool(service.get("validForMemberTier") or cond.get("validForMemberTier")),
            "cutoff": first_text((handling_node or {}).get("cutoffTime") if isinstance(handling_node, dict) else None)
            or first_text(delivery.get("cutoffTime")),
            "free_threshold": _threshold(details.get("freeShippingThreshold")),
        }
        rows.append(row)
    return rows


def _threshold(value: object) -> dict | None:
    if not isinstance(value, dict):
        return None
    amount = money.to_decimal(value.get("value", value.get("price")))
    code = money.currency_to_iso(first_text(value.get("currency") or value.get("priceCurrency")))
    return {"amount": amount, "currency": code} if amount is not None else None


def _delivery_charge_row(charge: dict, syntax: str, currency) -> dict:
    """Local delivery (schema.org DeliveryChargeSpecification): radius, minimum order, own fleet."""
    volume = charge.get("eligibleTransactionVolume")
    volume = volume if isinstance(volume, dict) else {}
    area = charge.get("eligibleRegion") if isinstance(charge.get("eligibleRegion"), dict) else {}
    radius = money.to_decimal(area.get("geoRadius"))
    return {
        "syntax": syntax, "source": "DeliveryChargeSpecification",
        "name": local_name(first_text(charge.get("appliesToDeliveryMethod")) or "") or "Delivery",
        **_rate({"price": charge.get("price"), "priceCurrency": charge.get("priceCurrency")}, currency),
        "region": f"within {radius / 1000:g} km" if radius else _region(charge.get("eligibleRegion")),
        "radius_m": radius, "min_order": money.to_decimal(volume.get("price")),
        "min_order_currency": money.currency_to_iso(first_text(volume.get("priceCurrency"))),
        "min_days": None, "max_days": None, "business_days": None, "does_not_ship": False,
        "handling_days": (None, None), "order_min": None, "free_threshold": None,
    }


def shipping_item_from_facts(rows: list[dict], url: str) -> ShippingItem | None:
    """ShippingItem from structured rows: shippable rows become options; free tiers set the threshold."""
    if not rows:
        return None
    options, provenance, threshold, seen = [], {}, None, set()
    for row in rows:
        source = f"{row['syntax']}:{row['source']}"
        if row["does_not_ship"]:
            continue
        name = row["name"] + _name_note(row)
        key = (name, row["price"], row["currency"], row["region"], row["min_days"], row["max_days"])
        if key in seen:
            continue  # the same details repeated on every variant's offer
        seen.add(key)
        options.append(ShippingOption(
            name=name, price=row["price"], currency=row["currency"] if row["price"] is not None else None,
            min_days=_cap(row["min_days"]), max_days=_cap(row["max_days"]),
            business_days=row["business_days"], region=row["region"]))
        provenance["options"] = source
        threshold = threshold or _row_threshold(row)
    item = ShippingItem(url=url, options=options, provenance=provenance)
    if threshold:
        item.free_shipping_threshold = FreeShippingThreshold(**threshold)
        item.provenance["free_shipping_threshold"] = f"{rows[0]['syntax']}:ShippingConditions.orderValue"
    handling = next((r["handling_days"] for r in rows if r["handling_days"] != (None, None)), None)
    if handling:
        item.processing_days = DayRange(min=_cap(handling[0]) or 0, max=_cap(handling[1]))
        item.provenance["processing_days"] = f"{rows[0]['syntax']}:handlingTime"
    return item


def _name_note(row: dict) -> str:
    """Conditions the option has no field for, kept visible in its name."""
    notes = []
    if row.get("order_min") or row.get("order_max"):
        low, high = _num(row.get("order_min") or 0), row.get("order_max")
        notes.append(f"order {low}–{_num(high)}" if high else f"order ≥ {low}")
    if row.get("order_percentage"):
        notes.append(f"{_num(row['order_percentage'] * 100)}% of order value")
    if row.get("member_only"):
        notes.append("members")
    return f" ({', '.join(notes)})" if notes else ""


def _num(value) -> str:
    return format(Decimal(value).normalize(), "f")


def _cap(days: int | None) -> int | None:
    return None if days is None or days > 365 else days


def _row_threshold(row: dict) -> dict | None:
    if row.get("free_threshold"):
        return {**row["free_threshold"], "inclusive": None}
    if row["price"] == 0 and row["order_min"]:  # the free tier starts at its lower bound
        return {"amount": row["order_min"], "currency": row["order_currency"] or row["currency"], "inclusive": True}
    return None


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
        "fee_amount": _rate(fee, None) if isinstance(fee, dict) else None,
        "remorse_fee_amount": _rate(policy.get("customerRemorseReturnShippingFeesAmount"), None)
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
        rate = _rate(value, None)
        return RestockingFee(amount=rate["price"], currency=rate["currency"]) if rate["price"] else None
    percent = money.to_decimal(value)
    return RestockingFee(percent=percent) if percent else None


def _page(html: str | bytes, url: str) -> tuple[StructuredData, str]:
    text = decode_html(html) or ""
    tree = parse_tree(text)
    return extract_structured(tree, url), text


def _text_item(kind: str, html_text: str, url: str, currency, country):
    """Item from the policy-text parser, or None (parser absent, no text, nothing stated)."""
    if not html_text.strip():
        return None
    try:
        from spiders.pages.policy_text import html_to_text, parse_policy_text, to_returns_item, to_shipping_item
    except ImportError:  # the text parser is optional: structured data alone still works
        return None
    try:
        plain = html_to_text(html_text) if "<" in html_text else html_text
        facts = parse_policy_text(plain, currency=currency, country=country)
        return (to_shipping_item if kind == "shipping" else to_returns_item)(facts, url)
    except Exception:  # noqa: BLE001 - a text-parser bug must not lose the structured facts
        log.warning("policy-text parsing failed for %s", url, exc_info=True)
        return None


def _merge(structured, text_item):
    """Structured values win; text values fill the fields structured data left empty."""
    if structured is None or text_item is None:
        return structured or text_item
    for name in type(structured).model_fields:
        if name in ("url", "provenance", "kind"):
            continue
        if getattr(structured, name) in (None, []) and getattr(text_item, name) not in (None, []):
            setattr(structured, name, getattr(text_item, name))
            if name in text_item.provenance:
                structured.provenance[name] = text_item.provenance[name]
    return structured


def extract_shipping(html: str | bytes, url: str, *, currency: str | None = None,
                     country: str | None = None) -> ShippingItem | None:
    """Shipping terms of a page: structured data first, then its text; None if neither says anything."""
    data, text = _page(html, url)
    structured = shipping_item_from_facts(shipping_facts(data, currency=currency), url)
    return _merge(structured, _text_item("shipping", text, url, currency, country))


def extract_returns(html: str | bytes, url: str, *, currency: str | None = None,
                    country: str | None = None) -> ReturnsItem | None:
    """Return policy of a page: the first MerchantReturnPolicy, then its text."""
    data, text = _page(html, url)
    facts = returns_facts(data)
    structured = returns_item_from_facts(facts[0], url) if facts else None
    return _merge(structured, _text_item("returns", text, url, currency, country))


def shipping_from_jsonld(nodes: list[dict] | dict, url: str, *, currency: str | None = None) -> ShippingItem | None:
    """ShippingItem from already-parsed JSON-LD nodes (tests, platform feeds)."""
    data = StructuredData(jsonld=[n for n in as_list(nodes) if isinstance(n, dict)])
    return shipping_item_from_facts(shipping_facts(data, currency=currency), url)


def returns_from_jsonld(nodes: list[dict] | dict, url: str) -> ReturnsItem | None:
    """ReturnsItem from already-parsed JSON-LD nodes."""
    facts = returns_facts(StructuredData(jsonld=[n for n in as_list(nodes) if isinstance(n, dict)]))
    return returns_item_from_facts(facts[0], url) if facts else None
