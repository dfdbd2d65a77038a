"""Pure shaping for the Shipping, Returns, Prices, Changes, Crawl health and Sources pages: readable
columns, numbers for charts, text diffs of policy wording, staleness against a store's cron schedule.

Nothing here reads storage (that is ``data``) or draws (that is ``charts``), so all of it is
unit-testable with plain frames.
"""

from __future__ import annotations

import difflib
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from urllib.parse import urlsplit

import pandas as pd

# A crawl due at a cron time finishes some time later; give it this long before calling data stale.
STALE_GRACE = timedelta(hours=2)
DIFF_COLUMNS = ["Line (old)", "Old wording", "Line (new)", "New wording", "Change"]


def safe_link(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) link, else None (no ``javascript:``, ``data:``, …)."""
    if not url or any(ch.isspace() or ord(ch) < 32 for ch in str(url)):
        return None
    parts = urlsplit(str(url))
    return str(url) if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def shipping_rows(options: pd.DataFrame) -> pd.DataFrame:
    """Current shipping options, one row each, with readable columns and an http(s)-only source link."""
    frame = pd.DataFrame({
        "Store": options["store_name"], "Option": options["option"],
        "Price": [None if p is None else Decimal(str(p)) for p in options["price"]],
        "Currency": options["currency"], "Min days": options["min_days"], "Max days": options["max_days"],
        "Business days": options["business_days"].map(lambda v: None if v is None else ("yes" if v else "no")),
        "Source": options["source_url"].map(safe_link), "Provenance": options["provenance"],
        "Last seen": options["last_seen_at"],
    })
    return frame


def shipping_points(options: pd.DataFrame) -> pd.DataFrame:
    """Options with both a price and delivery days, as floats for the price-vs-days chart."""
    rows = [
        {"Store": r.store_name, "Option": r.option, "Price": _number(r.price), "Max days": _number(r.max_days),
         "Currency": r.currency}
        for r in options.itertuples()
        if r.price is not None and r.max_days is not None
    ]
    return pd.DataFrame(rows, columns=["Store", "Option", "Price", "Max days", "Currency"])


RETURN_COLUMNS = {
    "store_name": "Store", "return_window_days": "Window (days)", "return_window_starts": "Window starts",
    "returns_accepted": "Accepted", "return_shipping_paid_by": "Return shipping paid by",
    "free_returns": "Free returns", "refund_types": "Refund types", "restocking_fee": "Restocking fee",
    "return_label": "Label provided", "refund_days_min": "Refund days (min)", "refund_days_max": "Refund days (max)",
}


def returns_rows(bench: pd.DataFrame, text) -> pd.DataFrame:
    """One row per store with its current return terms, as text (``text`` renders unknowns as —)."""
    frame = bench[list(RETURN_COLUMNS)].rename(columns=RETURN_COLUMNS).reset_index(drop=True)
    frame["Store"] = [n + (" (own)" if own else "") for n, own in zip(bench["store_name"], bench["own"])]
    return frame.map(text)


def return_window_points(bench: pd.DataFrame) -> pd.DataFrame:
    """Stores with a known return window, for the bar chart."""
    rows = [{"Store": r["store_name"], "Window (days)": int(r["return_window_days"]), "Own": bool(r["own"])}
            for _, r in bench.iterrows() if r["return_window_days"] is not None and not pd.isna(r["return_window_days"])]
    return pd.DataFrame(rows, columns=["Store", "Window (days)", "Own"])


def history_rows(history: pd.DataFrame) -> pd.DataFrame:
    """Intervals of a service field (e.g. free-shipping threshold) per store, readable."""
    return pd.DataFrame({
        "Store": history["store_name"], "Value": history["shown"], "From": history["valid_from"],
        "Until": history["valid_to"], "Last seen": history["last_seen_at"],
    })


def history_points(history: pd.DataFrame, now: datetime) -> pd.DataFrame:
    """Step-chart points: each interval's value at its start and at its end (or now), numbers only."""
    rows = []
    for r in history.itertuples():
        value = _amount(r.value)
        if value is None:
            continue
        end = r.valid_to if not pd.isna(r.valid_to) else pd.Timestamp(now)
        rows += [{"Store": r.store_name, "Time": r.valid_from, "Value": value, "Label": r.shown},
                 {"Store": r.store_name, "Time": end, "Value": value, "Label": r.shown}]
    return pd.DataFrame(rows, columns=["Store", "Time", "Value", "Label"])


