"""Pure shaping for the Shipping, Returns, Prices, Changes, Crawl health and Sources pages: readable
columns, numbers for charts, text diffs of policy wording, staleness against a store's cron schedule.

Nothing here reads storage (that is ``data``) or draws (that is ``charts``), so all of it is
unit-testable with plain frames.
"""

from __future__ import annotations

import difflib
import re
from datetime import datetime, timedelta, timezone
from html import escape
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


SHIPPING_MONEY = {"Price": "Currency"}


def shipping_rows(options: pd.DataFrame) -> pd.DataFrame:
    """Current shipping options, one row each, with readable columns and an http(s)-only source link
    (the price a number with its ``Currency``; ``SHIPPING_MONEY`` words it on screen)."""
    from storage import formatting as fmt

    frame = pd.DataFrame({
        "Store": options["store_name"], "Option": options["option"],
        "Price": options["price"], "Currency": options["currency"],
        "Delivery": [fmt.days(lo, hi) for lo, hi in zip(options["min_days"], options["max_days"])],
        "Business days": options["business_days"].map(fmt.yes_no),
        "Source": options["source_url"].map(safe_link), "Provenance": options["provenance"],
        "Last seen": options["last_seen_at"],
    })
    return frame


def shipping_points(options: pd.DataFrame) -> pd.DataFrame:
    """Options with both a price and delivery days, as floats for the price-vs-days chart."""
    from storage import formatting as fmt

    rows = [
        {"Store": r.store_name, "Option": r.option, "Price": _number(r.price), "Max days": _number(r.max_days),
         "Currency": r.currency, "Shown price": fmt.money(r.price, r.currency)}
        for r in options.itertuples()
        if r.price is not None and r.max_days is not None
    ]
    return pd.DataFrame(rows, columns=["Store", "Option", "Price", "Max days", "Currency", "Shown price"])


RETURN_COLUMNS = {
    "store_name": "Store", "return_window_days": "Window", "return_window_starts": "Window starts",
    "returns_accepted": "Accepted", "return_shipping_paid_by": "Return shipping paid by",
    "free_returns": "Free returns", "refund_types": "Refund types", "restocking_fee": "Restocking fee",
    "return_label": "Label provided", "refund_days_max": "Refund time",
}


def returns_rows(bench: pd.DataFrame) -> pd.DataFrame:
    """One row per store with its current return terms in words (catalogue formatters; — unknown)."""
    from core import fields
    from storage import formatting as fmt

    def word(column, value):
        if fmt.missing(value):
            return fmt.UNKNOWN
        if column == "refund_types":
            return fmt.enum(str(value).split(", "))
        if column == "restocking_fee":
            return str(value)
        if column == "refund_days_max":
            return fmt.days(*value) if isinstance(value, tuple) else fmt.days(value)
        found = fields.by_column(column)
        return fmt.value(found.key, value) if found else (fmt.days(value) if "days" in column else str(value))

    values = {column: list(bench[column]) for column in RETURN_COLUMNS if column != "store_name"}
    values["refund_days_max"] = list(zip(bench["refund_days_min"], bench["refund_days_max"]))  # "3–5 days"
    frame = pd.DataFrame({RETURN_COLUMNS[column]: [word(column, v) for v in shown] for column, shown in values.items()})
    frame.insert(0, "Store", [n + (" (us)" if own else "") for n, own in zip(bench["store_name"], bench["own"])])
    return frame


def return_window_points(bench: pd.DataFrame) -> pd.DataFrame:
    """Stores with a known return window, for the bar chart."""
    rows = [{"Store": r["store_name"], "Window (days)": int(r["return_window_days"]), "Own": bool(r["own"])}
            for _, r in bench.iterrows() if r["return_window_days"] is not None and not pd.isna(r["return_window_days"])]
    return pd.DataFrame(rows, columns=["Store", "Window (days)", "Own"])


def history_rows(history: pd.DataFrame, field: str = "") -> pd.DataFrame:
    """Intervals of a service field (e.g. free-shipping threshold) per store, readable."""
    from storage import formatting as fmt

    return pd.DataFrame({
        "Store": history["store_name"], "Value": [fmt.value(field, raw) for raw in history["value"]],
        "From": history["valid_from"],
        "Until": history["valid_to"], "Last seen": history["last_seen_at"],
    })


def history_points(history: pd.DataFrame, now: datetime, field: str = "") -> pd.DataFrame:
    """Step-chart points: each interval's value at its start and at its end (or now), numbers only."""
    from storage import formatting as fmt

    rows = []
    for r in history.itertuples():
        value = _amount(r.value)
        if value is None:
            continue
        end = r.valid_to if not pd.isna(r.valid_to) else pd.Timestamp(now)
        shown = fmt.value(field, r.value)
        rows += [{"Store": r.store_name, "Time": r.valid_from, "Value": value, "Label": shown},
                 {"Store": r.store_name, "Time": end, "Value": value, "Label": shown}]
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


POSITION_MONEY = {"Our price": "Currency", "Cheapest price": "Currency", "Dearest price": "Currency"}


