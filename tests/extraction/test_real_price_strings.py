"""Our price-text reader (``spiders.pages.money.parse_price_text``: price-parser plus the currency's own
separators) against the 1,051 real price strings of price-parser's test tables
(``../shared/realworld/price_strings``, "collected from a random sample of pages from different domains"):
the currency layer on top must never break a string price-parser reads right. The 134 rows upstream
marks as expected failures are left out."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from spiders.pages.money import parse_price_text

EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "realworld" / "price_strings" / "price_parser_examples.jsonl"


def _rows() -> list[dict]:
    if not EXAMPLES.exists():
        pytest.fail(f"{EXAMPLES} is missing: the shared real-world data sits beside the repository")
    return [row for row in map(json.loads, EXAMPLES.read_text(encoding="utf-8").splitlines()) if not row["xfail"]]


def test_every_real_price_string_is_read_as_labelled():
    rows = _rows()
    assert len(rows) == 1051
    wrong = []
    for row in rows:
        expected = None if row["expected_amount"] in (None, "None") else Decimal(row["expected_amount"])
        amount, _ = parse_price_text(row["price_raw"], decimal_separator=row.get("decimal_separator"))
        if amount != expected:
            wrong.append(f"{row['price_raw']!r}: {amount} (labelled {expected})")
    assert not wrong, "\n".join(wrong[:20])
