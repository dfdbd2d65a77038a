"""Crawl health and sources for the dashboard: run history, freshness against each store's schedule,
quarantined prices, the configured sources with the newest data read from each, configuration errors."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard import shaping
from dashboard.data.connection import CACHE_TTL_SECONDS, _database, _only, state
from storage import formatting as fmt
from storage import queries



@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def run_history(url: str, store: str | None = None, since: date | None = None) -> pd.DataFrame:
    """Crawl runs, newest first."""
    return _only(queries.run_history(_database(url), since=since), store)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def source_status(url: str) -> pd.DataFrame:
    """Registered sources with the newest fact read from each URL."""
    return queries.source_status(_database(url))


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def config(directory: str):
    """The analyst configuration (stores and validation errors) of ``directory``."""
    from core.config import load_config_dir

    return load_config_dir(directory)


def _readable(url: str) -> bool:
    """Whether the database can be queried (the Sources page also works without one)."""
    try:
        return state(url) in ("ready", "empty")
    except SQLAlchemyError:
        return False


def config_dir() -> str:
    """``RIVALWATCH_CONFIG_DIR`` or ``./competitors``."""
    from core.config.loader import default_config_dir

    return str(default_config_dir().resolve())


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def freshness(url: str, directory: str) -> pd.DataFrame:
    """Per configured store: schedule, last healthy crawl, the crawl due after it, and whether the
    data is older than the schedule allows."""
    runs = queries.run_history(_database(url))
    now = datetime.now(timezone.utc)
    rows = []
    for store in config(directory).stores:
        ok = runs[(runs["store"] == store.slug) & (runs["healthy"] == True)]  # noqa: E712 - object column
        last_ok = ok["finished_at"].iloc[0] if len(ok) else None
        verdict, due = shaping.staleness(store.schedule, store.timezone, last_ok, now)
        rows.append({"Store": store.name, "Schedule": f"{store.schedule} ({store.timezone})",
                     "Last healthy crawl": last_ok, "Next crawl due": due, "Freshness": verdict})
    frame = pd.DataFrame(rows, columns=["Store", "Schedule", "Last healthy crawl", "Next crawl due", "Freshness"])
    for column in ("Last healthy crawl", "Next crawl due"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


QUARANTINE_COLUMNS = ["Store", "Product", "Suspect price", "30-day median", "Seen in runs", "First run", "Last run"]


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def quarantined(url: str, directory: str, store: str | None = None) -> pd.DataFrame:
    """Prices held as suspected extraction errors (far from their 30-day median), judged with each
    configured store's own ratio and confirmation count (defaults when no configuration is found)."""
    from storage.health_events import quarantined_prices
    from storage.price_guard import DEFAULT_RATIO, suspect_confirm_runs

    db = _database(url)
    configured = {c.slug: c for c in config(directory).stores}
    if configured:
        wanted = [c for slug, c in configured.items() if store in (None, slug) and c.suspect_price_ratio is not None]
        held = [(h, c.confirm_runs) for c in wanted for h in quarantined_prices(db, c.slug, c.suspect_price_ratio)]
    else:
        held = [(h, 1) for h in quarantined_prices(db, store, DEFAULT_RATIO)]
    rows = [{"Store": h.store_name, "Product": h.product_title or h.product_key,
             "Suspect price": str(h.suspect_price), "30-day median": str(h.median_price),
             "Seen in runs": f"{h.seen_runs} of {suspect_confirm_runs(confirm)}",
             "First run": h.first_run_id, "Last run": h.last_run_id} for h, confirm in held]
    return pd.DataFrame(rows, columns=QUARANTINE_COLUMNS)


RUN_TITLES = {"store_name": "Store", "status": "Status", "healthy": "Healthy", "reasons": "Reasons",
              "pages": "Pages", "items": "Items", "errors": "Errors", "started_at": "Started",
              "finished_at": "Finished"}


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def health_tables(url: str, store: str | None = None, since: date | None = None) -> dict[str, pd.DataFrame]:
    """Runs split for the Crawl health page: ``runs`` (all), ``problems`` (errors or unhealthy),
    ``blocked`` (runs judged blocked), ``items`` (item counts over time for the chart)."""
    runs = run_history(url, store, since)
    shown = runs[list(RUN_TITLES)].rename(columns=RUN_TITLES)
    shown["Healthy"] = shown["Healthy"].map(fmt.yes_no)
    unhealthy = runs["healthy"].map(lambda v: v is not True)
    problems = shown[(runs["errors"].fillna(0) > 0) | unhealthy]
    blocked = shown[runs["reasons"].str.contains("blocked:", regex=False, na=False)]
    items = runs.dropna(subset=["finished_at"])[["store_name", "finished_at", "items", "status"]]
    items = items.rename(columns={"store_name": "Store", "finished_at": "Finished", "items": "Items",
                                  "status": "Status"}).astype({"Items": float})
    return {"runs": shown, "problems": problems, "blocked": blocked, "items": items}


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def sources_table(url: str, directory: str, slug: str) -> pd.DataFrame:
    """One configured store's sources: kind, URL (http(s) links only), render mode, selectors, and the
    newest data read from that URL."""
    store = config(directory).get(slug)
    status = queries.source_status(_database(url)) if _readable(url) else queries.source_status_columns()
    last = {(r.kind, r.url): (r.last_data_at, r.facts) for r in status[status["store"] == slug].itertuples()}
    rows = []
    for source in store.sources if store else []:
        last_at, facts = last.get((source.kind, source.url), (None, None))
        selectors = source.selectors.model_dump(exclude_none=True) if source.selectors else {}
        rows.append({"Kind": source.kind, "URL": shaping.safe_link(source.url), "Render": source.render,
                     "Wait for": source.wait_for, "Selectors": ", ".join(f"{k}: {v}" for k, v in selectors.items()),
                     "Last data from this URL": last_at, "Current facts": facts})
    frame = pd.DataFrame(rows, columns=["Kind", "URL", "Render", "Wait for", "Selectors",
                                        "Last data from this URL", "Current facts"])
    frame["Last data from this URL"] = pd.to_datetime(frame["Last data from this URL"], utc=True)
    return frame


def config_errors(config) -> pd.DataFrame:
    """Validation errors of the configuration as a table (file, field, problem, value).

    Values from the global settings file are masked: a mistyped alert channel URL may hold a token.
    """
    from core.config.global_settings import SETTINGS_FILE

    rows = [{"File": e.file, "Field": e.field, "Problem": e.message,
             "Value": "***" if e.value is not None and e.file.endswith(SETTINGS_FILE) else e.value}
            for e in config.errors]
    return pd.DataFrame(rows, columns=["File", "Field", "Problem", "Value"])


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def source_table(url: str, store: str | None = None) -> pd.DataFrame:
    """Registered sources of every store (or one) with the newest data read from each URL."""
    status = _only(queries.source_status(_database(url)), store)
    return pd.DataFrame({
        "Store": status["store"], "Kind": status["kind"], "URL": status["url"].map(shaping.safe_link),
        "Render": status["render"], "Last data from this URL": status["last_data_at"], "Current facts": status["facts"],
    })

