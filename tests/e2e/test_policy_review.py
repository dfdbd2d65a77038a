"""End to end: crawls of a local fake store (``scrapy crawl``) into a real SQLite database.

- a fact the parser is unsure of is stored as "needs review" with its sentence, and a change in it
  raises no change event and no alert;
- an analyst override replaces the extracted value without a false change; when the page's wording
  changes it is suspended and exactly one re-check alert is planned across two further crawls;
- ``rivalwatch try`` shows the unsure fact as needing review, with its sentence.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from rivalwatch.alerts.planner import plan_alerts
from core.config import load_config_dir
from storage import Database, upgrade
from storage.models import AlertDelivery, ChangeEvent, Fact
from tests.fakes.policy_store import PolicyStore, page

REPO = Path(__file__).resolve().parents[2]
SETTINGS = "channels:\n  - name: hook\n    url: json://127.0.0.1:9/unused\nallow_private_targets: true\n"
SHIPPING = page("Shipping", "Standard shipping: $4.95, 3-5 business days.", "Free standard shipping on orders of $50 or more.")
RETURNS = page("Returns", "You can return unused items within 30 days of delivery for a full refund.",
               "Return shipping is paid by the customer.")


class Crawls:
    """Crawl the store with ``scrapy crawl`` (parser confidence set per fact) and plan alerts after each."""

    def __init__(self, tmp_path: Path, store: PolicyStore):
        self.store, self.dir = store, tmp_path / "config"
        self.dir.mkdir()
        self.configure()
        (self.dir / "rivalwatch.yaml").write_text(SETTINGS, encoding="utf-8")
        self.url = f"sqlite:///{tmp_path / 'rw.sqlite'}"
        self.db = Database.connect(self.url)
        upgrade(self.db)

    def configure(self, overrides: dict | None = None) -> None:
        (self.dir / "rival.yaml").write_text(self.store.config_yaml(overrides=overrides), encoding="utf-8")

    def crawl(self, confidence: dict[str, float] | None = None) -> None:
        cmd = [sys.executable, "-m", "tests.e2e.evidence_patch", "crawl", "store", "-a", "store=rival",
               "-a", f"config={self.dir}", "-s", f"RIVALWATCH_DATABASE_URL={self.url}", "-s", "LOG_LEVEL=WARNING"]
        env = {**os.environ, "RIVALWATCH_TEST_CONFIDENCE": json.dumps(confidence or {}),
               "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
        result = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr[-3000:]
        plan_alerts(self.db, load_config_dir(self.dir))

    def fact(self, field: str) -> Fact:
        with self.db.session() as s:
            return s.scalar(select(Fact).where(Fact.field == field, Fact.valid_to.is_(None)))

    def events(self, *kinds: str) -> list[ChangeEvent]:
        with self.db.session() as s:
            return list(s.scalars(select(ChangeEvent).where(ChangeEvent.kind.in_(kinds)).order_by(ChangeEvent.id)))

    def delivered(self) -> list[tuple[str, str]]:
        """(event kind, field) of every planned alert delivery."""
        with self.db.session() as s:
            return [tuple(r) for r in s.execute(select(ChangeEvent.kind, ChangeEvent.field)
                                                .join(AlertDelivery, AlertDelivery.event_id == ChangeEvent.id))]


@pytest.fixture
def crawls(tmp_path):
    with PolicyStore(SHIPPING, RETURNS) as store:
        yield Crawls(tmp_path, store)


def test_unsure_fact_is_stored_for_review_and_its_change_raises_nothing(crawls):
    unsure = {"returns.window_days": 0.3}
    crawls.crawl(unsure)
    window = crawls.fact("window_days")
    assert (window.value, window.status, window.confidence) == ("30", "needs_review", 0.3)
    assert "within 30 days of delivery" in window.evidence
    assert crawls.fact("return_shipping_paid_by").status == "ok"  # the rest of the page is trusted

    crawls.store.returns_html = RETURNS.replace("30 days", "14 days")
    crawls.crawl(unsure)
    window = crawls.fact("window_days")
    assert (window.value, window.status) == ("14", "needs_review") and "within 14 days" in window.evidence
    assert [e.field for e in crawls.events("changed", "added", "removed")] == ["text_hash"]  # wording only
    assert crawls.delivered() == []  # no alert: the returns rule never sees an unsure fact


def test_override_holds_without_false_change_and_wording_change_asks_once_to_recheck(crawls):
    crawls.crawl()
    assert json.loads(crawls.fact("free_shipping_threshold").value)["amount"] == "50"

    crawls.configure(overrides={"shipping.free_shipping_threshold": 75, "returns.window_days": 14})
    for _ in range(2):
        crawls.crawl()
    threshold = crawls.fact("free_shipping_threshold")
    assert (json.loads(threshold.value)["amount"], threshold.status) == ("75", "override")
    assert (crawls.fact("window_days").value, crawls.fact("window_days").status) == ("14", "override")
    assert crawls.events("changed", "added", "removed", "recheck") == [] and crawls.delivered() == []

    crawls.store.shipping_html = SHIPPING.replace("$50", "$60")
    for _ in range(2):  # two further crawls of the new wording
        crawls.crawl()
    [recheck] = crawls.events("recheck")
    assert recheck.subject_key == "shipping.free_shipping_threshold"
    assert crawls.delivered() == [("recheck", "free_shipping_threshold")]  # one operator alert, once
    threshold = crawls.fact("free_shipping_threshold")  # the extracted value is used again, not compared
    assert (json.loads(threshold.value)["amount"], threshold.status) == ("60", "ok")
    assert [e.field for e in crawls.events("changed")] == ["text_hash"]
    assert crawls.fact("window_days").value == "14"  # the returns page did not change: its override holds


def test_try_marks_the_unsure_fact_with_its_sentence(crawls, monkeypatch):
    import spiders.pages.policy_text as policy_text
    from spiders.preview import preview_url
    from tests.e2e.evidence_patch import install

    monkeypatch.setattr(policy_text, "parse_policy_text", policy_text.parse_policy_text)  # restored afterwards
    install({"returns.window_days": 0.3})
    result = preview_url(f"{crawls.store.base_url}/returns", allow_private=True)
    rows = {row["fact"]: row for row in result.review}
    assert rows["returns.window_days"]["needs_review"] is True
    assert "within 30 days" in rows["returns.window_days"]["evidence"]
    assert rows["returns.return_shipping_paid_by"]["needs_review"] is False

    from typer.testing import CliRunner

    from rivalwatch.cli import app

    shown = CliRunner().invoke(app, ["try", f"{crawls.store.base_url}/returns", "--allow-private"])
    assert shown.exit_code == 0, shown.output
    line = next(li for li in shown.output.splitlines() if "returns.window_days" in li)
    assert "0.30" in line and "NEEDS REVIEW" in line
    assert "from: \u201cYou can return unused items within 30 days" in shown.output
