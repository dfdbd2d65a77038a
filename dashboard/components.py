"""Small UI pieces shared by the pages: the empty-state gate, filters, a table with its CSV download."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard import charts, data

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: str) -> str:
    """Text safe to place where Streamlit renders markdown (labels, captions)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def require_data(url: str) -> None:
    """Show why there is nothing to see and stop the page, unless the database has data."""
    try:
        state = data.state(url)
    except SQLAlchemyError as exc:
        # The class name only: driver messages can carry the URL and its credentials.
        st.error(f"Cannot read the database ({type(exc).__name__}). Check RIVALWATCH_DATABASE_URL.")
        st.stop()
    if state in ("not-migrated", "outdated"):
        st.warning(data.NOT_MIGRATED if state == "not-migrated" else data.OUTDATED)
        st.stop()
    if state == "empty":
        st.info(data.EMPTY_STATE)
        st.stop()


def table(frame: pd.DataFrame, name: str, *, links: tuple[str, ...] = (), pinned: tuple[str, ...] = ()) -> None:
    """A full-width table (scraped strings rendered as text) and a CSV download of it.

    ``links`` are columns of http(s) URLs shown as links; ``pinned`` columns stay visible when the
    table scrolls sideways.
    """
    config = {column: st.column_config.LinkColumn(column) for column in links}
    config |= {column: st.column_config.Column(column, pinned=True) for column in pinned}
    for column in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            config[column] = st.column_config.DatetimeColumn(column, format="YYYY-MM-DD HH:mm z")
    st.dataframe(frame, width="stretch", hide_index=True, column_config=config)
    st.download_button(
        "Download CSV", data.csv_bytes(frame), file_name=f"rivalwatch-{name}.csv", mime="text/csv",
        key=f"csv-{name}", on_click="ignore",
    )


def store_filter(url: str, *, own: bool = True, container=st) -> str | None:
    """A store picker kept in the URL (``?store=slug``) so a filtered view can be shared."""
    # Options are slugs, not names: a bound selectbox writes its *displayed* text into the URL.
    choices = data.store_choices(url)
    return container.selectbox(
        "Store", list(choices), index=None, placeholder="All stores", key="store", bind="query-params",
        help="Kept in the page address: copy the URL to share this view.",
    )


def since_filter(*, container=st, label: str = "Since", key: str = "since"):
    """A start date kept in the URL (``?since=YYYY-MM-DD``)."""
    return container.date_input(label, value=None, key=key, bind="query-params", format="YYYY-MM-DD",
                                help="On or after this day (00:00 UTC). Kept in the page address.")


def field_history_section(url: str, kind: str, field: str, store: str | None, since, *,
                          title: str, axis: str, name: str, empty_text: str) -> None:
    """One service-level field over time: a step chart per store and the table of its values.

    Shipping (free-shipping threshold) and Returns (return window) show the same shape of history.
    """
    st.subheader(title)
    history, steps = data.field_history(url, kind, field, store, since)
    if history.empty:
        empty(empty_text)
        return
    if not steps.empty:
        st.altair_chart(charts.step_history_chart(steps, axis), width="stretch")
    table(history, name)


def empty(message: str) -> None:
    """An empty state for one section (the page goes on)."""
    st.info(message)


def known(value) -> bool:
    """False for None / NaN / NaT (pandas turns missing cells into either)."""
    return value is not None and not (not isinstance(value, str) and pd.isna(value))


def change_details(row: pd.Series) -> str:
    """One change as plain text lines: old → new (magnitude), when, kind, severity, provenance."""
    shown = lambda v: str(v) if known(v) else "—"  # noqa: E731 - local formatter
    magnitude = f"   ({row['Change %']} %)" if known(row["Change %"]) else ""
    return (f"{shown(row['Old'])} → {shown(row['New'])}{magnitude}\n"
            f"Detected {row['Detected']:%Y-%m-%d %H:%M %Z} · {row['Kind']} · severity {row['Severity']}\n"
            f"Provenance: {shown(row['Provenance'])}")
