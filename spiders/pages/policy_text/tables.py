"""Rebuild rate tables that a page copy flattened to one cell per line ("北海道 |", "1,100円 |").

Copied HTML tables often arrive as a run of lines each ending in ``|`` (one cell a line, sometimes a
whole row on one line). Such a run is turned back into rows: the header is the run's leading cells
that hold no value (money, "free", days); the row width is the header's, or the period of the row
labels when the corner cell was empty. Rows keyed by one value column become ``label | label | value``
lines; a matrix (one value column per destination) becomes one ``row label | column | value`` line
per cell, so each rate keeps its tier and destination. Anything that does not fit is left as it was.
"""

from __future__ import annotations

import re

from . import vocab
from .days import find_days
from .grids import expand_value_grids
from .money_spans import find_money
from .prices import is_tier_money

_CELL_LINE = re.compile(r"^\s*(?:[^|\n]{0,120}\|\s*)+$")
_BARE_AMOUNT = re.compile(r"^\d{1,3}(?:,\d{3})*(?:\.\d{1,2})?$")
_MATRIX_HEADER = "Destination | Tier | Rate"  # marks the first column as the destination (see layout)
_MARK = re.compile(r"^(?:[A-Za-z]{0,3}\$|Rp\.?|£|€|¥|Php|PHP|₱)\s?", re.I)


def _is_value(cell: str, lang: str) -> bool:
    return bool(find_money(cell, "USD", lang) or vocab.FREE.search(cell) or find_days(cell))


def _cells(lines: list[str]) -> list[str]:
    """Cells of a run in order; an empty cell ("|" alone) is kept as "" (it separates a title)."""
    out = []
    for line in lines:
        parts = [p.strip() for p in line.split("|")]
        if parts and parts[-1] == "":
            parts = parts[:-1]
        out += parts or [""]
    return out


def _period(pattern: str) -> int | None:
    """Smallest row width under which the value/label pattern ("VLLVLLV") repeats."""
    for width in range(2, 13):
        if len(pattern) > width and all(pattern[i] == pattern[i + width] for i in range(len(pattern) - width)):
            return width
    return None


def _rows(cells: list[str], lang: str) -> tuple[list[str], list[str], list[list[str]]] | None:
    """(title cells, columns, rows) of a flattened table, or None. The data starts at the first value
    cell; the first row's own labels (before that value) were read as the header's last cells."""
    first_value = next((i for i, c in enumerate(cells) if c and _is_value(c, lang)), None)
    if first_value is None:
        return None
    blank = max((i for i in range(first_value) if not cells[i]), default=-1)
    title, header = [c for c in cells[:blank + 1] if c], cells[blank + 1:first_value]
    data = [c for c in cells[first_value:] if c]
    pattern = "".join("V" if _is_value(c, lang) else "L" for c in data)
    width = _period(pattern) if "L" in pattern else len(header)
    if not width or width < 2:
        return None
    lead = width - len(pattern[:width].rstrip("L"))  # label cells at the start of each row
    columns = header[:len(header) - lead] if lead else header
    if len(columns) == width - 1:
        columns = [""] + columns  # an empty corner cell
    if len(columns) != width or lead > len(header):
        return None
    data = header[len(header) - lead:] + data
    rows = [data[i:i + width] for i in range(0, len(data) - width + 1, width)]
    return (title, columns, rows) if rows else None


_ATTRIBUTE = re.compile(r"^(?:shipping |delivery )?(?:price|cost|fee|rate|charge)s?$|time|estimat|handling|dispatch|"
                        r"processing|^(?:harga|ongkir|biaya|tarif|estimasi|lama)|送料|料金|日数|目安", re.I)
_PREPARATION = re.compile(r"handling|dispatch|processing|preparation|proses|発送までの|出荷までの", re.I)
_DELIVERY_WORD = re.compile(r"deliver|transit|arriv|estimat|お届け|配達|到着|tiba|sampai|pengiriman", re.I)


def _is_preparation(label: str) -> bool:
    """"Processing time" / "Handling" but not "Estimated delivery (after dispatch)"."""
    return bool(_PREPARATION.search(label)) and not _DELIVERY_WORD.search(label)


def _row_lines(columns: list[str], rows: list[list[str]], lang: str) -> list[str]:
    """Row lines under a header line. A matrix of rates (one price column per destination) is written
    destination first under a destination header, so each rate keeps the column it was in; a table whose
    rows are attributes of the column services ("Price | Free | $10", "Delivery time | 5-9 days | ...") is
    turned to one line per service; value columns mixing days and money stay plain rows."""
    value_cols = [j for j in range(1, len(columns)) if all(_is_value(r[j], lang) for r in rows)]
    if len(value_cols) >= 2 and len(value_cols) == len(columns) - 1:
        if all(_ATTRIBUTE.search(r[0]) for r in rows):
            return _transposed(columns, rows)
        if all(_is_price_cell(r[j], lang) for r in rows for j in value_cols):
            return [_MATRIX_HEADER] + [f"{columns[j]} | {row[0]} | {row[j]}" for row in rows for j in value_cols]
    prep = [j for j in range(1, len(columns)) if _is_preparation(columns[j])]
    if prep:  # "Method | Dispatch | Delivery time | Cost": the dispatch column is not the delivery time
        return _without_columns(columns, rows, prep)
    return [" | ".join(c or "-" for c in columns)] + [" | ".join(row) for row in rows]


