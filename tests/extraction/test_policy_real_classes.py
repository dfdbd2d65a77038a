"""Failure classes of real policy texts (issue 14), each pinned on a fixture text written for it.

The fixtures in ``policy_fixtures/`` are our own texts in the shapes real stores produce (flattened
tables, tier bounds, change notices ...); the real texts themselves stay in ../shared/policy_real.
"""

from __future__ import annotations

import pytest

from spiders.pages.policy_text import parse_policy_text
from tests.extraction.policy_fixture_support import parse_fixture


def _rates(facts: dict) -> list[tuple]:
    return [(o["price"], o["currency"], o["region"]) for o in facts["shipping"]]


def test_flattened_tier_table_keeps_bounds_out_of_prices():
    """One cell a line; "$40.01 - $90" is an order-value range, the bare "4.50" keeps the column's "$"."""
    facts = parse_fixture("en_flattened_tier_cells.txt", currency="AUD", country="AU")
    assert _rates(facts) == [("8.5", "AUD", None), ("6", "AUD", None), ("4.5", "AUD", None)]


def test_flattened_matrix_gives_one_rate_per_destination_column():
    facts = parse_fixture("en_flattened_matrix_cells.txt")
    assert _rates(facts) == [
        ("60", "PHP", "Cebu City"), ("90", "PHP", "Rest of Visayas"), ("150", "PHP", "Luzon and Mindanao"),
        ("80", "PHP", "Cebu City"), ("120", "PHP", "Rest of Visayas"), ("240", "PHP", "Luzon and Mindanao")]
    assert facts["evidence"]["shipping[1]"]["text"] == "Rest of Visayas | Envelope | Php 90.00"


def test_flattened_region_rows_take_the_region_column():
    facts = parse_fixture("ja_flattened_region_rows.txt", currency="JPY", country="JP")
    assert _rates(facts) == [("1320", "JPY", "北海道"), ("990", "JPY", "東北"), ("770", "JPY", "関東"),
                             ("1650", "JPY", "沖縄")]


def test_change_notice_uses_the_new_terms_only():
    facts = parse_fixture("ja_revision_notice.txt", currency="JPY", country="JP")
    assert facts["free_shipping_threshold"] == {"amount": "6000", "currency": "JPY", "inclusive": True}
    assert [o["price"] for o in facts["shipping"]] == ["700"]


@pytest.mark.parametrize("text, amount", [("5、000円以上のお買い上げで送料無料", "5000"),
                                          ("お買い上げ金額10、000円以上で送料無料です。", "10000")])
def test_japanese_comma_inside_an_amount(text, amount):
    facts = parse_policy_text(text, currency="JPY", country="JP")
    assert facts["free_shipping_threshold"] == {"amount": amount, "currency": "JPY", "inclusive": True}


@pytest.mark.parametrize("text, store, expected", [
    # same-day dispatch with a cut-off time: later orders go out the next day
    ("Our cut-off for same day dispatch is 9:00am.", {}, {"min": 0, "max": 1}),
    ("Pesanan yang masuk sebelum jam 14.00 akan dikirimkan di hari yang sama.", {"currency": "IDR"},
     {"min": 0, "max": 1}),
    ("平日10時までのご注文は即日発送いたします。", {"currency": "JPY"}, {"min": 0, "max": 1}),
    # "no date requested" is not a date-designation window; payment confirmed then shipped
    ("お届け日の指定がない場合は、4営業日以内に発送いたします。", {"currency": "JPY"}, {"min": 0, "max": 4}),
    ("ご入金が確定してから、お支払いが確定した日から五営業日以内に発送いたします。", {"currency": "JPY"},
     {"min": 0, "max": 5}),
    # number words
    ("Pesanan diproses dan dikirim dalam tiga hari kerja.", {"currency": "IDR"}, {"min": 0, "max": 3}),
    ("ご注文から三日以内に発送いたします。", {"currency": "JPY"}, {"min": 0, "max": 3}),
    ("Barang dikirim maks. 1x24 jam setelah pembayaran.", {"currency": "IDR"}, {"min": 0, "max": 1}),
])
def test_processing_time_classes(text, store, expected):
    assert parse_policy_text(text, **store)["processing_days"] == expected


