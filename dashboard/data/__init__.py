"""The dashboard's one door to storage: reads cached with ``st.cache_data`` keyed by the database URL,
shaped for display.

Values are worded by ``storage.formatting`` (money by currency, days, enums in words, times in the
configured ``timezone``); the benchmark says better/worse than us in words and colour
(``benchmark_view``). Links are kept only when they are http(s). The connection and cache lifetimes
are in ``connection`` (results are cached for ``CACHE_TTL_SECONDS`` so a finished crawl shows within a
minute without every rerun hitting the database); crawl health and sources in ``health``; the pages
read everything through this package.
"""

from __future__ import annotations

import json
from pathlib import Path
from datetime import date, datetime, timezone

import pandas as pd
import streamlit as st

from dashboard import benchmark_view, shaping
from dashboard.data.connection import (  # noqa: F401 - the pages read these through dashboard.data
    CACHE_TTL_SECONDS, CHANGES_PAGE_LIMIT, EMPTY_STATE, HISTORY_TTL_SECONDS, INDEX_HISTORY_DAYS, NOT_MIGRATED,
    OUTDATED, _database, _only, database_url, state,
)
from dashboard.data.health import (  # noqa: F401 - the pages read these through dashboard.data
    config, config_dir, config_errors, freshness, health_tables, quarantined, source_table, sources_table,
)
from core.reports import render
from storage import formatting as fmt
from storage import matching, queries, service_levels, standing


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def benchmark(url: str) -> pd.DataFrame:
    """The raw benchmark (one row per store, own first)."""
    return service_levels.benchmark(_database(url))


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def store_choices(url: str) -> dict[str, str]:
    """Store slug → display name, own store first."""
    frame = queries.stores(_database(url))
    return dict(zip(frame["slug"], frame["name"]))


safe_link = shaping.safe_link


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as CSV for a download button (formula-safe, decimals as written)."""
    return render(frame, "csv").encode("utf-8")


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def timezone_name() -> str:
    """The configured ``timezone`` of ``rivalwatch.yaml`` (UTC without one)."""
    from core.config.global_settings import load_global_settings

    settings, _errors = load_global_settings(Path(config_dir()))
    return settings.timezone


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def level_evidence(url: str) -> dict[tuple[str, str], str]:
    """(store slug, service level) → the http(s) page its value was read from."""
    links = {}
    wanted = {lv.key: standing.evidence_field(lv.key) for lv in standing.LEVELS}
    for slug in store_choices(url):
        facts = queries.evidence(_database(url), slug)
        for level, source in wanted.items():
            found = next((e["source_url"] for e in facts if source and (e["subject_type"], e["field"]) == source
                          and safe_link(e["source_url"])), None)
            if found:
                links[(slug, level)] = found
    return links


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def standings_html(url: str) -> str:
    """"Where we lose / where we win" lines, worst gaps first."""
    return benchmark_view.standings_html(standing.standings(benchmark(url)), level_evidence(url))


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def benchmark_grid(url: str) -> str:
    """The service-level grid (levels × stores) as escaped HTML."""
    return benchmark_view.grid_html(benchmark(url), level_evidence(url))


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def benchmark_csv(url: str) -> bytes:
    """The benchmark as CSV: numeric columns and one better/worse-than-us column per level."""
    return csv_bytes(standing.csv_frame(benchmark(url)))


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def price_index_frame(url: str) -> pd.DataFrame:
    """Competitors' price index as floats for the chart."""
    return shaping.price_index_rows(benchmark(url))


# --- changes, runs, evidence -------------------------------------------------------------------------

