"""Shipping facts from schema.org structured data: one row per service, condition and destination.

Sources: ``OfferShippingDetails`` (``shippingRate``, ``shippingDestination``, ``deliveryTime``
handling + transit => delivery min/max days, ``doesNotShip``, ``freeShippingThreshold``, also on a
``ShippingRateSettings`` linked by ``shippingSettingsLink`` + ``shippingLabel`` or by ``@id``),
``ShippingService`` / ``ShippingConditions`` (the 2025 Organization-level format, ``orderValue``
tiers: a free tier's lower bound is the free-shipping threshold) and ``DeliveryChargeSpecification``.
Facts the items have no field for (minimum order, percentage rates, countries not shipped to,
member-only services) stay in the row dicts of ``shipping_facts``.
"""

from __future__ import annotations

import math
from decimal import Decimal

from spiders.items import DayRange, FreeShippingThreshold, ShippingItem, ShippingOption
from spiders.pages import money
from spiders.pages.structured import StructuredData, as_list, first_text, local_name, types_of, walk

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


def _region(destinations: object, home: str | None = None) -> str | None:
    """Label of a row's destinations; None when they are the store's whole ``home`` country.

    The item convention: ``region`` names a restriction ("Jabodetabek", "luar Jawa"), so a row that
    ships everywhere in the store's own country has none, and a restricted home row is named by its
    regions alone. Destinations abroad keep their country code.

    >>> _region({"addressCountry": "ID"}, "ID") is None
    True
    >>> _region({"addressCountry": "ID", "addressRegion": "Jabodetabek"}, "id")
    'Jabodetabek'
    >>> _region([{"addressCountry": "US"}, {"addressCountry": "CA"}], "US")
    'US, CA'
    """
    parts, home_only = [], True
    for dest in as_list(destinations):
        if not isinstance(dest, dict):
            continue
        country = first_text(dest.get("addressCountry")) or first_text(dest.get("name"))
        restriction = [r for r in (first_text(x) for x in as_list(dest.get("addressRegion"))) if r]
        restriction += [first_text(x) for x in as_list(dest.get("postalCode")) if first_text(x)]
        home_only = home_only and bool(home) and (country or "").upper() == home.upper()
        parts.append((country or "", restriction))
    if home_only:  # every destination is in the store's country: only restrictions are worth naming
        return ", ".join(r for _, restriction in parts for r in restriction) or None
    labels = [(country + (f" ({', '.join(restriction)})" if restriction else "")).strip()
              for country, restriction in parts]
    return ", ".join(label for label in labels if label) or None


def _business_days(*periods: object) -> bool | None:
    days = set()
    for period in periods:
        for day in as_list(period.get("businessDays") if isinstance(period, dict) else None):
            names = day.get("dayOfWeek") if isinstance(day, dict) else day
            days.update(local_name(n) for n in as_list(names) if isinstance(n, str))
    if not days:
        return None
    return True if not days & _WEEKEND else (False if len(days) == 7 else None)


def rate_facts(rate: object, currency: str | None) -> dict:
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


def shipping_facts(data: StructuredData, *, currency: str | None = None, country: str | None = None) -> list[dict]:
    """One fact dict per shipping row found in structured data, in document order.

    ``currency`` is the store's (for bare ``"0"`` rates); ``country`` the store's ISO country, whose
    unrestricted destinations get no ``region`` (see ``_region``).
    """
    rows, seen = [], set()
    for syntax, details in data.find("OfferShippingDetails"):
        services = [data.resolve(s) for s in as_list(details.get("hasShippingService"))]
        seen.update(id(s) for s in services)
        for service in services or [{}]:
            rows.extend(_service_rows(data, service, details, syntax, (currency, country)))
    for syntax, service in data.find("ShippingService"):
        if id(service) not in seen:
            seen.add(id(service))
            rows.extend(_service_rows(data, service, {}, syntax, (currency, country)))
    thresholds = {id(node.get("freeShippingThreshold")) for _, root in data.roots() for node in walk(root)}
    for syntax, charge in data.find("DeliveryChargeSpecification"):
        if id(charge) not in thresholds:  # a threshold written as a DeliveryChargeSpecification is no rate
            rows.append(_delivery_charge_row(charge, syntax, currency, country))
    return rows


def _service_rows(data, service: dict, details: dict, syntax: str, store: tuple) -> list[dict]:
    currency, country = store
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
            **rate_facts(data.resolve(cond.get("shippingRate", details.get("shippingRate"))), currency),
            "region": _region(cond.get("shippingDestination") or details.get("shippingDestination"), country),
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
            "free_threshold": _free_threshold(data, cond, service, details),
        }
        rows.append(row)
    return rows