def test_an_open_ended_wait_is_not_a_processing_time():
    text = "取り寄せ品は出荷までに8日以上かかる場合があります。\n在庫品は当日出荷(14時締切)です。"
    assert parse_policy_text(text, currency="JPY")["processing_days"] == {"min": 0, "max": 1}


def test_cod_fee_table_is_not_a_shipping_rate():
    facts = parse_fixture("ja_cod_fee_table.txt", currency="JPY", country="JP")
    assert _rates(facts) == [("770", "JPY", None)]


def test_order_value_bound_stated_above_a_free_row_is_the_threshold():
    facts = parse_fixture("ja_bound_above_free_row.txt", currency="JPY", country="JP")
    assert facts["free_shipping_threshold"] == {"amount": "5000", "currency": "JPY", "inclusive": True}
    assert ("880", "JPY", "本州") in _rates(facts)


@pytest.mark.parametrize("text, store, amount, inclusive", [
    ("For all orders exceeding £300 we are pleased to offer complimentary delivery.", {}, "300", False),
    ("Free Shipping is available for orders above a minimum spend of PHP3,000.", {}, "3000", True),
    ("商品代金合計が10,000円(税込)以上の場合は、送料を当社が負担いたします。", {"currency": "JPY"}, "10000", True),
    ("合計代金3000円以上の場合・・・送料サービス", {"currency": "JPY"}, "3000", True),
])
def test_free_shipping_wording_variants(text, store, amount, inclusive):
    threshold = parse_policy_text(text, **store)["free_shipping_threshold"]
    assert (threshold["amount"], threshold["inclusive"]) == (amount, inclusive)


def test_item_value_limits_and_product_prices_are_not_rates():
    text = ("ゆうパケット\n(送料250円)\n●5000円以内の商品に限ります。\n●500円の商品が3個など。\n"
            "●到着までに2~4日かかります。")
    facts = parse_policy_text(text, currency="JPY")
    assert [(o["price"], o["min_days"], o["max_days"]) for o in facts["shipping"]] == [("250", 2, 4)]


def test_a_prose_estimate_applies_to_the_rates_already_read():
    text = ("Q. 送料はいくらですか?\nA. 宅急便:900円/メール便:250円\n"
            "Q. 届くまでどのくらいかかりますか?\nA. 地域により異なりますが、通常ご注文後から5~8営業日以内のお届けとなります。")
    facts = parse_policy_text(text, currency="JPY")
    assert [(o["price"], o["min_days"], o["max_days"], o["business_days"]) for o in facts["shipping"]] == [
        ("900", 5, 8, True), ("250", 5, 8, True)]


def test_worked_examples_from_prices_and_amount_right_before_free_are_not_rates():
    text = ("送料について\n<例>\n本体価格(税抜)200円 ⇒ 表示価格(税込)220円\n"
            "ご注文金額の合計が¥12000(税別)送料無料\n"
            "Standard shipping via our courier starts at $7 depending on your area.\n")
    facts = parse_policy_text(text, currency="JPY")
    assert facts["shipping"] == []
    assert facts["free_shipping_threshold"] == {"amount": "12000", "currency": "JPY", "inclusive": True}


@pytest.mark.parametrize("text, expected", [
    ("Cheque payments take 3-5 business days to clear. Most orders are dispatched within 2 hours of receipt.",
     {"min": 0, "max": 0}),
    ("Orders are sent to the courier the following business day after confirmation.", {"min": 1, "max": 1}),
    ("商品発送完了の翌日以降にダウンロードできます。", None),
])
def test_more_processing_wordings(text, expected):
    assert parse_policy_text(text, currency="USD")["processing_days"] == expected