def _without_columns(columns: list[str], rows: list[list[str]], prep: list[int]) -> list[str]:
    keep = [j for j in range(len(columns)) if j not in prep]
    lines = [" | ".join(columns[j] or "-" for j in keep)] + [" | ".join(r[j] for j in keep) for r in rows]
    for j in prep:
        if len({r[j] for r in rows}) == 1:
            lines.append(f"{columns[j]}: {rows[0][j]}.")
    return lines


def _transposed(columns: list[str], rows: list[list[str]]) -> list[str]:
    """"| Standard | Express" over "Price | Free | $10" and "Delivery time | 5-9 days | 2-4 days": one
    line per service. A preparation-time row ("Handling time") is kept out of the service lines (it is
    not the delivery time) and written once as its own sentence when every service states the same."""
    prep = [r for r in rows if _is_preparation(r[0])]
    rest = [r for r in rows if not _is_preparation(r[0])]
    lines = [f"{columns[j]} | " + " | ".join(r[j] for r in rest) for j in range(1, len(columns))]
    for r in prep:
        if len(set(r[1:])) == 1:
            lines.append(f"{r[0]}: {r[1]}.")
    return lines


def _mark_bare_amounts(cells: list[str]) -> list[str]:
    """"$150.01-$500 |" then "21.95 |": a bare amount in a table whose amounts all carry one mark
    takes that mark (the copy lost it, the column did not change currency)."""
    marks = {_MARK.match(c).group(0).strip() for c in cells if c and _MARK.match(c)}
    if len(marks) != 1:
        return cells
    mark = marks.pop()
    return [mark + c if _BARE_AMOUNT.match(c) else c for c in cells]


_REGION_HEADER = re.compile(r"destination|region|area|zone|wilayah|tujuan|daerah|地域|エリア|お届け先", re.I)


def _is_price_cell(cell: str, lang: str) -> bool:
    """A cell holding only a rate (money or free), no delivery time: a matrix's value. An order-value
    bound ("$120 and over", "under $120") keys a row, it is no rate."""
    money = find_money(cell, "USD", lang)
    if any(is_tier_money(cell, m) for m in money):
        return False
    return bool(money or vocab.FREE.search(cell)) and not find_days(cell)


def _pipe_cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _matrix_rows(header: list[str], rows: list[list[str]]) -> list[str]:
    """"Zone | Standard | Express" over "Metro | $5 | $10": one line per cell, destination first."""
    from .labels import is_region

    if _REGION_HEADER.search(header[0]):
        return [_MATRIX_HEADER] + [f"{r[0]} | {header[j]} | {r[j]}" for r in rows for j in range(1, len(header))]
    if all(is_region(c) for c in header[1:]):
        return [_MATRIX_HEADER] + [f"{header[j]} | {r[0]} | {r[j]}" for r in rows for j in range(1, len(header))]
    return [f"{r[0]} | {header[j]} | {r[j]}" for r in rows for j in range(1, len(header))]


def rebuild_pipe_matrices(lines: list[str], lang: str) -> list[str]:
    """Single-line pipe tables whose rows hold two or more value columns are split one cell a line."""
    out, i = [], 0
    while i < len(lines):
        header = _pipe_cells(lines[i]) if lines[i].count("|") >= 2 else []
        j = i + 1
        if len(header) >= 3 and not any(_is_value(c, lang) for c in header):
            while j < len(lines) and len(_pipe_cells(lines[j])) == len(header) and lines[j].count("|") >= 2 \
                    and all(_is_price_cell(c, lang) for c in _pipe_cells(lines[j])[1:]) \
                    and not _is_value(_pipe_cells(lines[j])[0], lang):
                j += 1
        if j - i >= 2:
            out += _matrix_rows(header, [_pipe_cells(line) for line in lines[i + 1:j]]) + [""]
            i = j
        else:
            out.append(lines[i])
            i += 1
    return out


def drop_preparation_columns(lines: list[str], lang: str) -> list[str]:
    """"Method | Delivery time | Processing | Cost" then its rows on single lines: the processing column is
    removed from the rows (kept once as a sentence when every row states the same time)."""
    out, i = [], 0
    while i < len(lines):
        header = _pipe_cells(lines[i]) if lines[i].count("|") >= 2 else []
        prep = [j for j, c in enumerate(header) if j and _is_preparation(c)]
        if not prep or any(_is_value(c, lang) for c in header):
            out.append(lines[i])
            i += 1
            continue
        j = i + 1
        while j < len(lines) and len(_pipe_cells(lines[j])) == len(header):
            j += 1
        rows = [_pipe_cells(line) for line in lines[i + 1:j]]
        out += _without_columns(header, rows, prep) if rows else [lines[i]]
        i = j
    return out


def rebuild_tables(text: str, lang: str) -> str:
    """The text with each flattened one-cell-a-line table rewritten as one row per line."""
    lines = drop_preparation_columns(rebuild_pipe_matrices(expand_value_grids(text.split("\n"), lang), lang), lang)
    out: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].strip() and _CELL_LINE.match(lines[j]):
            j += 1
        if j - i < 4:
            out.append(lines[i])
            i += 1
            continue
        cells = _mark_bare_amounts(_cells(lines[i:j]))
        table = _rows(cells, lang)
        if table is None:
            out += lines[i:j]
            i = j
            continue
        title, columns, rows = table
        out += title + _row_lines(columns, rows, lang) + [""]
        i = j
    return "\n".join(out)
