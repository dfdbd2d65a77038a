"""What the policy-text class tests share: our own fixture texts, parsing one, and the options a
crawl would compare (confidence at or above the needs-review threshold)."""

from __future__ import annotations

from pathlib import Path

from spiders.pages.policy_text import parse_policy_text

FIXTURES = Path(__file__).resolve().parent / "policy_fixtures"
REVIEW_BELOW = 0.6  # the default confidence_threshold: below it a fact is "needs review"


def parse_fixture(name: str, **store) -> dict:
    """``parse_policy_text`` of ``policy_fixtures/<name>`` with the store's ``currency`` / ``country``."""
    return parse_policy_text((FIXTURES / name).read_text(encoding="utf-8"), **store)


def sure_options(facts: dict) -> list[dict]:
    """The shipping options sure enough to be compared for change events."""
    return [o for i, o in enumerate(facts["shipping"])
            if facts["evidence"][f"shipping[{i}]"]["confidence"] >= REVIEW_BELOW]