def test_estimates_named_by_method_or_island_when_no_rate_is_listed():
    facts = parse_fixture("id_estimates_without_rates.txt", currency="IDR", country="ID")
    got = [(o["price"], o["min_days"], o["max_days"], o["business_days"], o["region"]) for o in facts["shipping"]]
    assert got == [(None, 4, 8, True, None), (None, 1, 2, True, None),
                   (None, 2, 3, None, "pulau jawa"), (None, 3, 6, None, "pulau sulawesi")]
    assert facts["processing_days"] == {"min": 0, "max": 2}


def test_competing_general_estimates_are_not_applied_to_every_rate():
    facts = parse_fixture("en_competing_general_estimates.txt", currency="NZD", country="NZ")
    assert [(o["price"], o["min_days"], o["max_days"]) for o in facts["shipping"]] == [
        ("7.5", None, None), ("12", None, None)]


def test_a_days_row_named_by_a_destination_column_fills_all_its_rates():
    text = ("Shipping Fee:\n|\nCity |\nProvince |\nSmall |\nPhp 50.00 |\nPhp 120.00 |\nLarge |\nPhp 80.00 |\n"
            "Php 200.00 |\nLead Time:\n- City: 1 to 2 business days\n- Province: 2 to 6 business days\n")
    facts = parse_policy_text(text)
    assert [(o["price"], o["region"], o["min_days"], o["max_days"]) for o in facts["shipping"]] == [
        ("50", "City", 1, 2), ("120", "Province", 2, 6), ("80", "City", 1, 2), ("200", "Province", 2, 6)]


@pytest.mark.parametrize("text, store, free_rows", [
    ("- 送料は無料と致します。", {"currency": "JPY"}, 1),
    ("メール便対応可能な商品は送料無料です。", {"currency": "JPY"}, 1),
    ("定期商品は全商品送料無料です。", {"currency": "JPY"}, 0),  # a subscription offer
    ("Free shipping during our holiday promotion.", {"currency": "USD"}, 0),  # conditional
])
def test_plain_unconditional_free_shipping_sentence(text, store, free_rows):
    facts = parse_policy_text(text, **store)
    assert [o["price"] for o in facts["shipping"]] == ["0"] * free_rows
    assert facts["free_shipping_threshold"] is None


def test_rows_under_a_destination_heading_take_it_as_region():
    facts = parse_fixture("en_region_headings.txt", currency="MYR", country="MY")
    assert [(o["price"], o["currency"], o["region"]) for o in facts["shipping"]] == [
        ("8", "MYR", "Peninsular Malaysia"), ("15", "MYR", "East Malaysia")]


def test_dispatch_times_in_the_returns_section_are_not_processing():
    text = ("Returns & Exchanges\nWe accept returns within 30 days.\n"
            "Replacement items are shipped within 3 business days of receiving your return.\n")
    assert parse_policy_text(text, currency="USD")["processing_days"] is None


def test_free_labelled_rows_price_ranges_and_section_headings():
    facts = parse_fixture("en_country_sections.txt", currency="MYR", country="MY")
    got = [(o["price"], o["min_days"], o["max_days"], o["region"]) for o in facts["shipping"]]
    assert ("0", 3, 6, "MALAYSIA") in got or ("0", 3, 6, None) in got  # a free row labelled "Free ..."
    assert ("25", 2, 3, None) in got  # "Singapore Shipping" is a section heading, not a restriction
    assert all(o["price"] not in ("30", "60") for o in facts["shipping"])  # "RM30 to RM60" is a range


def test_days_after_ship_out_are_delivery_by_destination():
    text = ("Delivery time\nFOR METRO CEBU: Within 2 days after ship out if the courier has no delays.\n"
            "FOR OTHER ISLANDS: Within 3-6 days after ship out.\n")
    facts = parse_policy_text(text)
    assert [(o["min_days"], o["max_days"], o["region"]) for o in facts["shipping"]] == [
        (None, 2, "METRO CEBU"), (3, 6, "OTHER ISLANDS")]
    assert facts["processing_days"] is None


