"""Pins the parser's figures on the DEVELOPMENT split of the real policy texts (../shared/policy_real).

The split is fixed in ``bench/policy_split.py``; validation texts are never scored here (they are for
reporting only). Figures may only improve: facts found at least, decoys at most the pinned values.
Scored the way the product compares facts: "needs review" facts (confidence < 0.6) are not compared.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.eval_policy import evaluate
from bench.policy_split import DEVELOPMENT, names_in

import json

POLICY_REAL = Path(__file__).resolve().parents[3] / "shared" / "policy_real"

# field -> (true positives at least, false positives at most) on the development split
SHIPPING_FIELDS = {
    # Round 2 traded 10 development options for precision on unseen stores: options whose delivery time
    # comes from one general estimate shared by different services/destinations, English prose prices
    # without a delivery time and English days-only rows are now "needs review" (was 129, 10); English
    # rates read without a delivery time (119 -> 115); then prefecture names and "以下の地域を除き" as
    # regions (-> 118, 1); English rates without their time are review on every page (-> 116, 1).
    # Round 3: an English "Destination: N days" row is explicit enough to compare (-> 118, 1); so is an
    # order-value tier table row "$30.01 - $60 | $10.50" (-> 123, 1).
    # Round 4: "For Normal Mail (via X), a fee of $2.50" is named "Normal Mail (via X)", so "Normal Mail
    # takes 3 to 5 working days" is its own estimate, not a shared one (-> 125, 1); "untuk wilayah
    # tertentu" is a destination and "no shipping charges if you choose to click and collect" a free
    # pickup (-> 127, 1); "South Island - Economy 3 - 5 Days:" heads the rate row below it (-> 128, 1);
    # "Free ongkir se-Jabodetabek hanya berlaku via JNE" is a free option for that area (-> 129, 1).
    # Round 5: English prose rates of a text stating no delivery time at all are compared (-> 133, 1); a
    # region label in 【】 brackets is the region without them (the decoy of round 4 is right: -> 134, 0).
    # A text whose only option is one delivery time counted from dispatch ("商品発送後およそ1~3日") compares
    # it (-> 136, 0); Japanese leader dots ("…の場合・・・送料サービス") separate label and value (-> 139, 0);
    # a delivery-time sentence under a method heading ("簡易書留" then "到着までに2~3日") is named by it (-> 141, 0);
    # the only delivery time of a text without rates ("Estimasi pengiriman adalah 2-3 hari kerja") is an
    # option (-> 143, 0); "For residents of ON and QC, we offer a discounted shipping rate of $9.95" is a
    # rate for those provinces (-> 145, 0).
    # Round 6: a hedged time by parcel size ("Most small parcels travel overnight") names no rate, so
    # weight-band rates under destination headings are compared with null days, and the whole heading
    # ("NZ North Island - Other than above") is their destination (-> 149, 0); a table flattened by
    # columns (names, then "7 days to process; up to 5 days to deliver" values) pairs name k with value k
    # and reads the delivery clause (-> 152, 0).
    "shipping_option": (152, 0),
    "free_shipping_threshold": (18, 0),
    # A dispatch time read only from "ships"/"dikirim" in a sentence that also speaks of delivery needs
    # review (was 31). Round 4: "dikirim dalam 2-14 hari, tidak termasuk waktu pengiriman" says the time
    # excludes transit, so it is sure (-> 31); "Pengiriman dilakukan ... N hari setelah pelunasan" is sending
    # counted from payment, a dispatch time, and "selambat-lambatnya H+1" is at most one day (-> 33).
    "processing_days": (33, 0),
}
# Returns fields, round 6 (issue 14; the returns side has its own figures in bench.eval_returns).
RETURNS_FIELDS = {
    "returns.accepted": (47, 0), "returns.free_returns": (31, 0), "returns.label_provided": (6, 0),
    "returns.refund_processing_days": (12, 0), "returns.refund_types": (49, 0), "returns.restocking_fee": (5, 0),
    "returns.return_shipping_paid_by": (31, 0), "returns.window_days": (43, 0), "returns.window_starts": (41, 0),
}
FACTS_FOUND_AT_LEAST = 468  # shipping round 6 + returns round 6 (was 460 after both rounds 5; 314 before)
DECOYS_AT_MOST = 0  # both rounds 5 together: no wrong value where the label is null (was 27)


@pytest.fixture(scope="module")
def development_report() -> dict:
    expected = json.loads((POLICY_REAL / "expected.json").read_text(encoding="utf-8"))
    return evaluate(POLICY_REAL, names_in(DEVELOPMENT, expected))


@pytest.mark.parametrize("field", sorted(SHIPPING_FIELDS))
def test_shipping_side_fields_hold_their_figures(development_report, field):
    _assert_pinned(development_report, field, *SHIPPING_FIELDS[field])


@pytest.mark.parametrize("field", sorted(RETURNS_FIELDS))
def test_returns_fields_hold_their_figures(development_report, field):
    _assert_pinned(development_report, field, *RETURNS_FIELDS[field])


def _assert_pinned(report: dict, field: str, tp_min: int, fp_max: int) -> None:
    got = report["per_field"][field]
    assert got["tp"] >= tp_min, f"{field}: {got['tp']} found, pinned {tp_min}"
    assert got["fp"] <= fp_max, f"{field}: {got['fp']} wrong values emitted, pinned at most {fp_max}"


def test_development_totals_hold(development_report):
    assert development_report["texts"] == 101
    assert development_report["facts_found"] >= FACTS_FOUND_AT_LEAST
    assert development_report["decoys_taken"] <= DECOYS_AT_MOST


def test_every_fact_has_evidence_on_real_texts(development_report):
    """The evidence contract holds on real text too: each shipping-side fact has its sentence."""
    from bench.eval_policy import read_text, store_context
    from spiders.pages.policy_text import parse_policy_text

    expected = json.loads((POLICY_REAL / "expected.json").read_text(encoding="utf-8"))
    for name in names_in(DEVELOPMENT, expected):
        facts = parse_policy_text(read_text(POLICY_REAL / name), **store_context(name))
        paths = {f"shipping[{i}]" for i in range(len(facts["shipping"]))}
        paths |= {f for f in ("free_shipping_threshold", "processing_days") if facts[f] is not None}
        assert paths <= set(facts["evidence"]), name
        for path in paths:
            entry = facts["evidence"][path]
            assert entry["text"] and len(entry["text"]) <= 300 and 0 <= entry["confidence"] <= 1, (name, path)
