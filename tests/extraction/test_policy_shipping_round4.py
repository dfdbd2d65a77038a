"""Shipping side, round 4 (issue 14): classes seen on real English / Indonesian shipping pages.

- rate rows of a text that states no delivery time anywhere are compared (nothing can have been lost);
- rows that read the same but for their price, with nothing telling them apart, stay for review;
- list numbering ("(1) Peninsular Malaysia : RM8") is not part of a label;
- "For Standard Post (via X), a fee of $3 will be charged" names "Standard Post", so "Standard Post takes
  4 to 6 working days" is that option's own estimate;
- a label line with a time and nothing after its colon ("South Island - Economy 2 - 4 Days:") heads the
  rate rows below it;
- processing: "ship that day, otherwise the next business day" is 0-1; "arrive ... after processing" is
  delivery; a quoted example label is no processing time; "belum termasuk waktu pengiriman" says the
  time is dispatch only.

Each fixture in ``policy_fixtures/`` is our own text in a shape seen on real stores.
"""

from __future__ import annotations

from spiders.pages.policy_text import parse_policy_text
from tests.extraction.policy_fixture_support import REVIEW_BELOW, parse_fixture


def _split(facts: dict) -> tuple[list[dict], list[dict]]:
    """(sure options, needs-review options)."""
    sure, review = [], []
    for i, option in enumerate(facts["shipping"]):
        (sure if facts["evidence"][f"shipping[{i}]"]["confidence"] >= REVIEW_BELOW else review).append(option)
    return sure, review


def test_rate_rows_of_a_text_without_delivery_times_are_compared():
    facts = parse_fixture("en_rate_rows_without_times.txt")
    sure, _ = _split(facts)
    assert [(o["price"], o["currency"], o["region"], o["max_days"]) for o in sure] == [
        ("8", "MYR", "Peninsular Malaysia", None), ("18", "MYR", "East Malaysia", None),
        ("40", "MYR", "Thailand", None), ("150", "MYR", "Thailand", None)]
    assert facts["processing_days"] == {"min": 0, "max": 2}


def test_rows_differing_only_in_price_with_no_destination_stay_for_review():
    """"Maldives" is not a destination the parser knows: its rows read like the Thailand ones."""
    _, review = _split(parse_fixture("en_rate_rows_without_times.txt"))
    assert [(o["name"], o["price"], o["region"]) for o in review] == [("Standard", "120", None),
                                                                       ("Courier", "260", None)]


def test_rate_row_stays_for_review_when_the_text_states_delivery_times_elsewhere():
    """The round-2 rule still holds where a time exists that may belong to the row."""
    text = "Rates\n\n(1) Peninsular Malaysia : RM8\n\nInternational parcels arrive in 7-14 working days.\n"
    facts = parse_policy_text(text)
    assert facts["shipping"] and not _split(facts)[0]


def test_canadian_province_names_are_destinations():
    facts = parse_policy_text("Shipping rates\n\nNFLD | $29.95\nNova Scotia | $14.95\n", currency="CAD")
    assert [(o["price"], o["region"]) for o in _split(facts)[0]] == [("29.95", "NFLD"), ("14.95", "Nova Scotia")]


def test_for_method_prose_rates_take_their_named_estimates():
    facts = parse_fixture("en_method_prose_for.txt")
    sure, review = _split(facts)
    assert not review
    assert [(o["price"], o["currency"], o["min_days"], o["max_days"], o["business_days"]) for o in sure] == [
        ("3", "SGD", 4, 6, True), ("6.5", "SGD", 2, 3, True)]
    assert sure[1]["name"] == "Tracked Courier (via Qxpress)"
    assert facts["processing_days"] == {"min": 1, "max": 2}


def test_cutoff_with_otherwise_is_same_or_next_day_and_arrival_after_processing_is_delivery():
    facts = parse_fixture("en_processing_wording.txt")
    assert facts["processing_days"] == {"min": 0, "max": 1}
    second = parse_policy_text("Delivery\n\nYour parcel should arrive within 2-4 business days after processing.\n")
    assert second["processing_days"] is None


def test_quoted_example_label_is_not_a_processing_time():
    facts = parse_fixture("en_processing_example_label.txt", currency="USD")
    assert facts["processing_days"] is None
    assert [(o["price"], o["min_days"], o["max_days"]) for o in facts["shipping"]] == [("4.99", 3, 6)]


def test_dispatch_time_excluding_transit_is_a_sure_processing_time():
    facts = parse_fixture("id_dispatch_excluding_transit.txt", currency="IDR", country="ID")
    assert facts["processing_days"] == {"min": 3, "max": 10}
    assert facts["evidence"]["processing_days"]["confidence"] >= REVIEW_BELOW