@pytest.mark.parametrize("text, store, expected", [
    ("商品の引渡し時期\n銀行振込の場合は入金確認後、2~6営業日以内\n", {"currency": "JPY"}, {"min": 2, "max": 6}),
    ("I will send all orders out within 1 to 4 days once the order is placed.", {}, {"min": 1, "max": 4}),
    ("在庫品は当日出荷(14時締切)いたしますが、配達時間のご指定はお受けできません。", {"currency": "JPY"},
     {"min": 0, "max": 1}),
    ("Untuk pesanan hari Minggu, diproses keesokan harinya.", {"currency": "IDR"}, None),
    ("Orders placed on weekends are processed the next business day.", {}, None),
])
def test_processing_headings_send_out_and_weekend_rules(text, store, expected):
    assert parse_policy_text(text, **store)["processing_days"] == expected


def test_generator_style_policy_with_method_table():
    """The common generated "Shipping Policy" layout: processing section, method | time | cost table."""
    facts = parse_fixture("en_generator_style_policy.txt", currency="USD", country="US")
    assert [(o["price"], o["min_days"], o["max_days"], o["business_days"]) for o in facts["shipping"]] == [
        ("0", 3, 5, True), ("7.95", 2, 2, True), ("24.95", 1, 2, True)]
    assert facts["processing_days"] == {"min": 2, "max": 3}
    assert facts["free_shipping_threshold"] is None
    assert all(e["confidence"] >= 0.8 for e in facts["evidence"].values())


def test_country_wide_rate_is_not_a_regional_rate():
    facts = parse_policy_text("Australia wide flat rate shipping $9.95\nExpress Post $14.95 (1-3 business days)\n",
                              currency="AUD", country="AU")
    assert [(o["price"], o["region"]) for o in facts["shipping"]] == [("9.95", None), ("14.95", None)]


def test_generic_delivery_estimate_and_free_row_without_currency_need_review():
    facts = parse_policy_text("Free shipping on all orders! Your order will arrive in 5-10 business days.")
    assert facts["shipping"][0]["price"] == "0"
    assert facts["evidence"]["shipping[0]"]["confidence"] < 0.6  # free, but in which currency?
    facts = parse_policy_text("We dispatch within 24 hours. Delivery usually takes 2-4 working days.")
    assert all(facts["evidence"][f"shipping[{i}]"]["confidence"] < 0.6 for i in range(len(facts["shipping"])))


@pytest.mark.parametrize("text", ["Pengiriman menggunakan JNE REG (2-3 hari) dan J&T Express (2-4 hari).",
                                  "Kurir: JNE REG (2-3 hari), J&T Express (2-4 hari)"])
def test_carriers_with_their_estimate_in_parentheses(text):
    facts = parse_policy_text(text, currency="IDR")
    assert [(o["name"], o["price"], o["min_days"], o["max_days"]) for o in facts["shipping"]] == [
        ("JNE REG", None, 2, 3), ("J&T Express", None, 2, 4)]


def test_tiered_rates_bounds_are_not_prices_and_the_free_tier_is_the_threshold():
    facts = parse_fixture("en_tier_rates_prose.txt", currency="USD", country="US")
    got = [(o["price"], o["min_days"], o["max_days"]) for o in facts["shipping"]]
    assert got == [("9", None, None), ("11", None, None), ("0", None, None),
                   ("5.95", 4, 8), ("3.95", 4, 8), ("0", 4, 8)]
    assert facts["free_shipping_threshold"] == {"amount": "70.01", "currency": "USD", "inclusive": True}


@pytest.mark.parametrize("text, expected", [
    ("In-stock items ship the same or next business day.", {"min": 0, "max": 1}),
    ("Delivery takes 3-5 business days after your order is shipped. We ship Monday to Friday.", None),
    ("We ship within 1-2 days of receiving your order; delivery to Australia takes 5-10 days.", {"min": 1, "max": 2}),
])
def test_processing_is_not_mixed_with_the_delivery_clause(text, expected):
    assert parse_policy_text(text, currency="AUD")["processing_days"] == expected