def _free_threshold(data: StructuredData, cond: dict, service: dict, details: dict) -> dict | None:
    """The row's freeShippingThreshold: on the OfferShippingDetails, else on linked rate settings."""
    own = _threshold(details.get("freeShippingThreshold"), "OfferShippingDetails.freeShippingThreshold")
    linked = (_threshold(s.get("freeShippingThreshold"), "ShippingRateSettings.freeShippingThreshold")
              for s in linked_settings(data, cond, service, details))
    return own or next(filter(None, linked), None)


def linked_settings(data: StructuredData, *nodes: dict) -> list[dict]:
    """ShippingRateSettings the shipping nodes point to, nearest node first.

    Links: a ``shippingRate`` that is (or references by ``@id``) a ShippingRateSettings, and a
    ``shippingSettingsLink`` URL naming a settings node's ``@id`` or ``url`` on this page; several
    settings behind one link are told apart by ``shippingLabel`` (schema.org's matching rule).
    """
    found: list[dict] = []
    for node in nodes:
        rate = data.resolve(node.get("shippingRate")) if isinstance(node, dict) else None
        if isinstance(rate, dict) and "ShippingRateSettings" in types_of(rate):
            found.append(rate)
        link = data.resolve(node.get("shippingSettingsLink")) if isinstance(node, dict) else None
        if isinstance(link, dict) and "ShippingRateSettings" in types_of(link):
            found.append(link)
        elif isinstance(link, (str, dict)):
            found.extend(_settings_at(data, _ref(link), first_text(node.get("shippingLabel"))))
    return found


def _settings_at(data: StructuredData, link: str | None, label: str | None) -> list[dict]:
    if not link:
        return []
    at_link = [n for _, n in data.find("ShippingRateSettings")
               if any(_same_url(_ref(n.get(k)), link) for k in ("@id", "url"))]
    labelled = [n for n in at_link if label and first_text(n.get("shippingLabel")) == label]
    unlabelled = [n for n in at_link if not first_text(n.get("shippingLabel"))]
    return labelled or unlabelled


def _ref(value: object) -> str | None:
    return value.get("@id") if isinstance(value, dict) else value if isinstance(value, str) else None


def _same_url(a: str | None, b: str | None) -> bool:
    return bool(a and b) and a.strip().rstrip("/") == b.strip().rstrip("/")


def _threshold(value: object, source: str) -> dict | None:
    """schema.org freeShippingThreshold (MonetaryAmount or DeliveryChargeSpecification) as facts."""
    if not isinstance(value, dict):
        return None
    amount = money.to_decimal(value.get("value", value.get("price")))
    code = money.currency_to_iso(first_text(value.get("currency") or value.get("priceCurrency")))
    return {"amount": amount, "currency": code, "source": source} if amount is not None else None


def _delivery_charge_row(charge: dict, syntax: str, currency, country=None) -> dict:
    """Local delivery (schema.org DeliveryChargeSpecification): radius, minimum order, own fleet."""
    volume = charge.get("eligibleTransactionVolume")
    volume = volume if isinstance(volume, dict) else {}
    area = charge.get("eligibleRegion") if isinstance(charge.get("eligibleRegion"), dict) else {}
    radius = money.to_decimal(area.get("geoRadius"))
    return {
        "syntax": syntax, "source": "DeliveryChargeSpecification",
        "name": local_name(first_text(charge.get("appliesToDeliveryMethod")) or "") or "Delivery",
        **rate_facts({"price": charge.get("price"), "priceCurrency": charge.get("priceCurrency")}, currency),
        "region": f"within {radius / 1000:g} km" if radius else _region(charge.get("eligibleRegion"), country),
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
        source = threshold.pop("source")
        item.free_shipping_threshold = FreeShippingThreshold(**threshold)
        item.provenance["free_shipping_threshold"] = f"{rows[0]['syntax']}:{source}"
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
    if row.get("free_threshold"):  # schema.org: "a monetary value above (or at) which ... free"
        return {**row["free_threshold"], "inclusive": True}
    if row["price"] == 0 and row["order_min"]:  # the free tier starts at its lower bound
        return {"amount": row["order_min"], "currency": row["order_currency"] or row["currency"], "inclusive": True,
                "source": "ShippingConditions.orderValue"}
    return None
