"""Format a read-API DataFrame for the CLI (``--format table|json|csv``) and for CSV downloads.

- ``table``: aligned plain-text columns for a terminal; numbers right-aligned. A frame wider than
  the terminal is turned sideways when that fits (one column per record: the benchmark's stores),
  else printed one record per block (like psql's expanded mode) instead of wrapping.
  Control characters in scraped text are replaced, so a page cannot send escape sequences to the
  analyst's terminal.
- ``json``: a list of records; decimals as strings (never floats), times as ISO 8601, unknown as null.
- ``csv``: one header row; cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``,
  ``@`` …) are prefixed with ``'`` (OWASP "CSV injection"), since titles and names are scraped.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from datetime import date, datetime
from decimal import Decimal

import pandas as pd

FORMATS = ("table", "json", "csv")
MAX_CELL = 60
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _missing(value) -> bool:
    if value is None:
        return True
    if isinstance(value, (str, bool, list, tuple, dict, Decimal)):
        return False
    return bool(pd.isna(value))


def plain(value):
    """A JSON-ready Python value: Decimal → str, times → ISO 8601, numpy scalars → Python, NaN → None."""
    if _missing(value):
        return None
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()  # numpy scalar
    return value


def _cell(value) -> str:
    if isinstance(value, datetime) and not _missing(value):
        return value.strftime("%Y-%m-%d %H:%M")  # minutes are enough on a terminal
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    text = _CONTROL.sub("?", str(value).replace("\n", " "))
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _is_number(series: pd.Series) -> bool:
    values = [v for v in series if not _missing(v)]
    return bool(values) and all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in values)


def _table(df: pd.DataFrame, width: int | None) -> str:
    if df.empty:
        return "(no rows)\n"
    columns = [str(c) for c in df.columns]
    cells = [[_cell(v) for v in df[c]] for c in df.columns]
    widths = [max([len(name), *map(len, col)]) for name, col in zip(columns, cells)]
    width = width or shutil.get_terminal_size((120, 24)).columns
    if _fits(widths, width):
        return _aligned(columns, cells, widths, [_is_number(df[c]) for c in df.columns])
    # Too wide: a few records read best turned sideways (one column per record, e.g. per store) …
    records = list(zip(*cells))
    sideways = [columns, *map(list, records)]
    side_widths = [max(map(len, col)) for col in sideways]
    if _fits(side_widths, width):
        header = ["", *(row[0] for row in records)]
        return _aligned(header, sideways, side_widths, [False] * len(sideways))
    return _expanded(columns, cells)  # … many records as one block each


def _fits(widths: list[int], width: int) -> bool:
    return sum(widths) + 2 * (len(widths) - 1) <= width


def _aligned(header: list[str], cells: list[list[str]], widths: list[int], right: list[bool]) -> str:
    widths = [max(w, len(h)) for w, h in zip(widths, header)]

    def line(values):
        parts = [v.rjust(w) if r else v.ljust(w) for v, w, r in zip(values, widths, right)]
        return "  ".join(parts).rstrip()

    lines = [line(header), "  ".join("-" * w for w in widths)]
    lines += [line(row) for row in zip(*cells)]
    return "\n".join(lines) + "\n"


def _expanded(columns: list[str], cells: list[list[str]]) -> str:
    label = max(map(len, columns))
    blocks = []
    for number, row in enumerate(zip(*cells), start=1):
        lines = [f"-[ record {number} ]" + "-" * max(0, label - 8)]
        lines += [f"{name.ljust(label)} | {value}".rstrip() for name, value in zip(columns, row)]
        blocks.append("\n".join(lines))
    return "\n".join(blocks) + "\n"


def _csv_cell(value) -> str:
    scraped = isinstance(value, (str, list, tuple))  # numbers like -5.56 stay numbers
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    text = str(value)
    return "'" + text if scraped and text.startswith(_FORMULA_START) else text


def _csv(df: pd.DataFrame) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([str(c) for c in df.columns])
    for row in df.itertuples(index=False, name=None):
        writer.writerow([_csv_cell(v) for v in row])
    return out.getvalue()


def render(df: pd.DataFrame, fmt: str, *, width: int | None = None) -> str:
    """Render ``df`` as ``table``, ``json`` or ``csv`` text (the index is not part of the output).

    ``width`` (table only) defaults to the terminal's width.
    """
    if fmt == "table":
        return _table(df, width)
    if fmt == "json":
        records = [{str(k): plain(v) for k, v in zip(df.columns, row)} for row in df.itertuples(index=False, name=None)]
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return _csv(df)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def configured_timezone() -> str:
    """``timezone`` of ``rivalwatch.yaml`` in the default config directory (UTC without one)."""
    from core.config.global_settings import load_global_settings
    from core.config.loader import default_config_dir

    settings, _errors = load_global_settings(default_config_dir())
    return settings.timezone
