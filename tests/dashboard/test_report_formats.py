"""``core.reports.render``: the CLI's table / json / csv output and the dashboard's CSV downloads."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from decimal import Decimal

import pandas as pd
import pytest

from core.reports import render

WHEN = datetime(2026, 11, 8, 6, 0, tzinfo=timezone.utc)


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {"store": ["rival-a", "rival-b"], "price": [Decimal("12000.50"), None], "own": [False, True],
         "title": ["=HYPERLINK(\"http://evil\")", "Kopi\x1b[31m red"], "magnitude": [Decimal("-5.56"), Decimal("33.33")],
         "at": [WHEN, pd.NaT]},
        dtype=object,
    )


def test_table_is_aligned_plain_text(frame):
    lines = render(frame[["store", "price", "own"]], "table", width=80).splitlines()
    assert lines[0].split() == ["store", "price", "own"]
    assert lines[2].split() == ["rival-a", "12000.50", "no"]
    assert lines[3].split() == ["rival-b", "yes"]  # unknown price is blank
    assert lines[2].index("12000.50") + len("12000.50") == lines[0].index("price") + len("price")  # right-aligned


def test_table_neutralises_terminal_escapes(frame):
    text = render(frame, "table", width=200)
    assert "\x1b" not in text and "Kopi?[31m red" in text
    assert "2026-11-08 06:00" in text


def test_wide_table_turns_sideways_then_into_records(frame):
    sideways = render(frame, "table", width=60).splitlines()
    assert sideways[0].split() == ["rival-a", "rival-b"] and sideways[3].split()[:2] == ["price", "12000.50"]
    records = render(pd.concat([frame] * 5), "table", width=60)
    assert records.startswith("-[ record 1 ]") and "store     | rival-a" in records


def test_json_records_keep_decimals_as_strings(frame):
    records = json.loads(render(frame, "json"))
    assert records[0]["price"] == "12000.50" and records[0]["magnitude"] == "-5.56"
    assert records[0]["at"] == "2026-11-08T06:00:00+00:00" and records[1]["at"] is None
    assert records[1]["price"] is None and records[1]["own"] is True


def test_csv_defuses_formulas_in_text_only(frame):
    lines = render(frame, "csv").splitlines()
    assert lines[0] == "store,price,own,title,magnitude,at"
    assert lines[1].startswith("rival-a,12000.50,false,\"'=HYPERLINK(\"\"http://evil\"\")\",-5.56,")


def test_empty_frames_and_unknown_format():
    empty = pd.DataFrame(columns=["store"])
    assert render(empty, "table") == "(no rows)\n" and render(empty, "json") == "[]\n" and render(empty, "csv") == "store\n"
    with pytest.raises(ValueError, match="table, json, csv"):
        render(empty, "xml")
