"""Altair charts. Every mark carries a text label or tooltip, so nothing is told by colour alone;
legends say what a colour means in words; time axes are formatted for the span they show (never
sub-minute ticks on day-spaced data) in the configured time zone."""

from __future__ import annotations

import altair as alt
import pandas as pd

from storage import formatting as fmt

LEGEND = alt.Legend(orient="bottom", title=None)


def _local(frame: pd.DataFrame, column: str, tz: str | None) -> pd.DataFrame:
    """Times as the configured zone's wall clock (the browser then shows those digits as they are)."""
    if frame.empty or not pd.api.types.is_datetime64_any_dtype(frame[column]):
        return frame
    series = frame[column]
    series = series.dt.tz_localize("UTC") if series.dt.tz is None else series
    return frame.assign(**{column: series.dt.tz_convert(fmt.zone(tz)).dt.tz_localize(None)})


def time_axis(times: pd.Series, title: str | None = None) -> alt.X:
    """An x axis for ``times`` whose ticks and label format fit the span: minutes within two hours,
    hours within three days, days within four months, else months. The ticks are listed explicitly
    (whole minutes / hours / days), so day-spaced data never gets sub-minute ticks."""
    times = pd.to_datetime(times.dropna())
    start, end = (times.min(), times.max()) if len(times) else (pd.Timestamp.now().floor("D"),) * 2
    minutes = max((end - start) / pd.Timedelta(minutes=1), 1)
    if minutes <= 120:
        step, freq, label = _nice(minutes / 6, (1, 2, 5, 10, 15, 30)), "min", "%H:%M"
    elif minutes <= 3 * 24 * 60:
        step, freq, label = _nice(minutes / 60 / 6, (1, 2, 3, 6, 12)), "h", "%d %b %H:%M"
    elif minutes <= 120 * 24 * 60:
        step, freq, label = _nice(minutes / 1440 / 8, (1, 2, 7, 14)), "D", "%d %b"
    else:
        step, freq, label = 1, "MS", "%b %Y"
    unit = f"{step}{freq}"
    first = start.floor(unit) if freq != "MS" else start.to_period("M").to_timestamp()
    last = end.ceil(unit) if freq != "MS" else (end.to_period("M") + 1).to_timestamp()
    ticks = pd.date_range(first, max(last, first + pd.Timedelta(minutes=1)), freq=unit)
    ticks = ticks[:: max(1, len(ticks) // 12)]  # at most about a dozen labels
    values = [alt.DateTime(year=t.year, month=t.month, date=t.day, hours=t.hour, minutes=t.minute) for t in ticks]
    axis = alt.Axis(format=label, values=values, labelOverlap=True, title=title, labelAngle=0)
    # The scale spans whole ticks, so the first and last labels are always inside it.
    return alt.X("Time:T", axis=axis, scale=alt.Scale(domain=[values[0], values[-1]]))


def _nice(raw: float, steps: tuple[int, ...]) -> int:
    return next((s for s in steps if s >= raw), steps[-1]) if raw > 0 else steps[0]


def price_index_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Each competitor's price index as a bar from our 100 (dashed rule) to its value."""
    base = alt.Chart(frame).encode(
        y=alt.Y("Store:N", sort=None, title=None),
        x=alt.X("Price index:Q", title="Price index (our prices = 100)", scale=alt.Scale(zero=False, padding=30)),
        tooltip=["Store", alt.Tooltip("Price index:Q", format=".1f"), "Matched", "Position"],
    )
    # Cheaper than us is a threat (red), dearer an opportunity (green); the legend and labels say so in words.
    colours = alt.Scale(domain=["cheaper than us", "dearer than us"], range=["#d9534f", "#2e8b57"])
    bars = base.mark_bar(size=18).encode(x2=alt.datum(100), color=alt.Color("Position:N", legend=LEGEND,
                                                                              scale=colours))
    labels = base.mark_text(align="left", dx=4, dy=-14).encode(text=alt.Text("Price index:Q", format=".1f"))
    par = alt.Chart(pd.DataFrame({"Price index": [100.0]})).mark_rule(strokeDash=[4, 4]).encode(x="Price index:Q")
    return (bars + labels + par).properties(height=alt.Step(40))  # a fixed band per store


def changes_per_day_chart(counts: pd.DataFrame) -> alt.Chart:
    """Number of changes per day and store (stacked bars); days as '6 Dec' labels."""
    days = sorted(counts["Day"].unique())
    shown = counts.assign(Day=[f"{d.day} {d:%b}" for d in counts["Day"]])
    order = [f"{pd.Timestamp(d).day} {pd.Timestamp(d):%b}" for d in days]
    return alt.Chart(shown).mark_bar().encode(
        x=alt.X("Day:O", title=None, sort=order, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("Changes:Q", title="Changes", axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color("Store:N", legend=LEGEND),
        tooltip=["Day", "Store", "Changes"],
    ).properties(height=200)


def shipping_price_days_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Each shipping option as a point: delivery days (x) vs price (y); store by shape and colour.
    Options at the same point share one label, so labels do not print over each other."""
    grouped = (frame.groupby(["Max days", "Price"], as_index=False)
               .agg(Options=("Option", lambda s: ", ".join(dict.fromkeys(s)))))
    points = alt.Chart(frame).mark_point(size=90, filled=True).encode(
        x=alt.X("Max days:Q", title="Delivery (maximum days)", scale=alt.Scale(zero=True, padding=20),
                axis=alt.Axis(tickMinStep=1, format="d")),
        y=alt.Y("Price:Q", title="Shipping price", axis=alt.Axis(format=",d")),
        color=alt.Color("Store:N", legend=LEGEND), shape=alt.Shape("Store:N", legend=LEGEND),
        tooltip=["Store", "Option", "Shown price", "Max days"],
    )
    labels = alt.Chart(grouped).mark_text(align="left", dx=8, fontSize=10, limit=220).encode(
        x="Max days:Q", y="Price:Q", text="Options:N")
    return (points + labels).properties(height=340)


def return_window_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Return window per store as labelled bars; colour says us / competitor in words."""
    labelled = frame.assign(Label=[f"{d} days" + (" (us)" if own else "") for d, own in
                                   zip(frame["Window (days)"], frame["Own"])],
                            Whose=["us" if own else "competitor" for own in frame["Own"]])
    order = list(labelled.sort_values("Window (days)", ascending=False, kind="stable")["Store"])
    base = alt.Chart(labelled).encode(
        y=alt.Y("Store:N", sort=order, title=None), x=alt.X("Window (days):Q", title="Return window (days)"),
        tooltip=["Store", "Label"],
    )
    bars = base.mark_bar(size=18).encode(color=alt.Color("Whose:N", legend=LEGEND,
                                                         scale=alt.Scale(domain=["us", "competitor"])))
    text = base.mark_text(align="left", dx=4).encode(text="Label:N")
    return (bars + text).properties(height=alt.Step(34))  # a fixed band per store: bars never overlap


def step_history_chart(frame: pd.DataFrame, y_title: str, tz: str | None = None) -> alt.Chart:
    """A value over time per store as step lines (values hold until they change)."""
    frame = _local(frame, "Time", tz)
    return alt.Chart(frame).mark_line(interpolate="step-after", point=True).encode(
        x=time_axis(frame["Time"]), y=alt.Y("Value:Q", title=y_title, axis=alt.Axis(format=",d")),
        color=alt.Color("Store:N", legend=LEGEND), strokeDash=alt.StrokeDash("Store:N", legend=LEGEND),
        tooltip=["Store", "Label"],
    ).properties(height=240)


def price_history_chart(frame: pd.DataFrame, tz: str | None = None) -> alt.Chart:
    """Price of one product over time, one step line per store."""
    frame = _local(frame, "Time", tz)
    return alt.Chart(frame).mark_line(interpolate="step-after", point=True).encode(
        x=time_axis(frame["Time"]),
        y=alt.Y("Price:Q", title="Price", scale=alt.Scale(zero=False), axis=alt.Axis(format=",d")),
        color=alt.Color("Store:N", legend=LEGEND), strokeDash=alt.StrokeDash("Store:N", legend=LEGEND),
        tooltip=["Store", "Title", alt.Tooltip("Price:Q", format=",")],
    ).properties(height=280)


def price_index_history_chart(frame: pd.DataFrame, tz: str | None = None) -> alt.LayerChart:
    """Each competitor's price index over time as a line per competitor, against our 100 (dashed)."""
    frame = _local(frame, "Time", tz)
    lines = alt.Chart(frame).mark_line(point=True).encode(
        x=time_axis(frame["Time"]), y=alt.Y("Price index:Q", scale=alt.Scale(zero=False),
                                            title="Price index (our prices = 100)"),
        color=alt.Color("Store:N", legend=LEGEND), strokeDash=alt.StrokeDash("Store:N", legend=LEGEND),
        tooltip=["Store", alt.Tooltip("Price index:Q", format=".1f"), "Matched"],
    )
    par = alt.Chart(pd.DataFrame({"Price index": [100.0]})).mark_rule(strokeDash=[4, 4]).encode(y="Price index:Q")
    return (lines + par).properties(height=260)


def items_over_time_chart(frame: pd.DataFrame, tz: str | None = None) -> alt.Chart:
    """Items per crawl run over time, one line per store; failed runs show their status in the tooltip."""
    frame = _local(frame.rename(columns={"Finished": "Time"}), "Time", tz)
    return alt.Chart(frame).mark_line(point=True).encode(
        x=time_axis(frame["Time"]), y=alt.Y("Items:Q", title="Items per run", axis=alt.Axis(format=",d")),
        color=alt.Color("Store:N", legend=LEGEND), strokeDash=alt.StrokeDash("Store:N", legend=LEGEND),
        tooltip=["Store", "Items", "Status"],
    ).properties(height=240)
