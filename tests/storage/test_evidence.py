"""Evidence, confidence and "needs review" policy facts; analyst overrides and their suspension."""

from __future__ import annotations

from sqlalchemy import select

from storage import ApplyPolicy
from storage.models import ChangeEvent, Fact, FactOverride
from storage.overrides import confirm_override, override_states
from tests.storage.helpers import crawl, product, register, returns, shipping

SENTENCE = "You can return unused items within 30 days of delivery for a full refund."


def sure(window: int, confidence: float, text_hash: str | None = None, **ev) -> dict:
    item = returns(window)
    item["provenance"] = {"window_days": "text:en:window", "accepted": "text:en:accepted"}
    item["evidence"] = {"window_days": {"text": SENTENCE.replace("30", str(window)), "confidence": confidence}, **ev}
    item["text_hash"] = text_hash
    return item


def current(db, field: str) -> Fact:
    with db.session() as s:
        return s.scalar(select(Fact).where(Fact.field == field, Fact.valid_to.is_(None)))


def events(db, kind: str | None = None) -> list[ChangeEvent]:
    with db.session() as s:
        query = select(ChangeEvent).order_by(ChangeEvent.id)
        return list(s.scalars(query.where(ChangeEvent.kind == kind) if kind else query))


def test_policy_facts_store_sentence_and_confidence_with_rule_defaults(any_db):
    register(any_db)
    crawl(any_db, [sure(30, 0.92), shipping([("Standard", "10000", 2, 3)], threshold="300000"), product("A", "5")])
    window = current(any_db, "window_days")
    assert (window.evidence, window.confidence, window.status) == (SENTENCE, 0.92, "ok")
    accepted = current(any_db, "accepted")  # text rule, no stated confidence: the text default
    assert (accepted.evidence, accepted.confidence, accepted.status) == (None, 0.7, "ok")
    threshold = current(any_db, "free_shipping_threshold")  # no provenance (structured / by hand): 1.0
    assert (threshold.confidence, threshold.status) == (1.0, "ok")
    assert current(any_db, "price").confidence is None  # product facts carry no policy confidence


def test_low_confidence_fact_is_needs_review_and_never_compared(any_db):
    register(any_db)
    crawl(any_db, [sure(30, 0.95)])
    crawl(any_db, [sure(14, 0.4)])  # an unsure reading of a different window: stored, not compared
    fact = current(any_db, "window_days")
    assert (fact.value, fact.status, fact.confidence) == ("14", "needs_review", 0.4)
    assert events(any_db) == []
    crawl(any_db, [sure(7, 0.3)])
    assert events(any_db) == []
    crawl(any_db, [sure(14, 0.9)])  # read for sure: compared with the last sure value (30)
    [event] = events(any_db)
    assert (event.field, event.old_value, event.new_value) == ("window_days", "30", "14")
    assert current(any_db, "window_days").status == "ok"


def test_change_first_read_unsure_counts_once_read_for_sure(any_db):
    register(any_db)
    crawl(any_db, [sure(30, 0.95)], policy=ApplyPolicy(confirm_runs=2))
    crawl(any_db, [sure(14, 0.4)], policy=ApplyPolicy(confirm_runs=2))
    for _ in range(2):  # the same value, now read for sure: compared with 30, confirmed after 2 runs
        assert events(any_db) == []
        crawl(any_db, [sure(14, 0.9)], policy=ApplyPolicy(confirm_runs=2))
    [event] = events(any_db)
    assert (event.old_value, event.new_value) == ("30", "14")
    fact = current(any_db, "window_days")
    assert (fact.value, fact.status, fact.confidence) == ("14", "ok", 0.9)
    crawl(any_db, [sure(14, 0.9)], policy=ApplyPolicy(confirm_runs=2))
    assert len(events(any_db)) == 1


def test_unsure_reading_of_the_same_value_keeps_it_confirmed(any_db):
    register(any_db)
    crawl(any_db, [sure(30, 0.95)])
    crawl(any_db, [sure(30, 0.2)])
    assert current(any_db, "window_days").status == "ok"
    crawl(any_db, [sure(30, 0.95)])
    assert events(any_db) == []


def test_unsure_fact_is_left_out_of_the_benchmark(any_db):
    from storage.queries import benchmark

    register(any_db)
    crawl(any_db, [sure(30, 0.4)])
    row = benchmark(any_db).iloc[0]
    assert row["return_window_days"] is None and row["returns_accepted"] == "any"


