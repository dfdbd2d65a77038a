"""Where we lose / where we win on the sample benchmark: our value beside the best competitor's, in
words from our side, worst gaps first; the levels × stores grid with better/worse-than-us marks; the
CLI table and the CSV (numbers stay numbers, markers in their own columns)."""

from __future__ import annotations

import csv
import io

import pytest

from core.reports import render
from storage import Database, standing
from storage.queries import benchmark
from tests.dashboard.sample_db import build_sample_db


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    url = build_sample_db(tmp_path_factory.mktemp("standing") / "sample.sqlite")
    db = Database.connect(url)
    yield benchmark(db)
    db.dispose()


def test_losses_come_first_worst_gap_first_and_read_from_our_side(bench):
    items = standing.standings(bench)
    outcomes = [i["outcome"] for i in items]
    assert outcomes == sorted(outcomes, key=["lose", "tie", "win", "unknown"].index)
    losses = [i for i in items if i["outcome"] == "lose"]
    assert [i["gap"] for i in losses] == sorted((i["gap"] for i in losses), reverse=True)
    by_level = {i["level"]: i for i in items}
    assert by_level["return_window"]["sentence"] == \
        "Rival A takes returns for 30 days from delivery; we take returns for 7 days from delivery"
    assert by_level["fastest_shipping"]["sentence"] == "Rival A delivers same day; we deliver in 1 day"
    assert by_level["cheapest_shipping"]["sentence"].startswith("Rival A ships from Rp 12.000")
    assert by_level["price_index"]["sentence"] == "Rival A is 5.0% cheaper than us on 2 matched products"
    assert by_level["refund_speed"]["outcome"] == "unknown"  # unknowns never count as a loss or a win


def test_marks_say_better_or_worse_than_us_per_level_and_store(bench):
    marks = standing.marks(bench)
    assert marks.at["cheapest_shipping", "rival-a"] == "better"  # their 12,000 beats our 15,000
    assert marks.at["cheapest_shipping", "rival-b"] == "worse"
    assert marks["tokoku"].isna().all()  # nothing is marked on our own column
    table = standing.level_table(bench)
    assert list(table.columns) == ["Service level", "Tokoku (us)", "Rival A", "Rival B"]
    row = table.set_index("Service level").loc["Cheapest shipping"]
    assert row["Rival A"].startswith("Rp 12.000") and row["Rival A"].endswith("(better than us)")


def test_cli_table_and_csv(bench):
    text = render(standing.level_table(bench), "table", width=10_000)
    assert "ship_cheapest" not in text and "None" not in text and "Free shipping from" in text
    rows = list(csv.DictReader(io.StringIO(render(standing.csv_frame(bench), "csv"))))
    rival_a = next(r for r in rows if r["store"] == "rival-a")
    assert float(rival_a["ship_cheapest_price"]) == 12000  # a number, not "12,000 IDR  ▲ worse"
    assert rival_a["cheapest_shipping_vs_us"] == "better"
