"""Small UI pieces shared by the pages: the empty-state gate and a table with its CSV download."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard import data

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