def test_indonesian_faq_estimates_per_area_and_memproses():
    """"untuk wilayah tertentu" keeps its "wilayah" (the bare "tertentu" is no destination); "memproses
    pesanan" is a dispatch verb like "diproses"."""
    facts = parse_fixture("id_faq_estimates_and_processing.txt", currency="IDR", country="ID")
    sure, _ = _split(facts)
    assert [(o["region"], o["min_days"], o["max_days"], o["business_days"]) for o in sure] == [
        ("wilayah tertentu", 2, 4, True), ("luar kota/luar pulau", 3, 8, True)]
    assert facts["processing_days"] == {"min": 1, "max": 3}


def test_processing_time_outside_delivery_time_is_sure():
    text = "Pengiriman\n\nRata-rata waktu proses pesanan adalah 2-3 hari kerja di luar waktu pengiriman.\n"
    facts = parse_policy_text(text, currency="IDR", country="ID")
    assert facts["processing_days"] == {"min": 2, "max": 3}
    assert facts["evidence"]["processing_days"]["confidence"] >= REVIEW_BELOW


def test_click_and_collect_with_no_shipping_charges_is_a_free_pickup():
    facts = parse_fixture("en_click_and_collect_no_charge.txt")
    assert [(o["name"], o["price"], o["currency"], o["max_days"]) for o in _split(facts)[0]] == [
        ("click and collect", "0", "PHP", None)]
    assert facts["free_shipping_threshold"] == {"amount": "2500", "currency": "PHP", "inclusive": True}


def test_label_line_with_a_time_heads_the_rate_rows_below_it():
    """"South Island - Economy 2 - 4 Days:" ends in a colon with nothing after it: the "Up to 3kg: $14." row
    below is that service's rate, with its time and destination; the "Over 3kg: ... plus $6" line is an
    add-on, and the North Island row (no time anywhere near it) stays for review."""
    facts = parse_fixture("en_timed_label_over_rows.txt", currency="NZD")
    sure, review = _split(facts)
    assert [(o["price"], o["min_days"], o["max_days"], o["region"]) for o in sure] == [("14", 2, 4, "South Island")]
    assert [(o["price"], o["region"]) for o in review] == [("9.5", "North Island")]


def test_free_shipping_limited_to_an_area_is_a_free_option_and_di_bawah_is_a_tier_bound():
    """"Gratis ongkir se-Jabodetabek hanya berlaku via kurir JNE": no amount, only a destination (and a
    carrier) -> price 0 for that area; with an item-count condition it is no option. "pesanan di bawah
    Rp150.000" is the tier, not a price."""
    facts = parse_fixture("id_regional_free_and_tier.txt", currency="IDR", country="ID")
    assert [(o["name"], o["price"], o["currency"], o["region"]) for o in _split(facts)[0]] == [
        ("JNE", "0", "IDR", "Jabodetabek"), ("JNE", "20000", "IDR", None)]
    assert facts["free_shipping_threshold"] is None


def test_sending_counted_from_payment_is_the_dispatch_time():
    """"Pengiriman dilakukan dalam waktu 2-4 hari kerja setelah pelunasan pembayaran": the sending is done
    N days after payment, so it is the processing time; "selambat-lambatnya H+1" is at most one day."""
    facts = parse_fixture("id_dispatch_after_payment.txt", currency="IDR", country="ID")
    assert facts["processing_days"] == {"min": 2, "max": 4}
    text = "Pengiriman\n\nPengiriman barang dilakukan selambat-lambatnya H+1 sejak transaksi dikonfirmasi oleh admin.\n"
    assert parse_policy_text(text, currency="IDR", country="ID")["processing_days"] == {"min": 0, "max": 1}
    courier = "Pengiriman\n\nPengiriman dilakukan melalui JNE dengan estimasi 2-3 hari kerja.\n"
    assert parse_policy_text(courier, currency="IDR", country="ID")["processing_days"] is None


def test_dispatch_sentence_that_also_gives_arrival_counts_as_a_delivery_time():
    """"Orders ship in 1-2 days and arrive in 3-5 business days" states a delivery time, so a rate row
    without one may have lost it: it stays for review."""
    text = "Rates\n\n(1) Peninsular Malaysia : RM8\n\nOrders ship in 1-2 days and arrive in 3-5 business days.\n"
    facts = parse_policy_text(text)
    assert facts["shipping"] and not _split(facts)[0]
