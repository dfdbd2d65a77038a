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


def _height(rows: int, per: int = 32, minimum: int = 160) -> int:
    return max(minimum, per * rows + 40)


def shipping_price_days_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Each shipping option as a point: delivery days (x) vs price (y); store by shape and colour,
    option names written next to the points."""
    base = alt.Chart(frame).encode(
        x=alt.X("Max days:Q", title="Delivery (maximum days)", scale=alt.Scale(zero=True),
              axis=alt.Axis(tickMinStep=1, format="d")),
        y=alt.Y("Price:Q", title="Shipping price"),
        tooltip=["Store", "Option", "Price", "Currency", "Max days"],
    )
    points = base.mark_point(size=90, filled=True).encode(color="Store:N", shape="Store:N")
    labels = base.mark_text(align="left", dx=7, fontSize=10).encode(text="Option:N")
    return (points + labels).properties(height=320)


def return_window_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Return window per store as labelled bars (own store named in the label, not only coloured)."""
    labelled = frame.assign(Label=[f"{d} days" + (" (own)" if own else "") for d, own in
                                   zip(frame["Window (days)"], frame["Own"])])
    base = alt.Chart(labelled).encode(
        y=alt.Y("Store:N", sort="-x", title=None), x=alt.X("Window (days):Q", title="Return window (days)"),
        tooltip=["Store", "Window (days)"],
    )
    bars = base.mark_bar(size=18).encode(color=alt.Color("Own:N", title="Own store"))
    text = base.mark_text(align="left", dx=4).encode(text="Label:N")
    return (bars + text).properties(height=_height(len(frame)))


def step_history_chart(frame: pd.DataFrame, y_title: str) -> alt.Chart:
    """A value over time per store as step lines (values hold until they change)."""
    return alt.Chart(frame).mark_line(interpolate="step-after", point=True).encode(
        x=alt.X("Time:T", title=None), y=alt.Y("Value:Q", title=y_title),
        color="Store:N", strokeDash="Store:N", tooltip=["Store", "Label", "Time:T"],
    ).properties(height=240)


def price_history_chart(frame: pd.DataFrame) -> alt.Chart:
    """Price of one product over time, one step line per store."""
    return alt.Chart(frame).mark_line(interpolate="step-after", point=True).encode(
        x=alt.X("Time:T", title=None), y=alt.Y("Price:Q", title="Price", scale=alt.Scale(zero=False)),
        color="Store:N", strokeDash="Store:N", tooltip=["Store", "Title", "Price", "Time:T"],
    ).properties(height=280)


def price_index_history_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Each competitor's price index over time against the own store's 100 (dashed)."""
    lines = alt.Chart(frame).mark_line(point=True).encode(
        x=alt.X("Time:T", title=None), y=alt.Y("Price index:Q", scale=alt.Scale(zero=False)),
        color="Store:N", strokeDash="Store:N", tooltip=["Store", "Price index", "Matched", "Time:T"],
    )
    par = alt.Chart(pd.DataFrame({"Price index": [100.0]})).mark_rule(strokeDash=[4, 4]).encode(y="Price index:Q")
    return (lines + par).properties(height=260)


def items_over_time_chart(frame: pd.DataFrame) -> alt.Chart:
    """Items per crawl run over time, one line per store; failed runs show their status in the tooltip."""
    return alt.Chart(frame).mark_line(point=True).encode(
        x=alt.X("Finished:T", title=None), y=alt.Y("Items:Q", title="Items per run"),
        color="Store:N", strokeDash="Store:N", tooltip=["Store", "Items", "Status", "Finished:T"],
    ).properties(height=240)
