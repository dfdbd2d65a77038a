"""Altair charts. Every mark carries a text label or tooltip, so nothing is told by colour alone."""

from __future__ import annotations

import altair as alt
import pandas as pd


def price_index_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Each competitor's price index as a bar from the own store's 100 (dashed rule) to its value."""
    base = alt.Chart(frame).encode(
        y=alt.Y("Store:N", sort=None, title=None),
        x=alt.X("Price index:Q", title="Price index (own store = 100)", scale=alt.Scale(zero=False, padding=30)),
        tooltip=["Store", "Price index", "Matched", "Position"],
    )
    bars = base.mark_bar(size=18).encode(x2=alt.datum(100), color=alt.Color("Position:N", title=None))
    labels = base.mark_text(align="left", dx=4, dy=-14).encode(text=alt.Text("Price index:Q", format=".1f"))
    par = alt.Chart(pd.DataFrame({"Price index": [100.0]})).mark_rule(strokeDash=[4, 4]).encode(x="Price index:Q")
    return (bars + labels + par).properties(height=50 * len(frame) + 20)


def changes_per_day_chart(frame: pd.DataFrame) -> alt.Chart:
    """Number of changes per day and store (stacked bars) from a changes table."""
    counts = (
        frame.assign(Day=frame["Detected"].dt.strftime("%Y-%m-%d"))
        .groupby(["Day", "Store"], as_index=False)
        .size()
        .rename(columns={"size": "Changes"})
    )
    return alt.Chart(counts).mark_bar().encode(
        x=alt.X("Day:O", title=None),
        y=alt.Y("Changes:Q", title="Changes"),
        color=alt.Color("Store:N"),
        tooltip=["Day", "Store", "Changes"],
    ).properties(height=180)