def test_threshold_is_configurable(any_db):
    register(any_db)
    crawl(any_db, [sure(30, 0.5)], policy=ApplyPolicy(confidence_threshold=0.4))
    assert current(any_db, "window_days").status == "ok"


def test_unsure_option_added_or_removed_raises_nothing(any_db):
    register(any_db)
    crawl(any_db, [shipping([("Standard", "10000", 2, 3)])])
    item = shipping([("Standard", "10000", 2, 3), ("Express", "30000", 1, 1)])
    item["options"][1]["evidence"] = {"text": "Express | 30.000 | 1 hari", "confidence": 0.3}
    crawl(any_db, [item])
    assert events(any_db) == []
    with any_db.session() as s:
        statuses = set(s.scalars(select(Fact.status).where(Fact.subject_key == "express")))
    assert statuses == {"needs_review"}
    for _ in range(3):
        crawl(any_db, [shipping([("Standard", "10000", 2, 3)])], policy=ApplyPolicy(remove_after_runs=3))
    assert events(any_db) == []


OVERRIDE = ApplyPolicy(overrides=(("returns.window_days", "14"),))


def test_override_replaces_value_without_a_change_then_suspends_once_on_new_wording(any_db):
    register(any_db)
    crawl(any_db, [sure(30, 0.95, text_hash="a" * 64)])
    crawl(any_db, [sure(30, 0.95, text_hash="a" * 64)], policy=OVERRIDE)
    fact = current(any_db, "window_days")
    assert (fact.value, fact.status, fact.provenance) == ("14", "override", "override:config")
    assert "extracted: 30" in fact.evidence
    crawl(any_db, [sure(30, 0.95, text_hash="a" * 64)], policy=OVERRIDE)
    assert [e for e in events(any_db) if e.subject_type != "policy_text"] == []
    for _ in range(2):  # new wording, twice: suspended once, the extracted value is used
        crawl(any_db, [sure(30, 0.95, text_hash="b" * 64)], policy=OVERRIDE)
    [recheck] = events(any_db, "recheck")
    assert recheck.subject_key == "returns.window_days" and "rivalwatch overrides confirm rival" in recheck.summary
    assert [e.field for e in events(any_db, "changed")] == ["text_hash"]  # wording only, no window change
    fact = current(any_db, "window_days")
    assert (fact.value, fact.status) == ("30", "ok")
    assert [o["status"] for o in override_states(any_db, "rival")] == ["suspended"]
    assert confirm_override(any_db, "rival", "returns.window_days")
    crawl(any_db, [sure(30, 0.95, text_hash="b" * 64)], policy=OVERRIDE)
    assert current(any_db, "window_days").value == "14"
    assert len(events(any_db, "recheck")) == 1


def test_removed_override_gives_way_to_the_extracted_value(any_db):
    register(any_db)
    crawl(any_db, [sure(30, 0.95, text_hash="a" * 64)], policy=OVERRIDE)
    assert current(any_db, "window_days").value == "14"
    crawl(any_db, [sure(30, 0.95, text_hash="a" * 64)])
    assert current(any_db, "window_days").value == "30"
    with any_db.session() as s:
        assert s.scalars(select(FactOverride)).all() == []
    assert [e for e in events(any_db)] == []


def test_overrides_cli_lists_and_confirms(sqlite_db):
    from typer.testing import CliRunner

    from rivalwatch.cli import app

    register(sqlite_db)
    crawl(sqlite_db, [sure(30, 0.95, text_hash="a" * 64)], policy=OVERRIDE)
    crawl(sqlite_db, [sure(30, 0.95, text_hash="b" * 64)], policy=OVERRIDE)
    runner, url = CliRunner(), str(sqlite_db.url)
    listed = runner.invoke(app, ["overrides", "list", "--database-url", url])
    assert listed.exit_code == 0 and "returns.window_days" in listed.output and "suspended" in listed.output
    unknown = runner.invoke(app, ["overrides", "confirm", "rival", "returns.accepted", "--database-url", url])
    assert unknown.exit_code == 1 and "no override returns.accepted recorded" in unknown.output
    done = runner.invoke(app, ["overrides", "confirm", "rival", "returns.window_days", "--database-url", url])
    assert done.exit_code == 0
    assert [o["status"] for o in override_states(sqlite_db, "rival")] == ["active"]
