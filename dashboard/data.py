"""The dashboard's one door to storage: reads cached with ``st.cache_data`` keyed by the database URL,
shaped for display.

Cells are text a manager reads ("150,000 IDR or more"); where a competitor beats the own store the
cell carries the text marker ``▲ worse`` (never colour alone) and the row says how. Links are kept
only when they are http(s). The database URL comes from ``RIVALWATCH_DATABASE_URL`` through
``StorageConfig``; results are cached for ``CACHE_TTL_SECONDS`` so a finished crawl shows within a
minute without every rerun hitting the database.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st
from alembic.script import ScriptDirectory

from rivalwatch.reports import plain, render
from storage import Database, StorageConfig
from storage import queries, service_levels
from storage.migrate import alembic_config, current_revision

CACHE_TTL_SECONDS = 60
CHANGES_PAGE_LIMIT = 1000
WORSE = "▲ worse"
EMPTY_STATE = "No data yet — run `rivalwatch crawl` or `rivalwatch demo`."
NOT_MIGRATED = "The database has no RivalWatch tables yet — run `rivalwatch db upgrade`."
OUTDATED = "The database schema is older than this version of RivalWatch — run `rivalwatch db upgrade`."
SUPPORT_NAMES = {
    "support_live_chat": "live chat", "support_phone": "phone", "support_email": "email",
    "support_whatsapp": "WhatsApp", "support_24_7": "24/7", "support_faq": "FAQ",
    "support_order_tracking": "order tracking",
}


def database_url() -> str:
    """The configured database URL (``RIVALWATCH_DATABASE_URL`` or the default SQLite file)."""
    return StorageConfig.from_env().url


@st.cache_resource(show_spinner=False)
def _database(url: str) -> Database:
    return Database.connect(url)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def state(url: str) -> str:
    """``ready``, ``empty`` (migrated, nothing crawled), ``not-migrated`` or ``outdated`` (behind head)."""
    db = _database(url)
    revision = current_revision(db)
    if revision is None:
        return "not-migrated"
    if revision != ScriptDirectory.from_config(alembic_config(db)).get_current_head():
        return "outdated"
    return "ready" if queries.has_observations(db) else "empty"


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def benchmark(url: str) -> pd.DataFrame:
    """The raw benchmark (one row per store, own first)."""
    return service_levels.benchmark(_database(url))


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def store_choices(url: str) -> dict[str, str]:
    """Store slug → display name, own store first."""
    frame = queries.stores(_database(url))
    return dict(zip(frame["slug"], frame["name"]))


def safe_link(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) link, else None (no ``javascript:``, ``data:``, …)."""
    if not url or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    parts = urlsplit(url)
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as CSV for a download button (formula-safe, decimals as written)."""
    return render(frame, "csv").encode("utf-8")


# --- overview ------------------------------------------------------------------------------------


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


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def overview_table(url: str) -> pd.DataFrame:
    """Own store vs each competitor as text cells, ``▲ worse`` where the competitor beats us."""
    bench = benchmark(url)
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


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def service_levels_table(url: str) -> pd.DataFrame:
    """Every benchmark column (rows) per store (columns), as text."""
    bench = benchmark(url)
    names = list(bench["store_name"])
    headers = [name if names.count(name) == 1 else f"{name} ({slug})" for name, slug in zip(names, bench["store"])]
    values = bench.drop(columns=["store", "store_name", "own"])
    table = pd.DataFrame({header: [_text(v) for v in row] for header, (_, row) in zip(headers, values.iterrows())},
                         index=[c.replace("_", " ") for c in values.columns])
    return table.rename_axis("service level").reset_index()


def _text(value) -> str:
    value = plain(value)
    if value is None:
        return "—"
    return ("yes" if value else "no") if isinstance(value, bool) else str(value)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def price_index_frame(url: str) -> pd.DataFrame:
    """Competitors' price index as floats for the chart (a chart needs numbers, not Decimals)."""
    bench = benchmark(url)
    rows = [
        {"Store": r["store_name"], "Price index": float(r["price_index"]), "Matched": r["products_compared"],
         "Position": "cheaper than us" if r["price_index"] < 100 else "not cheaper than us"}
        for _, r in bench.iterrows() if not r["own"] and _known(r["price_index"])
    ]
    return pd.DataFrame(rows, columns=["Store", "Price index", "Matched", "Position"])


# --- changes, runs, evidence -------------------------------------------------------------------------

CHANGE_TITLES = {
    "detected_at": "Detected", "store_name": "Store", "subject": "Subject", "field": "Field",
    "old": "Old", "new": "New", "magnitude": "Change %", "summary": "Summary",
}


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def changes(url: str, since: date | None = None, store: str | None = None, limit: int = 200) -> pd.DataFrame:
    """Change events, newest first, with readable column titles."""
    frame = queries.recent_changes(_database(url), since=since, store=store or None, limit=limit)
    return frame[list(CHANGE_TITLES)].rename(columns=CHANGE_TITLES)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def runs_table(url: str) -> pd.DataFrame:
    """The latest crawl of each store and whether it passed the health checks."""
    frame = queries.last_runs(_database(url))
    frame["healthy"] = [_text(v) for v in frame["healthy"]]
    titles = {"store_name": "Store", "status": "Status", "healthy": "Healthy", "reasons": "Reasons",
              "pages": "Pages", "items": "Items", "errors": "Errors", "finished_at": "Finished"}
    return frame[list(titles)].rename(columns=titles)


def _used_in() -> dict[tuple[str, str], str]:
    """(subject_type, field) of a fact → the overview columns computed from it."""
    used: dict[tuple[str, str], list[str]] = {}
    for title, _formatter, columns in OVERVIEW_COLUMNS:
        for column in columns:
            source = service_levels.COLUMN_EVIDENCE.get(column)
            if source and title not in used.setdefault(source, []):
                used[source].append(title)
    return {source: ", ".join(titles) for source, titles in used.items()}


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def evidence_table(url: str, store: str) -> pd.DataFrame:
    """The current service facts of one store: the overview cells they feed, source link, provenance."""
    used_in = _used_in()
    rows = [
        {"Used in": used_in.get((e["subject_type"], e["field"])), "Subject": f"{e['subject_type']} {e['subject_key']}",
         "Field": e["field"], "Value": e["value"], "Source": safe_link(e["source_url"]),
         "Provenance": e["provenance"], "Valid from": e["valid_from"], "Last seen": e["last_seen_at"]}
        for e in queries.evidence(_database(url), store)
    ]
    columns = ["Used in", "Subject", "Field", "Value", "Source", "Provenance", "Valid from", "Last seen"]
    return pd.DataFrame(rows, columns=columns)
