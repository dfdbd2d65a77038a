"""Where we lose and where we win: each service level of the benchmark, our value beside the best
competitor's, said from our side ("BelanjaCepat delivers same day; we take 1 day").

Pure functions on the benchmark frame (``storage.service_levels.benchmark``), shared by the
dashboard's Overview, the CLI table and the weekly briefing. A level is compared only when both
values are known and, for money, in the same currency; unknowns never count as a loss or a win.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

import pandas as pd

from core import fields
from storage import formatting as fmt
from storage.service_levels import COLUMN_EVIDENCE, RETURNS_ACCEPTED_RANK

PAR = Decimal(100)
MARK_WORDS = {"better": "better than us", "worse": "worse than us", "same": "same as us"}
# Support contact channels (benchmark column -> the catalogue's label): live chat, phone, email, WhatsApp.
CHANNELS = {f.columns[0]: f.label for f in fields.of("support")
            if f.key in ("live_chat", "phone", "email", "whatsapp") and f.columns}


def _get(row, column):
    value = row.get(column) if hasattr(row, "get") else None
    return None if fmt.missing(value) else value


def _express_rank(row):
    same, nxt = _get(row, "ship_same_day"), _get(row, "ship_next_day")
    if same is None and nxt is None:
        return None
    return 2 if same else 1 if nxt else 0


def _express_text(row) -> str:
    return {2: "same day", 1: "next day", 0: "neither", None: fmt.UNKNOWN}[_express_rank(row)]


def _channels(row):
    flags = [_get(row, c) for c in CHANNELS]
    return None if all(f is None for f in flags) else sum(1 for f in flags if f)


def _channels_text(row) -> str:
    names = [name for column, name in CHANNELS.items() if _get(row, column)]
    return ", ".join(names) if names else ("none found" if _channels(row) == 0 else fmt.UNKNOWN)


def _hours_rank(row):
    flag = _get(row, "support_24_7")
    return None if flag is None and _get(row, "support_hours") is None else (1 if flag else 0)


def _hours_text(row) -> str:
    hours = _get(row, "support_hours")
    return "24/7" if _get(row, "support_24_7") else (str(hours) if hours else fmt.UNKNOWN)


def _index(row):
    return PAR if _get(row, "own") else _get(row, "price_index")


def _index_text(row) -> str:
    if _get(row, "own"):
        return "100 (our prices)"
    value = _get(row, "price_index")
    if value is None:
        return fmt.UNKNOWN
    return f"{fmt.number(value, 1)} ({fmt.percent(Decimal(str(value)) - PAR)}, {row['products_compared']} matched)"


@dataclass(frozen=True)
class Level:
    """One service level: how to read its comparable value, how it reads, how it is said."""

    key: str
    title: str
    key_of: Callable  # row -> comparable value (None = unknown)
    text: Callable  # row -> text for a cell
    better: str  # "lower" | "higher"
    they: str  # sentence about the competitor, {name} and {v}
    we: str  # sentence about us, {v}
    currency: str | None = None  # column holding the currency of a money value
    evidence: str | None = None  # benchmark column whose facts are the evidence


def _col(column):
    return lambda row: _get(row, column)


LEVELS: list[Level] = [
    Level("cheapest_shipping", "Cheapest shipping", _col("ship_cheapest_price"),
          lambda r: fmt.money(_get(r, "ship_cheapest_price"), _get(r, "ship_cheapest_currency"))
          + (f" ({fmt.days(*_span(_get(r, 'ship_cheapest_days')))})" if _get(r, "ship_cheapest_days") else ""),
          "lower", "{name} ships from {v}", "our cheapest is {v}", "ship_cheapest_currency", "ship_cheapest_price"),
    Level("fastest_shipping", "Fastest shipping", _col("ship_fastest_max_days"),
          lambda r: fmt.days(*_span(_get(r, "ship_fastest_days"))), "lower",
          "{name} delivers in {v}", "we deliver in {v}", None, "ship_fastest_max_days"),
    Level("same_next_day", "Same/next day", _express_rank, _express_text, "higher",
          "{name} delivers {v}", "we deliver {v} at best", None, "ship_same_day"),
    Level("free_shipping", "Free shipping from", _col("free_shipping_threshold"),
          lambda r: fmt.threshold(_get(r, "free_shipping_threshold"), _get(r, "free_shipping_currency"),
                                  _get(r, "free_shipping_inclusive")),
          "lower", "{name} ships free from {v}", "we ship free from {v}", "free_shipping_currency", "free_shipping_threshold"),
    Level("processing", "Processing time", _col("processing_days_max"),
          lambda r: fmt.days(_get(r, "processing_days_min"), _get(r, "processing_days_max")), "lower",
          "{name} dispatches orders in {v}", "we dispatch in {v}", None, "processing_days_max"),
    Level("return_window", "Return window", _col("return_window_days"),
          lambda r: fmt.days(_get(r, "return_window_days")) + (
              f" {fmt.enum(_get(r, 'return_window_starts'))}" if _get(r, "return_window_starts") else "")
          if _get(r, "return_window_days") is not None else fmt.UNKNOWN,
          "higher", "{name} takes returns for {v}", "we take returns for {v}", None, "return_window_days"),
    Level("returns_accepted", "Returns accepted",
          lambda r: RETURNS_ACCEPTED_RANK.get(_get(r, "returns_accepted")), lambda r: fmt.enum(_get(r, "returns_accepted")),
          "higher", "{name} accepts returns for {v}", "we accept {v}", None, "returns_accepted"),
    Level("free_returns", "Free returns", lambda r: None if _get(r, "free_returns") is None else int(r["free_returns"]),
          lambda r: fmt.yes_no(_get(r, "free_returns")), "higher", "{name} {v}", "we {v}", None, "free_returns"),
    Level("refund_speed", "Refund time", _col("refund_days_max"),
          lambda r: fmt.days(_get(r, "refund_days_min"), _get(r, "refund_days_max")), "lower",
          "{name} refunds in {v}", "we refund in {v}", None, "refund_days_max"),
    Level("support_channels", "Support channels", _channels, _channels_text, "higher",
          "{name} offers {v}", "we offer {v}", None, "support_live_chat"),
    Level("support_hours", "Support hours", _hours_rank, _hours_text, "higher",
          "{name} answers {v}", "we answer {v}", None, "support_24_7"),
    Level("price_index", "Price index", _index, _index_text, "lower",
          "{name} is {v}", "", None, "price_index"),
]


# Sentence words for yes/no levels (third person, first person).
PHRASES = {"free_returns": {"yes": ("offers free returns", "offer free returns"),
                            "no": ("charges for returns", "charge for returns")}}


def _phrase(level: Level, text: str, third_person: bool, row=None) -> str:
    if level.key == "price_index" and row is not None and _get(row, "price_index") is not None:
        gap = Decimal(str(row["price_index"])) - PAR
        side = "cheaper" if gap < 0 else "dearer" if gap > 0 else "priced the same"
        return (f"{fmt.percent(abs(gap), signed=False)} {side} than us" if gap else side) + \
            f" on {row['products_compared']} matched products"
    words = PHRASES.get(level.key, {}).get(text)
    return text if words is None else words[0 if third_person else 1]


def _say(sentence: str) -> str:
    """'delivers in same day' reads 'delivers same day'."""
    return sentence.replace(" in same day", " same day").replace(" for same day", " same day")


def _span(text):
    """'3–5' / '1' (the benchmark's day columns) → (low, high)."""
    if text is None:
        return (None,)
    low, _, high = str(text).partition("–")
    return (int(low), int(high)) if high else (int(low),)


def _better(a, b, direction: str) -> bool:
    return a < b if direction == "lower" else a > b


def _gap(theirs, ours) -> float:
    base = abs(float(ours)) or 1.0
    return abs(float(theirs) - float(ours)) / base


def _comparable(level: Level, row, own) -> bool:
    return level.currency is None or _get(row, level.currency) == _get(own, level.currency)


def marks(bench: pd.DataFrame) -> pd.DataFrame:
    """Per level (rows) and store (columns): ``better`` / ``worse`` than us / ``same`` / None."""
    own = _own(bench)
    result = pd.DataFrame(None, index=[lv.key for lv in LEVELS], columns=list(bench.index), dtype=object)
    if own is None:
        return result
    for level in LEVELS:
        ours = level.key_of(own)
        for slug, row in bench.iterrows():
            theirs = level.key_of(row)
            if row["own"] is True or ours is None or theirs is None or not _comparable(level, row, own):
                continue
            result.at[level.key, slug] = ("better" if _better(theirs, ours, level.better) else
                                          "worse" if _better(ours, theirs, level.better) else "same")
    return result


def _own(bench: pd.DataFrame):
    own = bench[bench["own"] == True]  # noqa: E712 - object column
    return None if own.empty else own.iloc[0]


def cell_texts(bench: pd.DataFrame) -> pd.DataFrame:
    """Per level (rows) and store (columns): the value as text."""
    return pd.DataFrame({slug: [level.text(row) for level in LEVELS] for slug, row in bench.iterrows()},
                        index=[lv.key for lv in LEVELS], dtype=object)


def standings(bench: pd.DataFrame) -> list[dict]:
    """Per level: outcome (``lose`` / ``win`` / ``tie`` / ``unknown``), the sentence from our side,
    our value, the best competitor's, and the evidence column; worst gaps first."""
    own = _own(bench)
    rows = []
    for level in LEVELS:
        ours = None if own is None else level.key_of(own)
        rivals = [(slug, r, level.key_of(r)) for slug, r in bench.iterrows()
                  if r["own"] is not True and own is not None and _comparable(level, r, own)]
        rivals = [(s, r, v) for s, r, v in rivals if v is not None]
        item = {"level": level.key, "title": level.title, "evidence": level.evidence, "ours": fmt.UNKNOWN,
                "theirs": fmt.UNKNOWN, "store": None, "store_name": None, "outcome": "unknown", "gap": 0.0}
        if own is not None:
            item["ours"] = level.text(own)
        if ours is None or not rivals:
            item["sentence"] = (f"Not comparable yet: our {level.title.lower()} is not known." if ours is None
                                else f"No competitor states its {level.title.lower()}.")
            rows.append(item)
            continue
        pick = min if level.better == "lower" else max
        slug, best, value = pick(rivals, key=lambda t: t[2])
        outcome = "lose" if _better(value, ours, level.better) else "win" if _better(ours, value, level.better) else "tie"
        theirs = level.text(best)
        name = best["store_name"] if outcome != "win" else f"the best competitor, {best['store_name']},"
        they = _say(level.they.format(name=name, v=_phrase(level, theirs, True, best)))
        we = _say(level.we.format(v=_phrase(level, item["ours"], False)))
        if level.key == "price_index" and outcome == "win":
            they, we = "", f"we are cheaper than every competitor; the cheapest, {best['store_name']}, is {_phrase(level, theirs, True, best)}"
        sentence = "; ".join(filter(None, [they, we])) if outcome != "win" else f"{we[0].upper()}{we[1:]}" + (f"; {they}" if they else "")
        item |= {"theirs": theirs, "store": slug, "store_name": best["store_name"], "outcome": outcome,
                 "gap": _gap(value, ours), "sentence": sentence}
        rows.append(item)
    order = {"lose": 0, "tie": 1, "win": 2, "unknown": 3}
    return sorted(rows, key=lambda r: (order[r["outcome"]], -r["gap"]))


def evidence_field(level_key: str) -> tuple[str, str] | None:
    """(subject_type, field) of the facts a level is read from (None for the price index)."""
    level = next(lv for lv in LEVELS if lv.key == level_key)
    source = COLUMN_EVIDENCE.get(level.evidence or "")
    return None if level.key == "price_index" else source


def csv_frame(bench: pd.DataFrame) -> pd.DataFrame:
    """The benchmark for a spreadsheet: numbers stay numbers (raw columns) and each level's
    better/worse-than-us marker is its own column."""
    found = marks(bench)
    frame = bench.reset_index(drop=True).copy()
    for level in LEVELS:
        frame[f"{level.key}_vs_us"] = [found.at[level.key, slug] for slug in bench.index]
    return frame


def level_table(bench: pd.DataFrame) -> pd.DataFrame:
    """The grid as plain text for the CLI (levels as rows, stores as columns, markers in words)."""
    texts, found = cell_texts(bench), marks(bench)
    table = {"Service level": [lv.title for lv in LEVELS]}
    for slug, row in bench.iterrows():
        name = f"{row['store_name']} (us)" if row["own"] else str(row["store_name"])
        table[name] = [texts.at[lv.key, slug] + (f" ({MARK_WORDS[m]})" if (m := found.at[lv.key, slug]) in MARK_WORDS
                                                  else "") for lv in LEVELS]
    return pd.DataFrame(table)
