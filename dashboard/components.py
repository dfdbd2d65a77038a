"""Small UI pieces shared by the pages: the empty-state gate, filters, a table with its CSV download."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard import charts, data
from storage import formatting as fmt

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


CHANGE_WIDTHS = {"When": 150, "Store": 110, "For us": 100, "Change": 430, "Evidence": 130, "Product": 130}


def table(frame: pd.DataFrame, name: str, *, links: tuple[str, ...] = (), pinned: tuple[str, ...] = (),
          widths: dict[str, int] | None = None, money: dict[str, str] | None = None) -> None:
    """A full-width table (scraped strings rendered as text) and a CSV download of it.

    ``links`` are columns of http(s) URLs shown as links; ``pinned`` columns stay visible when the
    table scrolls sideways; ``widths`` fixes column widths in pixels; ``money`` maps an amount column
    to its currency column (on screen one "Rp150.000" cell; in the CSV a number and an ISO code).
    """
    # Links show their path (the host is the store's, named in the row); the cell links the full URL.
    config = {column: st.column_config.LinkColumn(column, display_text=r"https?://[^/]+(/.{0,60}).*")
              for column in links}
    config |= {column: st.column_config.Column(column, pinned=True) for column in pinned}
    for column, width in (widths or {}).items():  # fixed widths keep a wide table inside the page
        if column in frame.columns:
            base = config.get(column) or st.column_config.Column(column)
            base["width"] = width
            config[column] = base
    shown, raw = readable(frame, data.timezone_name(), links, money or {})
    st.dataframe(shown, width="stretch", hide_index=True, column_config=config)
    st.download_button(
        "Download CSV", data.csv_bytes(raw), file_name=f"rivalwatch-{name}.csv", mime="text/csv",
        key=f"csv-{name}", on_click="ignore", icon=":material/download:",
    )


def readable(frame: pd.DataFrame, tz: str, links: tuple[str, ...] = (),
             money: dict[str, str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(frame for the screen, frame for CSV): times in the configured zone (words on screen, ISO 8601
    in the CSV), unknown cells as — on screen (numbers stay numbers in the CSV), Decimals as numbers;
    ``money`` amounts worded with their currency on screen (the currency columns then hidden there)."""
    money = money or {}
    shown, raw = frame.copy(), frame.copy()
    for column in frame.columns:
        series = frame[column]
        if column in money:
            shown[column] = [fmt.money(v, c) for v, c in zip(series, frame[money[column]])]
        elif pd.api.types.is_datetime64_any_dtype(series):
            local = series.dt.tz_localize("UTC") if series.dt.tz is None else series
            raw[column] = local.dt.tz_convert(fmt.zone(tz))
            shown[column] = [fmt.when(v, tz) for v in series]
        elif column in links:
            shown[column] = ["" if fmt.missing(v) else v for v in series]
        elif series.map(fmt.missing).any():
            shown[column] = [fmt.UNKNOWN if fmt.missing(v) else _text(v) for v in series]
    return shown.drop(columns=sorted(set(money.values()) - set(money))), raw


def _text(value) -> str:
    """A cell of a column that also holds — (one type per column for the grid)."""
    if isinstance(value, bool):
        return fmt.yes_no(value)
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return f"{int(value):,}"
    return str(value)


def store_filter(url: str, *, own: bool = True, container=st) -> str | None:
    """A store picker kept in the URL (``?store=slug``) so a filtered view can be shared."""
    # Options are slugs, not names: a bound selectbox writes its *displayed* text into the URL.
    choices = data.store_choices(url)
    return container.selectbox(
        "Store", list(choices), index=None, placeholder="All stores", key="store", bind="query-params",
        help="Kept in the page address: copy the URL to share this view.",
    )


def since_filter(*, container=st, label: str = "Since", key: str = "since", default=None):
    """A start date kept in the URL (``?since=YYYY-MM-DD``); ``default`` when the URL has none."""
    return container.date_input(label, value=default, key=key, bind="query-params", format="YYYY-MM-DD",
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
        st.altair_chart(charts.step_history_chart(steps, axis, data.timezone_name()), width="stretch")
    table(history, name)


def empty(message: str) -> None:
    """An empty state for one section (the page goes on)."""
    st.info(message)


def known(value) -> bool:
    """False for None / NaN / NaT (pandas turns missing cells into either)."""
    return value is not None and not (not isinstance(value, str) and pd.isna(value))


def change_details(row: pd.Series) -> str:
    """One change as plain text lines: the worded change, when, what it means for us, where it was read."""
    return (f"{row['Change']}\n"
            f"Detected {row['When']} · {row['Store']} · for us: {row['For us']}\n"
            f"Read from: {row['Evidence'] if known(row['Evidence']) else '—'}")
