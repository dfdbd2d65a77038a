"""Pure shaping helpers: staleness against a cron schedule, policy wording diffs, safe links."""

from __future__ import annotations

from datetime import datetime, timezone

from dashboard import shaping

UTC = timezone.utc


def test_staleness_follows_the_cron_schedule():
    last = datetime(2026, 11, 1, 6, 5, tzinfo=UTC)
    verdict, due = shaping.staleness("0 6 * * *", "UTC", last, datetime(2026, 11, 2, 7, 0, tzinfo=UTC))
    assert (verdict, due) == ("fresh", datetime(2026, 11, 2, 6, 0, tzinfo=UTC))
    verdict, _ = shaping.staleness("0 6 * * *", "UTC", last, datetime(2026, 11, 2, 8, 30, tzinfo=UTC))
    assert verdict.startswith("stale: crawl due 2026-11-02 06:00")
    # 06:00 in Jakarta is 23:00 UTC the day before.
    _, due = shaping.staleness("0 6 * * *", "Asia/Jakarta", last, datetime(2026, 11, 2, 0, 0, tzinfo=UTC))
    assert due.astimezone(UTC) == datetime(2026, 11, 1, 23, 0, tzinfo=UTC)
    assert shaping.staleness("0 6 * * *", "UTC", None, last)[0] == "never crawled successfully"
    assert shaping.staleness("not cron", "UTC", last, last)[0].startswith("cannot read schedule")


def test_policy_diff_lines_side_by_side():
    diff = shaping.policy_diff("Returns within 30 days.\nBuyer pays.\n<b>bold</b>", "Returns within 14 days.\n<b>bold</b>")
    assert list(diff["Change"]) == ["changed", "removed", ""]
    assert diff.iloc[0]["Old wording"] == "Returns within 30 days." and diff.iloc[0]["New wording"] == "Returns within 14 days."
    assert diff.iloc[2]["New wording"] == "<b>bold</b>"  # kept as literal text
    assert shaping.policy_diff(None, "a").iloc[0]["Change"] == "added"


def test_safe_link_keeps_only_http():
    assert shaping.safe_link("http://127.0.0.1:8000/p") == "http://127.0.0.1:8000/p"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "https://", "http://a b", None):
        assert shaping.safe_link(bad) is None


def test_matched_prices_are_numbers_in_the_csv_and_money_on_screen():
    from decimal import Decimal

    import pandas as pd

    from dashboard.components import readable
    from dashboard.data import csv_bytes

    matches = pd.DataFrame({
        "own_id": [1, 1], "own_title": ["Kopi", "Kopi"], "brand": ["Gayo", "Gayo"], "store": ["a", "b"],
        "store_name": ["A", "B"], "title": ["Kopi A", "Kopi B"], "how": ["GTIN", "GTIN"],
        "own_price": [Decimal("88000"), Decimal("88000")], "own_currency": ["IDR", "IDR"],
        "price": [Decimal("84000"), Decimal("150000")], "currency": ["IDR", "IDR"],
        "url": ["https://a.example/p", "javascript:alert(1)"],
    })
    shown, raw = readable(shaping.match_rows(matches), "UTC", ("Link",), shaping.MATCH_MONEY)
    assert list(shown["Their price"]) == ["Rp 84.000", "Rp 150.000"] and "Their currency" not in shown
    csv = csv_bytes(raw).decode().splitlines()
    header = csv[0].split(",")
    first = dict(zip(header, csv[1].split(",")))
    assert (first["Their price"], first["Their currency"], first["Our price"]) == ("84000", "IDR", "88000")

    shown, raw = readable(shaping.price_positions(matches).drop(columns=["own_id"]), "UTC", (),
                          shaping.POSITION_MONEY)
    row = shown.iloc[0]
    assert (row["Cheapest competitor"], row["Cheapest price"], row["Dearest price"]) == ("A", "Rp 84.000", "Rp 150.000")
    assert row["We are"] == "in between" and "Currency" not in shown and raw.iloc[0]["Currency"] == "IDR"
