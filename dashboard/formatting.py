"""Pure shaping of the benchmark for people: text cells ("150,000 IDR or more"), the ``▲ worse``
marker where a competitor beats the own store (text, never colour alone), and the link from each
overview column to the facts it is computed from. No storage access here (that is ``data``).
"""

from __future__ import annotations

import pandas as pd

from rivalwatch.reports import plain
from storage import fields, service_levels

WORSE = "▲ worse"
# Benchmark column -> channel name, for the yes/no support fields of the catalogue.
SUPPORT_NAMES = {f.columns[0]: f.short or f.label for f in fields.of("support") if f.kind == "bool" and f.columns}


def _known(value) -> bool:
    return plain(value) is not None


def _money(amount, currency) -> str | None:
    return f"{amount:,} {currency or ''}".strip() if _known(amount) else None


def _join(*parts) -> str | None:
    shown = dict.fromkeys(str(p) for p in parts if _known(p) and p != "")  # "same day · same day" once
    return " · ".join(shown) or None


def _days(days: str | None) -> str | None:
    if not _known(days):
        return None
    return {"0": "same day", "1": "1 day"}.get(days, f"{days} days")


def _cheapest(r) -> str | None:
    return _join(_money(r["ship_cheapest_price"], r["ship_cheapest_currency"]), r["ship_cheapest_name"],
                 _days(r["ship_cheapest_days"]))


def _fastest(r) -> str | None:
    return _join(_days(r["ship_fastest_days"]), r["ship_fastest_name"],
                 _money(r["ship_fastest_price"], r["ship_fastest_currency"]))


def _express(r) -> str | None:
    if r["ship_same_day"] is True:
        return "same-day"
    if r["ship_next_day"] is True:
        return "next-day"
    return "no" if r["ship_next_day"] is False else None


def _threshold(r) -> str | None:
    text = _money(r["free_shipping_threshold"], r["free_shipping_currency"])
    return text and text + (" or more" if r["free_shipping_inclusive"] is True else "")


def _window(r) -> str | None:
    days, starts = r["return_window_days"], r["return_window_starts"]
    if not _known(days):
        return None
    return f"{days} days" + (f" from {starts}" if _known(starts) else "")


def _paid_by(r) -> str | None:
    return _join(r["return_shipping_paid_by"], "free returns" if r["free_returns"] is True else None)


def _support(r) -> str | None:
    offered = [name for column, name in SUPPORT_NAMES.items() if r[column] is True]
    return ", ".join(offered) if offered else ("none found" if any(r[c] is False for c in SUPPORT_NAMES) else None)


def _rating(r) -> str | None:
    value, count = r["rating_value"], r["rating_count"]
    return f"{value}" + (f" ({count} reviews)" if _known(count) else "") if _known(value) else None


def _price_index(r) -> str | None:
    if r["own"]:
        return "100 (reference)"
    index = r["price_index"]
    return f"{index} ({r['products_compared']} matched)" if _known(index) else None


def _cheaper_share(r) -> str | None:
    share = r["own_cheapest_share"]
    return f"{share} % of {r['products_compared']}" if _known(share) else None


# (column title, formatter, benchmark columns whose "worse" labels mark this cell)
OVERVIEW_COLUMNS = [
    ("Cheapest shipping", _cheapest, ["ship_cheapest_price"]),
    ("Fastest shipping", _fastest, ["ship_fastest_max_days"]),
    ("Same/next day", _express, ["ship_same_day", "ship_next_day"]),
    ("Free shipping from", _threshold, ["free_shipping_threshold"]),
    ("Return window", _window, ["return_window_days"]),
    ("Return shipping paid by", _paid_by, ["return_shipping_paid_by", "free_returns"]),
    ("Support", _support, list(SUPPORT_NAMES)),
    ("Rating", _rating, ["rating_value"]),
    ("Price index", _price_index, ["price_index"]),
    ("We are cheaper on", _cheaper_share, []),
]


def _mark(text: str | None, worse: bool) -> str:
    return f"{text or '—'}  {WORSE}" if worse else (text or "—")


def overview_rows(bench: pd.DataFrame) -> pd.DataFrame:
    """Own store vs each competitor as text cells, ``▲ worse`` where the competitor beats us."""
    marks = service_levels.compare_to_own(bench)
    rows = []
    for slug, r in bench.iterrows():
        row = {"Store": r["store_name"] + (" (own)" if r["own"] else "")}
        for title, formatter, columns in OVERVIEW_COLUMNS:
            row[title] = _mark(formatter(r), any(_known(marks.at[slug, c]) for c in columns))
        worse = [label for label in marks.loc[slug] if _known(label)]
        row["Where they beat us"] = "; ".join(worse) if worse else ("—" if not r["own"] else "(own store)")
        rows.append(row)
    return pd.DataFrame(rows)


def text(value) -> str:
    """A cell value as text: — for unknown, yes/no for booleans."""
    value = plain(value)
    if value is None:
        return "—"
    return ("yes" if value else "no") if isinstance(value, bool) else str(value)


def service_levels_rows(bench: pd.DataFrame) -> pd.DataFrame:
    """Every benchmark column (rows) per store (columns), as text."""
    names = list(bench["store_name"])
    headers = [name if names.count(name) == 1 else f"{name} ({slug})" for name, slug in zip(names, bench["store"])]
    values = bench.drop(columns=["store", "store_name", "own"])
    table = pd.DataFrame({header: [text(v) for v in row] for header, (_, row) in zip(headers, values.iterrows())},
                         index=[c.replace("_", " ") for c in values.columns])
    return table.rename_axis("service level").reset_index()


def price_index_rows(bench: pd.DataFrame) -> pd.DataFrame:
    """Competitors' price index as floats for the chart (a chart needs numbers, not Decimals)."""
    rows = [
        {"Store": r["store_name"], "Price index": float(r["price_index"]), "Matched": r["products_compared"],
         "Position": "cheaper than us" if r["price_index"] < 100 else "not cheaper than us"}
        for _, r in bench.iterrows() if not r["own"] and _known(r["price_index"])
    ]
    return pd.DataFrame(rows, columns=["Store", "Price index", "Matched", "Position"])


def used_in() -> dict[tuple[str, str], str]:
    """(subject_type, field) of a fact → the overview columns computed from it."""
    used: dict[tuple[str, str], list[str]] = {}
    for title, _formatter, columns in OVERVIEW_COLUMNS:
        for column in columns:
            source = service_levels.COLUMN_EVIDENCE.get(column)
            if source and title not in used.setdefault(source, []):
                used[source].append(title)
    return {source: ", ".join(titles) for source, titles in used.items()}
