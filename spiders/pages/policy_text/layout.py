"""Document layout: lines -> units (sentences) with section, block heading and table-header context.

Policy pages mix headings, bullet blocks, flattened tables and FAQ pairs. Rules need to know
"which section am I in" (returns vs shipping), "which method heading is this row under"
("Canada Post Expedited Parcel — rates by region") and "does the table's first column hold
destinations" ("Destination | Cost | Transit time").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .days import find_days
from .money_spans import find_money
from .normalize import split_sentences, strip_bullet
from . import vocab

# A spaced dash between two numbers is a range ("about 8 - 21 working days"), not a cell border.
CELL_SEP = re.compile(r"\s*\|\s*|\s?\.{2,}\s*|\s*→\s*|(?<!\d)\s+[—–-]\s+|\s+[—–-]\s+(?!\d)|\s+·\s+|"
                      r"(?<=\S)\s*—\s*(?=\S)")
JA_CELL_SEP = re.compile(r"\s*/\s*|\s*(?:・{3,}|…+)\s*")  # "A-1 …の場合・・・100円": leader dots end the label
_REGION_HEADER = re.compile(r"destination|region|area|zone|wilayah|tujuan|daerah|地域|エリア|お届け先", re.I)


@dataclass
class Unit:
    text: str                 # one sentence, bullet stripped
    line_no: int
    section: str | None       # "returns" | "shipping" | None
    block: int                # changes at blank lines and headings
    heading: str | None       # non-generic method heading of the block, if any
    region_column: bool       # the block's table header says the first column is a destination
    question: str = ""        # FAQ question this unit answers
    first_in_line: bool = True
    line_text: str = ""
    heading_text: str = ""    # raw text of the block heading (generic or not)


@dataclass
class Layout:
    units: list[Unit] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)


def split_cells(text: str, lang: str) -> list[str]:
    """Table-ish cells of a row; JA rows also use "／" (normalised to "/")."""
    cells = [c.strip() for c in CELL_SEP.split(text) if c and c.strip()]
    if lang == "ja":
        cells = [p.strip() for c in cells for p in JA_CELL_SEP.split(c) if p.strip()]
    return cells


def _is_heading(line: str, lang: str) -> bool:
    if not line or find_money(line, "USD", lang) or find_days(line):
        return False
    if re.match(r"^[【■◆◇〜~\[]", line) or re.search(r"】$", line):
        return True
    body = strip_bullet(line)
    if "|" in body:
        return False  # "販売業者 | 株式会社テスト" is a key/value row
    if vocab.FREE.search(body) and re.search(r"(?<!\d):(?!\d)\s*\S", body):
        return False  # "本州・四国・九州：送料無料" is a row, not a heading
    if body != line and vocab.FREE.search(body) and vocab.SHIPPING_CUE.search(body) \
            and not vocab.RETURNS_HEADING.search(body) and len(body.split()) >= 4:
        return False  # "- Free ongkir se-Jabodetabek via JNE": a bullet item stating an offer
    if len(split_cells(body, lang)) >= 3 or len(body) > 70 or body.endswith(("?", "?")):
        return False
    if lang == "ja":
        return len(body) <= 25 and not body.endswith("。")
    words = body.split()
    return len(words) <= 8 and not re.search(r"[.!]$", body) or body.endswith(":")


def heading_name(line: str) -> str | None:
    """Method name a heading gives its rows, or None for generic headings ("Delivery options")."""
    body = strip_bullet(re.sub(r"^[【■◆◇〜~\[]+|[】〜~\]:]+$", "", line)).strip()
    body = re.split(r"\s+[—–-]\s+", body)[0]
    if ":" in body:
        left, right = body.split(":", 1)
        left_generic = not re.sub(r"[^\w]|\d", "", vocab.GENERIC_HEADING_WORDS.sub(" ", left))
        body = right.strip() if left_generic and right.strip() else left.strip()
    core = re.sub(r"\([^)]*\)", " ", body)
    leftover = vocab.GENERIC_HEADING_WORDS.sub(" ", core)
    leftover = re.sub(r"[^\w]|\d", " ", leftover).strip()
    if not leftover or len(body) > 50:
        return None
    # "ONGKIR FLAT (per pesanan, berat maks. 2 kg)": a note in parentheses is not part of the name.
    return re.sub(r"\s*\([^)]*[\d,][^)]*\)", "", body).strip(" :")


def _section_of(text: str, current: str | None) -> str | None:
    is_ret = bool(vocab.RETURNS_HEADING.search(text))
    is_ship = bool(vocab.SHIPPING_HEADING.search(text))
    if is_ret and not is_ship:
        return "returns"
    if is_ship and not is_ret:
        return "shipping"
    return None if (is_ret and is_ship) else current


def build_layout(text: str, lang: str) -> Layout:
    """Split normalised text into sentence units carrying their context."""
    layout = Layout()
    section: str | None = None
    block, heading, region_col, question, heading_text = 0, None, False, "", ""
    for line_no, raw in enumerate(text.split("\n")):
        line = raw.strip()
        if not line:
            block, heading, region_col, heading_text = block + 1, None, False, ""
            continue
        body = strip_bullet(line)
        cells = split_cells(body, lang)
        if len(cells) >= 3 and not find_money(body, "USD", lang) and not find_days(body) \
                and not vocab.FREE.search(body) and all(len(c.split()) <= 5 for c in cells):
            region_col = bool(_REGION_HEADER.search(cells[0]))  # table header row
            continue
        if body.endswith(("?", "?")) and len(body) < 120:
            question, section = body, _section_of(body, section)
            continue
        if _is_heading(line, lang):
            block, heading, region_col, heading_text = block + 1, heading_name(line), False, body
            section = _section_of(body, section)
            layout.headings.append((line_no, body))
            continue
        for i, sentence in enumerate(split_sentences(body)):
            layout.units.append(Unit(sentence, line_no, section, block, heading, region_col, question,
                                     i == 0, body, heading_text))
    return layout