@pytest.mark.parametrize("text, expected", [
    ("Orders placed after 2pm will be processed the next business day.", {"min": 0, "max": 1}),
    ("15時以降のご注文は翌営業日の発送となります。", {"min": 0, "max": 1}),
    ("Exchanges will be shipped within 3 business days.", None),
    ("We respond to all messages within 1 business day.", None),
])
def test_late_order_cutoff_exchanges_and_replies(text, expected):
    assert parse_policy_text(text, currency="USD")["processing_days"] == expected


@pytest.mark.parametrize("text", ["Items must be shipped back within 14 days.", "Barang harus dikirim kembali dalam 7 hari."])
def test_sending_items_back_is_not_processing(text):
    assert parse_policy_text(text)["processing_days"] is None


def test_tab_separated_rows_are_table_rows():
    text = "Shipping rates\nMethod\tCost\tDelivery time\nStandard\t$5.00\t3-5 business days\nExpress\t$12.00\t1-2 business days\n"
    facts = parse_policy_text(text, currency="AUD")
    assert [(o["name"], o["price"], o["min_days"], o["max_days"]) for o in facts["shipping"]] == [
        ("Standard", "5", 3, 5), ("Express", "12", 1, 2)]
    assert facts["evidence"]["shipping[0]"]["text"] == "Standard | $5.00 | 3-5 business days"


@pytest.mark.parametrize("text, expected", [
    ("Shipping rates\n\nZone\tStandard\tExpress\nMetro\t$5\t$10\nRegional\t$8\t$15\n",
     [("5", "Metro"), ("10", "Metro"), ("8", "Regional"), ("15", "Regional")]),
    ("Method | Metro Manila | Provincial\nStandard | Php 100 | Php 180\nExpress | Php 150 | Php 250\n",
     [("100", "Metro Manila"), ("180", "Provincial"), ("150", "Metro Manila"), ("250", "Provincial")]),
])
def test_single_line_pipe_matrix_gives_one_rate_per_cell(text, expected):
    facts = parse_policy_text(text, currency="AUD" if "$" in text else None)
    assert [(o["price"], o["region"]) for o in facts["shipping"]] == expected


def test_indonesian_area_words_are_destinations():
    text = "Estimasi pengiriman:\nJabodetabek: 1-2 hari kerja\nDaerah lainnya: 4-9 hari kerja\n"
    facts = parse_policy_text(text, currency="IDR")
    assert [(o["region"], o["min_days"], o["max_days"]) for o in facts["shipping"]] == [
        ("Jabodetabek", 1, 2), ("Daerah lainnya", 4, 9)]
    assert all(e["confidence"] >= 0.6 for e in facts["evidence"].values())


def test_otherwise_rate_keeps_the_rows_destination():
    facts = parse_policy_text("UK Mainland: FREE on orders over £30, otherwise £3.99\nNorthern Ireland: £7.99\n")
    assert [(o["price"], o["region"]) for o in facts["shipping"]] == [("3.99", "UK Mainland"),
                                                                       ("7.99", "Northern Ireland")]
    assert facts["free_shipping_threshold"] == {"amount": "30", "currency": "GBP", "inclusive": False}


def test_region_with_its_own_rate_stated_as_betto():
    text = "送料について\n・全国一律 550円(税込)\n・北海道・沖縄・離島は別途 1,100円\n・8,000円以上で送料無料\n"
    facts = parse_policy_text(text, currency="JPY")
    assert [(o["price"], o["region"]) for o in facts["shipping"]] == [("550", None), ("1100", "北海道・沖縄・離島")]
    facts = parse_policy_text("送料は全国一律550円です。別途 クール便料金330円がかかります。", currency="JPY")
    assert [o["price"] for o in facts["shipping"]] == ["550"]


def test_rows_under_an_international_heading():
    text = "Shipping\nINTERNATIONAL\nTracked Courier: S$25 / 7-14 working days\n"
    facts = parse_policy_text(text)
    assert [(o["price"], o["currency"], o["region"]) for o in facts["shipping"]] == [("25", "SGD", "INTERNATIONAL")]
