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