def _amount(raw: str) -> float | None:
    import json

    value = json.loads(raw)
    if isinstance(value, dict):
        value = value.get("amount")
    try:
        return None if value is None or isinstance(value, bool) else float(value)
    except (TypeError, ValueError):
        return None


def policy_diff(old: str | None, new: str | None) -> pd.DataFrame:
    """A side-by-side line diff of two policy wordings (text cells, never HTML)."""
    a, b = (old or "").splitlines(), (new or "").splitlines()
    rows = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        width = max(i2 - i1, j2 - j1)
        for k in range(width):
            i, j = i1 + k, j1 + k
            rows.append({
                "Line (old)": i + 1 if i < i2 else None, "Old wording": a[i] if i < i2 else "",
                "Line (new)": j + 1 if j < j2 else None, "New wording": b[j] if j < j2 else "",
                "Change": "" if tag == "equal" else "removed" if j >= j2 else "added" if i >= i2 else "changed",
            })
    return pd.DataFrame(rows, columns=DIFF_COLUMNS)


def price_positions(matches: pd.DataFrame) -> pd.DataFrame:
    """Per own product: own price, cheapest and dearest competitor, and where we stand."""
    same = matches[(matches["currency"] == matches["own_currency"]) & matches["price"].notna()
                   & matches["own_price"].notna()]
    rows = []
    for own_id, group in same.groupby("own_id", sort=False):
        own_price = group["own_price"].iloc[0]
        low, high = group.loc[group["price"].idxmin()], group.loc[group["price"].idxmax()]
        position = ("cheapest" if own_price < low["price"] else "most expensive" if own_price > high["price"]
                    else "in between")
        rows.append({"Product": group["own_title"].iloc[0], "Brand": group["brand"].iloc[0], "Our price": own_price,
                     "Cheapest competitor": f"{low['store_name']} {low['price']}",
                     "Dearest competitor": f"{high['store_name']} {high['price']}",
                     "Competitors": len(group), "We are": position, "own_id": own_id})
    columns = ["Product", "Brand", "Our price", "Cheapest competitor", "Dearest competitor", "Competitors", "We are"]
    return pd.DataFrame(rows, columns=[*columns, "own_id"])


def staleness(schedule: str, tz: str, last_ok: datetime | None, now: datetime) -> tuple[str, datetime | None]:
    """(verdict, next crawl due after the last healthy run) for a store's cron ``schedule``.

    Stale means a scheduled crawl was due (plus ``STALE_GRACE``) after the last healthy run and
    none has succeeded since — the data is older than the schedule allows.
    """
    from apscheduler.triggers.cron import CronTrigger

    if last_ok is None or pd.isna(last_ok):
        return "never crawled successfully", None
    try:
        trigger = CronTrigger.from_crontab(schedule, timezone=tz)
    except (ValueError, KeyError) as exc:
        return f"cannot read schedule ({exc})", None
    due = trigger.get_next_fire_time(None, last_ok.astimezone(timezone.utc))
    if due is not None and due + STALE_GRACE < now:
        return f"stale: crawl due {due:%Y-%m-%d %H:%M %Z} has not succeeded", due
    return "fresh", due


def match_rows(matches: pd.DataFrame) -> pd.DataFrame:
    """Matched pairs for people: their price ÷ ours as a percent when the currencies agree."""
    ratio = [
        (p / o * 100).quantize(Decimal("0.1")) if p is not None and o and c == oc else None
        for p, o, c, oc in zip(matches["price"], matches["own_price"], matches["currency"], matches["own_currency"])
    ]
    return pd.DataFrame({
        "Our product": matches["own_title"], "Brand": matches["brand"], "Store": matches["store_name"],
        "Their title": matches["title"], "Matched by": matches["how"], "Our price": matches["own_price"],
        "Their price": matches["price"], "Currency": matches["currency"], "Their price vs ours %": ratio,
        "Link": matches["url"].map(safe_link),
    })


def filter_matches(matches: pd.DataFrame, store: str | None, brand: str | None) -> pd.DataFrame:
    """Pairs of one competitor store and/or one own-product brand."""
    keep = pd.Series(True, index=matches.index)
    if store:
        keep &= matches["store"] == store
    if brand:
        keep &= matches["brand"] == brand
    return matches[keep].reset_index(drop=True)