CHANGE_KINDS = ["changed", "added", "removed", "suspect", "broken", "recovered", "recheck"]
IMPACTS = list(shaping.IMPACT_WORDS.values())
DEFAULT_CHANGE_DAYS = 7


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def changes(url: str, since: date | None = None, store: str | None = None, limit: int = 200) -> pd.DataFrame:
    """Change events for managers, newest first (``shaping.change_rows``)."""
    frame = queries.changes_feed(_database(url), since=since, stores=[store] if store else None, limit=limit)
    return shaping.change_rows(frame, timezone_name())


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def change_feed(url: str, store: str | None, kinds: tuple, impacts: tuple, since: date | None,
                until: date | None, limit: int = CHANGES_PAGE_LIMIT) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(changes for managers, wording changes with their old/new hashes) for the filters;
    ``until`` is inclusive (the whole day)."""
    end = None if until is None else datetime.combine(until, datetime.min.time()) + pd.Timedelta(days=1)
    frame = queries.changes_feed(_database(url), stores=[store] if store else None, kinds=list(kinds) or None,
                                 since=since, until=end, limit=limit)
    shown = shaping.change_rows(frame, timezone_name())
    if impacts:
        keep = shown["For us"].isin(list(impacts))
        shown, frame = shown[keep].reset_index(drop=True), frame[keep.values].reset_index(drop=True)
    wording = frame[(frame["subject_type"] == "policy_text") & (frame["kind"] == "changed")]
    wording = wording.assign(title=[fmt.change_line(r) for r in wording.to_dict("records")],
                             when=[fmt.when(t, timezone_name()) for t in wording["detected_at"]])
    wording = wording[["id", "store_name", "title", "when", "source_url", "old_raw", "new_raw"]]
    return shown, wording.reset_index(drop=True)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def wording_diff(url: str, old_raw: str | None, new_raw: str | None) -> list[tuple[str, str]] | None:
    """The changed sentences of two stored policy wordings with a word-level diff (HTML, plain),
    or None when a text was never stored."""
    hashes = [json.loads(raw) for raw in (old_raw, new_raw) if raw]
    texts = queries.policy_texts(_database(url), hashes)
    if len(hashes) < 2 or any(h not in texts for h in hashes):
        return None
    return shaping.sentence_diff(texts[hashes[0]], texts[hashes[1]])


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def runs_table(url: str) -> pd.DataFrame:
    """The latest crawl of each store and whether it passed the health checks."""
    frame = queries.last_runs(_database(url))
    frame["healthy"] = [fmt.yes_no(v) for v in frame["healthy"]]
    titles = {"store_name": "Store", "status": "Status", "healthy": "Healthy", "reasons": "Reasons",
              "pages": "Pages", "items": "Items", "errors": "Errors", "finished_at": "Finished"}
    return frame[list(titles)].rename(columns=titles)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def evidence_table(url: str, store: str) -> pd.DataFrame:
    """The current service facts of one store: the overview cells they feed, source link, provenance."""
    used_in = {}
    for level in standing.LEVELS:
        source = standing.evidence_field(level.key)
        if source:
            used_in[source] = ", ".join(filter(None, [used_in.get(source), level.title]))
    rows = [
        {"Used in": used_in.get((e["subject_type"], e["field"]), "—"),
         "Subject": _subject(e["subject_type"], e["subject_key"]),
         "Field": fmt.label(e["field"], e["subject_type"]),
         "Value": fmt.value(e["field"], e["raw"], None, e["subject_type"]), "Source": safe_link(e["source_url"]),
         "Provenance": e["provenance"], "Valid from": e["valid_from"], "Last seen": e["last_seen_at"]}
        for e in queries.evidence(_database(url), store)
    ]
    columns = ["Used in", "Subject", "Field", "Value", "Source", "Provenance", "Valid from", "Last seen"]
    return pd.DataFrame(rows, columns=columns)


def _subject(subject_type: str, key: str) -> str:
    """``shipping_option`` ``jne reg`` → ``Shipping option: jne reg``; a policy page by its kind."""
    from core import fields

    if subject_type == "policy_text":
        return f"{fmt.page_kind(key)} page text"
    found = fields.SUBJECTS.get(subject_type)
    name = found.label if found else subject_type
    return name if key in ("policy", "signals") else f"{name}: {key}"


# --- shipping and returns ----------------------------------------------------------------------------



@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def shipping(url: str, store: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(every current shipping option as a table, priced options with days for the chart)."""
    options = _only(queries.shipping_options(_database(url)), store)
    return shaping.shipping_rows(options), shaping.shipping_points(options)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def field_history(url: str, subject_type: str, field: str, store: str | None = None,
                  since: date | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(intervals of one service field as a table, step-chart points) per store."""
    history = _only(queries.fact_history(_database(url), subject_type, field), store)
    if since is not None:
        start = pd.Timestamp(since, tz="UTC")
        history = history[history["valid_to"].isna() | (history["valid_to"] >= start)]
    return shaping.history_rows(history, field), shaping.history_points(history, datetime.now(timezone.utc), field)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def returns(url: str, store: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(current return terms per store as text, return windows for the chart)."""
    bench = benchmark(url)
    if store:
        bench = bench[(bench["store"] == store) | (bench["own"] == True)]  # noqa: E712 - keep own for contrast
    return shaping.returns_rows(bench), shaping.return_window_points(bench)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def review_tables(url: str, kind: str, store: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(facts of ``kind`` that need review or hold an override, with their sentence; suspended overrides)."""
    from storage.review import review_facts, suspended_overrides

    subjects = {"shipping": ("shipping", "shipping_option"), "product": ("product",)}.get(kind, ("returns",))
    db = _database(url)
    facts = [
        {"Store": r["store_name"], "Status": "needs review" if r["status"] == "needs_review" else "override",
         "Fact": r["fact"], "Field": r["field"], "Value": r["value"],
         "Confidence": "—" if r["confidence"] is None else f"{r['confidence']:.2f}",
         "Sentence": r["evidence"] or "—", "Source": safe_link(r["source_url"])}
        for r in review_facts(db, subjects, store)
    ]
    suspended = [{"Store": r["store_name"], "Override": r["path"], "Value": r["value"],
                  "Suspended": fmt.when(r["suspended_at"])} for r in suspended_overrides(db, kind, store)]
    return (pd.DataFrame(facts, columns=["Store", "Status", "Fact", "Field", "Value", "Confidence", "Sentence", "Source"]),
            pd.DataFrame(suspended, columns=["Store", "Override", "Value", "Suspended"]))


# --- prices -------------------------------------------------------------------------------------------


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def matches(url: str) -> pd.DataFrame:
    """Matched (own product, competitor product) pairs with current prices."""
    return matching.matched_products(_database(url))


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def suggestions(url: str) -> pd.DataFrame:
    """Title-similarity suggestions for unmatched competitor products."""
    return matching.match_suggestions(_database(url))


def confirm_match(url: str, product_id: int, own_product_id: int) -> None:
    """Write an analyst's confirmed match, then drop cached reads so every page shows it."""
    matching.confirm_match(_database(url), product_id, own_product_id)
    st.cache_data.clear()


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def product_history(url: str, own_product_id: int, since: date | None = None) -> pd.DataFrame:
    """Price intervals of one own product and its matches, as step-chart points (floats)."""
    history = matching.product_price_history(_database(url), own_product_id)
    rows = []
    now = pd.Timestamp(datetime.now(timezone.utc))
    for r in history.itertuples():
        end = r.valid_to if not pd.isna(r.valid_to) else now
        for at in (r.valid_from, end):
            rows.append({"Store": r.store_name, "Time": at, "Price": float(r.price), "Title": r.title})
    frame = pd.DataFrame(rows, columns=["Store", "Time", "Price", "Title"])
    return frame if since is None else frame[frame["Time"] >= pd.Timestamp(since, tz="UTC")]


@st.cache_data(ttl=HISTORY_TTL_SECONDS, show_spinner=False)
def price_index_over_time(url: str) -> pd.DataFrame:
    """Each competitor's price index after the last crawl of each day (last ``INDEX_HISTORY_DAYS``)."""
    frame = matching.price_index_history(_database(url), points=INDEX_HISTORY_DAYS)
    return pd.DataFrame({"Time": frame["at"], "Store": frame["store_name"],
                         "Price index": frame["price_index"].map(lambda v: round(float(v), 1)), "Matched": frame["products_compared"]})


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def price_tables(url: str, store: str | None = None, brand: str | None = None) -> dict[str, pd.DataFrame]:
    """For the Prices page: ``matches`` (pairs, readable), ``positions`` (where we are cheapest / dearest),
    ``products`` (own product id → title, for the history picker), ``brands``."""
    everything = matches(url)
    chosen = shaping.filter_matches(everything, store, brand)
    positions = shaping.price_positions(chosen)
    products = dict(zip(chosen["own_id"], chosen["own_title"]))
    brands = sorted({b for b in everything["brand"] if isinstance(b, str) and b})
    return {"matches": shaping.match_rows(chosen), "positions": positions, "products": products, "brands": brands}


def changes_per_day(found: pd.DataFrame) -> pd.DataFrame:
    """Changes per local day and store, for the chart (days as dates in the configured zone)."""
    feed = found.assign(Day=[w.rsplit(",", 1)[0] for w in found["When"]])
    counts = feed.groupby(["Day", "Store"], as_index=False, sort=False).size().rename(columns={"size": "Changes"})
    counts["Day"] = pd.to_datetime(counts["Day"], format="%d %b %Y")
    return counts