def price_positions(matches: pd.DataFrame) -> pd.DataFrame:
    """Per own product: own price, cheapest and dearest competitor, and where we stand (amounts as
    numbers with a ``Currency`` column; ``POSITION_MONEY`` tells the table how to word them)."""
    same = matches[(matches["currency"] == matches["own_currency"]) & matches["price"].notna()
                   & matches["own_price"].notna()]
    rows = []
    for own_id, group in same.groupby("own_id", sort=False):
        own_price = group["own_price"].iloc[0]
        low, high = group.loc[group["price"].idxmin()], group.loc[group["price"].idxmax()]
        position = ("cheapest" if own_price < low["price"] else "most expensive" if own_price > high["price"]
                    else "in between")
        rows.append({"Product": group["own_title"].iloc[0], "Brand": group["brand"].iloc[0],
                     "Our price": own_price, "Currency": group["own_currency"].iloc[0],
                     "Cheapest competitor": low["store_name"], "Cheapest price": low["price"],
                     "Dearest competitor": high["store_name"], "Dearest price": high["price"],
                     "Competitors": len(group), "We are": position, "own_id": own_id})
    columns = ["Product", "Brand", "Our price", "Currency", "Cheapest competitor", "Cheapest price",
               "Dearest competitor", "Dearest price", "Competitors", "We are"]
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


MATCH_MONEY = {"Our price": "Our currency", "Their price": "Their currency"}


def match_rows(matches: pd.DataFrame) -> pd.DataFrame:
    """Matched pairs for people: prices as numbers with their currency (``MATCH_MONEY`` words them on
    screen) and their price ÷ ours as a percent when the currencies agree."""
    from storage import formatting as fmt

    ratio = [
        fmt.percent(p / o * 100 - 100) if p is not None and o and c == oc else fmt.UNKNOWN
        for p, o, c, oc in zip(matches["price"], matches["own_price"], matches["currency"], matches["own_currency"])
    ]
    return pd.DataFrame({
        "Our product": matches["own_title"], "Brand": matches["brand"], "Store": matches["store_name"],
        "Their title": matches["title"], "Matched by": matches["how"],
        "Our price": matches["own_price"], "Our currency": matches["own_currency"],
        "Their price": matches["price"], "Their currency": matches["currency"],
        "Their price vs ours": ratio, "Link": matches["url"].map(safe_link),
    })


def filter_matches(matches: pd.DataFrame, store: str | None, brand: str | None) -> pd.DataFrame:
    """Pairs of one competitor store and/or one own-product brand."""
    keep = pd.Series(True, index=matches.index)
    if store:
        keep &= matches["store"] == store
    if brand:
        keep &= matches["brand"] == brand
    return matches[keep].reset_index(drop=True)


# --- changes for managers -----------------------------------------------------------------------------

IMPACT_WORDS = {"threat": "threat", "opportunity": "opportunity", "info": "for information"}
CHANGE_VIEW_COLUMNS = ["When", "Store", "For us", "Change", "Evidence", "Product"]


def change_rows(feed: pd.DataFrame, tz: str) -> pd.DataFrame:
    """Change events for managers: local time, what it means for us, one worded line (with the
    product's SKU/URL), the page it was read from and the product's page."""
    from storage import formatting as fmt
    from storage.impact import impact

    rows = []
    for r in feed.to_dict("records"):
        effect = impact(r["subject_type"], r["field"], r["kind"], r["old_raw"], r["new_raw"], own=bool(r["own"]))
        link = safe_link(r["source_url"])
        rows.append({"When": fmt.when(r["detected_at"], tz), "Store": r["store_name"] + (" (us)" if r["own"] else ""),
                     "For us": IMPACT_WORDS[effect], "Change": fmt.change_line(r), "Evidence": link,
                     "Product": link if r["subject_type"] == "product" else None, "store": r["store"],
                     "impact": effect, "id": r["id"]})
    return pd.DataFrame(rows, columns=[*CHANGE_VIEW_COLUMNS, "store", "impact", "id"])


_SENTENCE = re.compile(r"(?<=[.!?。！？])\s+|\n+")


def sentences(text: str | None) -> list[str]:
    """A policy wording split into sentences (also at line breaks)."""
    return [s.strip() for s in _SENTENCE.split(text or "") if s and s.strip()]


def sentence_diff(old: str | None, new: str | None) -> list[tuple[str, str]]:
    """The changed sentences only, as (HTML, plain text) pairs with a word-level diff:
    removed words in ``<del>``, added words in ``<ins>`` (plain: ``[-old-]{+new+}``). All text escaped."""
    a, b = sentences(old), sentences(new)
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        out.append(_word_diff(" ".join(a[i1:i2]), " ".join(b[j1:j2])))
    return out


def _word_diff(old: str, new: str) -> tuple[str, str]:
    a, b = old.split(), new.split()
    html_parts, plain_parts = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        gone, came = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if tag == "equal":
            html_parts.append(escape(gone))
            plain_parts.append(gone)
            continue
        if gone:
            html_parts.append(f"<del>{escape(gone)}</del>")
            plain_parts.append(f"[-{gone}-]")
        if came:
            html_parts.append(f"<ins>{escape(came)}</ins>")
            plain_parts.append(f"{{+{came}+}}")
    return " ".join(html_parts), " ".join(plain_parts)


def price_index_rows(bench: pd.DataFrame) -> pd.DataFrame:
    """Competitors' price index as floats for the chart (a chart needs numbers, not Decimals)."""
    rows = [
        {"Store": r["store_name"], "Price index": float(r["price_index"]), "Matched": r["products_compared"],
         "Position": "cheaper than us" if r["price_index"] < 100 else "dearer than us"}
        for _, r in bench.iterrows() if not r["own"] and r["price_index"] is not None and not pd.isna(r["price_index"])
    ]
    return pd.DataFrame(rows, columns=["Store", "Price index", "Matched", "Position"])


def diff_html(diff: list[tuple[str, str]]) -> str:
    """Changed sentences (already escaped by ``sentence_diff``) as a list."""
    items = "".join(f"<li>{html}</li>" for html, _plain in diff)
    return ("<style>.rw-diff del{background:rgba(220,60,60,.18)} .rw-diff ins{background:rgba(40,160,80,.2)}"
            f"</style><ul class='rw-diff'>{items}</ul>")
