"""The "Needs review" sections of the Shipping and Returns pages, on a database built through the
storage write API (a low-confidence option and window, an override, a suspended override)."""

from __future__ import annotations

from storage import ApplyPolicy, Database, upgrade
from tests.storage.helpers import crawl, register, returns, shipping


def _database(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'review.sqlite'}"
    db = Database.connect(url)
    upgrade(db)
    register(db)
    ship = shipping([("Standard", "10000", 2, 3), ("Kilat", "30000", 1, 1)], threshold="300000")
    ship["options"][1]["evidence"] = {"text": "Kilat | Rp30.000 | 1 hari", "confidence": 0.35}
    ship["text_hash"] = "a" * 64
    ret = returns(30)
    ret["evidence"] = {"window_days": {"text": "Retur dalam 30 hari setelah barang diterima.", "confidence": 0.4}}
    ret["text_hash"] = "c" * 64
    policy = ApplyPolicy(overrides=(("shipping.processing_days", '{"max":2,"min":1}'),
                                    ("shipping.free_shipping_threshold", '{"amount":"250000","currency":"IDR"}')))
    crawl(db, [ship, ret], policy=policy)
    ship["text_hash"] = "b" * 64  # new wording: both shipping overrides are suspended
    crawl(db, [ship, ret], policy=ApplyPolicy(overrides=policy.overrides[1:]))
    db.dispose()
    return url


def _frame(at, column: str):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def test_shipping_page_lists_unsure_option_and_suspended_override(open_app, tmp_path):
    at = open_app(_database(tmp_path), "shipping")
    assert "Needs review" in [h.value for h in at.subheader]
    review = _frame(at, "Sentence")
    assert list(review["Status"]) == ["needs review"] * len(review)  # the suspended override no longer applies
    assert "Kilat | Rp30.000 | 1 hari" in set(review["Sentence"]) and set(review["Confidence"]) == {"0.35"}
    suspended = _frame(at, "Override")
    assert list(suspended["Override"]) == ["shipping.free_shipping_threshold"]


def test_returns_page_lists_unsure_window_with_its_sentence(open_app, tmp_path):
    at = open_app(_database(tmp_path), "returns")
    review = _frame(at, "Sentence")
    row = review[review["Field"] == "return window (days)"].iloc[0]
    assert (row["Value"], row["Confidence"], row["Status"]) == ("30 days", "0.40", "needs review")
    assert row["Sentence"] == "Retur dalam 30 hari setelah barang diterima."


def test_try_box_lists_confidence_and_sentence_of_policy_facts(open_app, monkeypatch, tmp_path):
    from spiders import preview

    review = [{"fact": "returns.window_days", "value": "30", "confidence": 0.3, "needs_review": True,
               "evidence": "<b>Retur</b> dalam 30 hari"}]
    monkeypatch.setattr(preview, "preview_url", lambda url, **kw: preview.PreviewResult(
        ok=True, url=url, final_url=url, status=200, kind="returns", fields=[("window_days", 30, "text:id:window")],
        review=review))
    at = open_app(_database(tmp_path), "sources")
    at.text_input(key="try-url").input("https://shop.example/retur")
    next(b for b in at.button if b.label == "Preview").click().run()
    assert not at.exception
    shown = _frame(at, "Needs review")
    assert shown.iloc[0].to_dict() == {"Fact": "returns.window_days", "Value": "30", "Confidence": "0.30",
                                       "Needs review": "yes", "Sentence": "<b>Retur</b> dalam 30 hari"}
