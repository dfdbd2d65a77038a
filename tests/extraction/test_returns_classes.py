"""Returns facts by failure class (issue 14), evidence for every fact, and the development-split figures.

The fixture texts in ``policy_fixtures/returns_*.txt`` were written for these tests (EN / ID / JA),
one or more per class: who pays incl. conditional (4), defect-only (5), nearby numbers that are not
the window (6), platform template texts (7), fee wording (8). The real-store corpus is read from
``../shared/policy_real`` (never copied); only its development split is pinned here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.eval_returns import names_of, score
from bench.policy_split import DEVELOPMENT
from spiders.pages.policy_text import parse_policy_text

FIXTURES = Path(__file__).resolve().parent / "policy_fixtures"

_NONE = {"window_days": None, "window_starts": None, "accepted": None, "return_shipping_paid_by": None,
         "free_returns": None, "refund_types": [], "restocking_fee": None, "label_provided": None,
         "refund_processing_days": None}


def _facts(**stated) -> dict:
    return {**_NONE, **stated}


EXPECTED = {
    # class 4 + 6: conditional payer; "within 30 days of delivery for a full refund" is the window,
    # and the window's 30 is not the refund time
    "returns_en_payer_unless_defect.txt": _facts(
        window_days=30, window_starts="delivery", accepted="any", return_shipping_paid_by="depends",
        free_returns=False, refund_types=["money"], refund_processing_days={"min": 5, "max": 7}),
    # class 4 + 5 + 6: "tidak dapat dikembalikan kecuali terdapat cacat", 2x24 jam window, processing 3-10 hari
    "returns_id_payer_defect_only.txt": _facts(
        window_days=2, window_starts="delivery", accepted="defect_only", return_shipping_paid_by="depends",
        free_returns=False, refund_types=["exchange"]),
    # class 5: お客様のご都合による返品はお受けできません / 品質上の問題があった場合に限り; 着払い = merchant pays
    "returns_ja_defect_only_chakubarai.txt": _facts(
        window_days=7, window_starts="delivery", accepted="defect_only", return_shipping_paid_by="merchant",
        free_returns=True, refund_types=["money", "exchange"]),
    # class 5: a refusal followed by "ただし、商品に欠陥がある場合は…" is defect-only; 振込手数料は当店負担
    # is the refund's bank fee, not return shipping
    "returns_ja_exception_and_transfer_fee.txt": _facts(
        window_days=3, window_starts="delivery", accepted="defect_only", refund_types=["money"]),
    # class 4 + 5: customer pays, merchant's label only for defects = depends; "No refunds" refuses money,
    # not returns (exchange-only is "any")
    "returns_en_label_if_defective.txt": _facts(
        window_days=21, window_starts="purchase", accepted="any", return_shipping_paid_by="depends",
        free_returns=False, refund_types=["exchange"], label_provided=True),
    # class 5 + 4: "tidak menerima retur dengan alasan apapun kecuali barang cacat" is defect-only, and the
    # merchant paying for defects is then every return (merchant)
    "returns_id_except_our_fault.txt": _facts(
        accepted="defect_only", return_shipping_paid_by="merchant", free_returns=True, refund_types=["exchange"]),
    # class 4: お客様のご負担
    "returns_ja_customer_pays.txt": _facts(
        window_days=8, window_starts="delivery", accepted="any", return_shipping_paid_by="customer",
        free_returns=False, refund_types=["money"], refund_processing_days={"min": 0, "max": 3}),
    # class 7: "can't offer a full refund or exchange" after 30 days is the window, not "accepted none"
    "returns_en_shopify_template.txt": _facts(
        window_days=30, window_starts="delivery", accepted="any", refund_types=["money"],
        refund_processing_days={"min": 0, "max": 10}),
    "returns_id_template_translation.txt": _facts(window_days=30, window_starts="purchase", accepted="any"),
    # class 7 + 4: BigCommerce default wording: "we'll pay return shipping if it is our error" = depends
    "returns_en_bigcommerce_template.txt": _facts(
        window_days=60, window_starts="delivery", accepted="any", return_shipping_paid_by="depends",
        free_returns=False, refund_types=["money"], refund_processing_days={"min": 0, "max": 21}),
    # class 8: fee wording variants
    "returns_en_restock_variants.txt": _facts(
        window_days=14, window_starts="purchase", accepted="any", return_shipping_paid_by="customer",
        free_returns=False, restocking_fee={"percent": 15}, label_provided=False),
    "returns_id_restock_floor.txt": _facts(
        window_days=7, window_starts="delivery", accepted="any", refund_types=["money"],
        restocking_fee={"percent": 10}, refund_processing_days={"min": 3, "max": 5}),
    # a real refusal stays "none"; "ship within 2 business days" is not a window
    "returns_en_no_returns_final.txt": _facts(accepted="none"),
    # class 4 + 6 in a 特定商取引法 table: payment deadline, dispatch time and the refund row's
    # "10日以内にお振込み" are not the window; お客様都合はお客様負担、不良品は当社負担 = depends
    "returns_ja_tokushoho_rows.txt": _facts(
        window_days=8, window_starts="delivery", accepted="any", return_shipping_paid_by="depends",
        free_returns=False, refund_types=["money"], refund_processing_days={"min": 0, "max": 10}),
    # class 6: a cancellation deadline (EN / JA) is not the return window, its refund not a refund type
    "returns_en_cancel_not_window.txt": _facts(
        window_days=14, window_starts="delivery", accepted="any", return_shipping_paid_by="customer",
        free_returns=False),
    # class 4: the free shipment of the replacement is not return shipping
    "returns_en_exchange_shipping.txt": _facts(
        window_days=10, window_starts="delivery", accepted="any", return_shipping_paid_by="customer",
        free_returns=False, refund_types=["exchange"]),
    # class 6: reply time "1x24 jam" and dispatch "2x24 jam" are not the window
    "returns_id_reply_not_window.txt": _facts(window_days=3, window_starts="delivery", accepted="any"),
}


def test_refunds_of_shipping_differences_are_not_a_returns_policy():
    text = (FIXTURES / "returns_shipping_refund_decoys.txt").read_text(encoding="utf-8")
    assert parse_policy_text(text)["returns"] is None


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_returns_class_fixture(name):
    got = parse_policy_text((FIXTURES / name).read_text(encoding="utf-8"))["returns"]
    assert {**got, "refund_types": sorted(got["refund_types"])} == {
        **EXPECTED[name], "refund_types": sorted(EXPECTED[name]["refund_types"])}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_returns_fact_has_its_sentence_and_a_confidence(name):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    result = parse_policy_text(text)
    emitted = {f"returns.{k}" for k, v in result["returns"].items() if v not in (None, [])}
    evidence = {k: v for k, v in result["evidence"].items() if k.startswith("returns.")}
    assert set(evidence) == emitted
    flat = " ".join(text.split())
    for key, ev in evidence.items():
        assert set(ev) == {"text", "confidence"} and 0.0 <= ev["confidence"] <= 1.0, key
        assert 0 < len(ev["text"]) <= 300 and ev["text"] == ev["text"].strip(), key
        assert all(part.split()[0] in flat for part in ev["text"].split(" / ")), key


@pytest.mark.parametrize("name, template", [
    ("returns_en_shopify_template.txt", "shopify"), ("returns_en_bigcommerce_template.txt", "bigcommerce"),
    ("returns_id_template_translation.txt", "shopify-legacy"),
])
def test_platform_templates_are_recognised(name, template):
    result = parse_policy_text((FIXTURES / name).read_text(encoding="utf-8"))
    assert result["provenance"]["returns.accepted"].endswith(f":template-{template}")
    assert result["evidence"]["returns.accepted"]["confidence"] == 0.9


def test_no_returns_text_gives_no_returns_evidence():
    result = parse_policy_text("Standard shipping: $5.00 (3-5 business days).")
    assert result["returns"] is None and not any(k.startswith("returns.") for k in result["evidence"])


def test_development_split_returns_figures():
    """Pinned development-split figures (tuned on development only); they may only get better."""
    corpus, names = names_of(DEVELOPMENT)
    report = score(corpus, names)
    total = report["counts"]["all|*"]
    assert total["tp"] + total["fn"] == 298
    # 249 -> 248 (round 2): refund types named with no return policy around them (no window, acceptance
    # or payer) are "needs review" — one development text loses its set, validation loses 3 wrong sets.
    # 248 -> 247: a refund time needs a refund word next to it and two different refund times abstain
    # (development: refund days 12 right / 2 wrong -> 11 / 0; validation wrong 3 -> 1).
    # back to 248 with labels offered in other words ("provide you with a ... post pack").
    # 250 / 9 with policy titles that list every remedy read as titles and "point credits" as store credit.
    # 252 with an eligibility lead-in ("dapat digunakan apabila:") followed by defect rows only = defect-only.
    # 252 -> 250 / 8 -> 5 (round 4, a deliberate trade): refund words count as a return policy only
    # beside a window, acceptance or payer that is itself compared (>= 0.6); beside review-level facts
    # only, development was 2 right / 2 wrong sets (a coin flip), so such sets are now needs review.
    # 250 / 5 -> 264 / 0 (round 5, recall): statements in short lines the layout reads as headings (payer
    # rows, eligibility lead-ins with their defect rows, a sentence wrapped early), a postage line after a
    # return line, a postage-paid pack, the shop's step of a refund-time breakdown, an FAQ answer giving
    # the refund's time, a refusal "except for defects" keeping that remedy; an inferred "any" beside
    # "kecuali memenuhi syarat" or a return lead-in ("dapat dikembalikan apabila:") needs review.
    # 264 -> 265 (round 6): an FAQ answer refusing returns "dengan alasan tersebut" where its question names
    # a change of mind is defect-only.
    assert total["tp"] >= 265, report["misses"]
    assert total["fp"] <= 0 and len(report["decoys"]) <= 1, report["decoys"]


def test_policy_samples_returns_stay_complete():
    corpus, names = names_of("samples")
    total = score(corpus, names)["counts"]["all|*"]
    assert (total["tp"], total["fn"], total["fp"]) == (178, 0, 0)


@pytest.mark.parametrize("text, days", [
    ("Retur maksimal 2×24 jam setelah barang diterima.", 2), ("Retur maksimal 1x24 jam setelah barang diterima.", 1),
    ("Retur dalam tiga hari setelah barang diterima.", 3), ("Pengembalian maks. dua minggu setelah barang diterima.", 14),
    ("返品は商品到着後三日以内にご連絡ください。", 3), ("返品は商品到着後十四日以内に承ります。", 14),
    ("Returns accepted within thirty days of delivery.", 30),
])
def test_written_and_multiplied_durations_as_windows(text, days):
    returns = parse_policy_text(text)["returns"]
    assert (returns["window_days"], returns["window_starts"]) == (days, "delivery")


def test_kanji_phrase_without_a_duration_is_not_one():
    assert parse_policy_text("一日も早くお届けできるよう努めます。返品はお受けしておりません。")["returns"]["window_days"] is None


@pytest.mark.parametrize("text, payer", [
    ("お客様都合の返品は送料お客様負担です。交換商品の送料は当店負担でお送りします。", "customer"),
    ("Return postage is at your own expense. We will send the new size free of charge.", "customer"),
    ("返品送料はお客様負担となります。ただし初期不良の場合は当社負担です。", "depends"),
    ("Ongkir retur ditanggung oleh pembeli, kecuali barang cacat.", "depends"),
])
def test_who_pays_return_shipping_not_the_replacement_leg(text, payer):
    assert parse_policy_text(text)["returns"]["return_shipping_paid_by"] == payer


def test_curly_apostrophes_read_like_straight_ones():
    refused = parse_policy_text("Returns: we don’t accept returns or exchanges. All sales are final.")["returns"]
    label = parse_policy_text("Returns within 30 days of delivery. We’ll email you a return label.")["returns"]
    assert (refused["accepted"], label["label_provided"]) == ("none", True)


def test_refund_words_without_a_return_policy_need_review():
    """A refund named in passing on a shipping page (no window, acceptance or payer) is not compared."""
    result = parse_policy_text("Shipping\nOrders ship within 2 business days. Refunds for damaged parcels are "
                               "handled by our team.\nGift cards can be used at checkout.", currency="USD")
    ev = result["evidence"].get("returns.refund_types")
    assert ev is None or ev["confidence"] < 0.6


def test_exchange_rate_and_policy_titles_are_not_refund_types():
    result = parse_policy_text("Returns & Exchanges\nYou may return unused items within 14 days of delivery. "
                               "Refunds are converted at the current exchange rate and paid to your card.",
                               currency="USD")
    assert result["returns"]["refund_types"] == ["money"]
    assert result["returns"]["window_days"] == 14


def test_parcel_not_received_claim_is_not_a_return_window():
    result = parse_policy_text("Shipping\nIf you haven't received your order within 7 days of your shipping "
                               "confirmation, please contact us.\nPesanan belum diterima dalam 5 hari? Silakan "
                               "hubungi kami.", currency="USD")
    assert result["returns"] is None or result["returns"]["window_days"] is None


@pytest.mark.parametrize("text, expected", [
    # the store's own refund time; the bank's posting time is not it
    ("Returns\nRefunds are issued within 5 business days of receiving your return. Your bank may take "
     "another 7-10 days to show it on your statement.", {"min": 0, "max": 5}),
    # counted from handing the parcel to the carrier: transit included, not the refund's processing
    ("Returns\nYou should get your refund within four weeks of giving your package to the carrier.", None),
    # two different refund times in one text: a conflict, abstain
    ("Returns\nWe process refunds within 2 days. Refunds by bank transfer take up to 14 days.", None),
    # the refund named only in the FAQ question
    ("Retur\nT: Kapan dana dikembalikan? J: 3-7 hari kerja setelah barang kami terima.", {"min": 3, "max": 7}),
    ("返品について\n返金は商品到着確認後、7営業日以内にご指定の口座へお振込みいたします。", {"min": 0, "max": 7}),
])
def test_refund_time_needs_a_refund_word_and_no_conflict(text, expected):
    returns = parse_policy_text(text, currency="USD")["returns"] or {}
    assert returns.get("refund_processing_days") == expected


def test_inferred_any_beside_a_defect_limit_needs_review():
    """A window read as "any" while another sentence limits returns to defects is a conflict."""
    text = ("Returns\nPlease contact us within 7 days of delivery.\n"
            "A refund is possible only when the product is faulty.")
    result = parse_policy_text(text, currency="USD")
    ev = result["evidence"].get("returns.accepted")
    assert result["returns"]["accepted"] in (None, "defect_only") or ev["confidence"] < 0.6


def test_restocking_fee_with_legal_aside_keeps_any():
    text = ("Returns\nYou can return unopened items within 30 days of delivery.\n"
            "Opened, non-defective items carry a 10% restocking fee (except where the law forbids it).")
    returns = parse_policy_text(text, currency="USD")["returns"]
    assert returns["accepted"] == "any" and returns["restocking_fee"] == {"percent": 10}


def test_refunding_the_item_is_not_paying_return_postage():
    text = ("Returns\nSend items back within 14 days of delivery using any tracked shipping service.\n"
            "Once it arrives we will refund your purchase to your card.")
    returns = parse_policy_text(text, currency="USD")["returns"]
    assert returns["return_shipping_paid_by"] is None and returns["refund_types"] == ["money"]


@pytest.mark.parametrize("text, expected", [
    ("Returns\nYou can send items back within 30 days of delivery. We refund you in full if you are not happy "
     "with your order.", ["money"]),
    ("Retur\nBarang bisa dikembalikan maksimal 7 hari setelah diterima. Dana kami kembalikan jika barang tidak "
     "sesuai pesanan.", ["money"]),
])
def test_not_inside_a_condition_does_not_refuse_the_remedy(text, expected):
    assert parse_policy_text(text, currency="USD")["returns"]["refund_types"] == expected
