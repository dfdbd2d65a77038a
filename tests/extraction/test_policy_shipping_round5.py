"""Shipping options, round 5 (issue 14): classes seen on real stores, pinned on our own fixtures.

Each fixture in ``policy_fixtures/`` is our own text in a shape seen on real stores.
"""

from __future__ import annotations

from spiders.pages.policy_text import parse_policy_text
from tests.extraction.policy_fixture_support import FIXTURES, parse_fixture, sure_options


def test_prose_rate_in_a_text_without_any_delivery_time_is_compared():
    """"Orders under £60 carry a delivery charge of £4.50": the text states no delivery time anywhere, so
    none was lost; the labels record such a rate with null days, a correct fact."""
    facts = parse_fixture("en_prose_rates_no_time.txt")
    assert [(o["price"], o["currency"], o["max_days"]) for o in sure_options(facts)] == [("4.5", "GBP", None)]
    assert facts["free_shipping_threshold"]["amount"] == "250"


def test_region_label_in_brackets_is_the_region_without_them():
    """"●【北海道・沖縄・一部離島】1,100円": the brackets set the label off, they are not part of the place."""
    facts = parse_fixture("ja_bracketed_region.txt", currency="JPY", country="JP")
    assert [(o["price"], o["region"]) for o in sure_options(facts)] == [("550", None), ("1100", "北海道・沖縄・一部離島")]


def test_destination_before_the_price_in_a_cell_is_the_region():
    """"| 8,000円未満の場合 | 本州・四国770円 |": the row is named by order value, the cell by destination.
    (Class first seen on validation; fixed on this own fixture, development unchanged.)"""
    facts = parse_fixture("ja_region_in_price_cell.txt", currency="JPY", country="JP")
    assert [(o["price"], o["region"]) for o in sure_options(facts)][:3] == [
        ("0", None), ("770", "本州・四国"), ("1100", "九州")]


def test_one_rate_in_two_columns_of_a_row_is_one_option():
    """"| 常温品のみ 4,000円未満 | | 660円※ | 660円 |": the ambient fee and the total are the same rate; a
    row never holds the same option twice. (Class first seen on validation; own fixture.)"""
    facts = parse_fixture("ja_same_price_two_columns.txt", currency="JPY", country="JP")
    ambient = [o for o in facts["shipping"] if o["name"].startswith("常温品のみ 4,000円未満")]
    assert [o["price"] for o in ambient] == ["660"]


def _text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_sole_delivery_time_counted_from_dispatch_is_compared():
    """"商品到着までの日数は、発送後およそ2~3日程度です" is the only option of the text: the store's delivery
    time, counted from dispatch, compared though the sentence names no method."""
    facts = parse_fixture("ja_sole_estimate_after_dispatch.txt", currency="JPY", country="JP")
    assert [(o["min_days"], o["max_days"]) for o in sure_options(facts)] == [(2, 3)]
    assert facts["processing_days"] == {"min": 2, "max": 4}


def test_sole_estimate_without_dispatch_anchor_stays_for_review():
    """Without "発送後" the span may be a delay or a window to choose a date in ("3日後から14日以内でご指定")."""
    for text in (_text("ja_sole_estimate_after_dispatch.txt").replace("発送後およそ", "およそ"),
                 "お届けについて\n【発送からお届けまで】\nお届け日は、ご注文日の3日後から14日以内でご指定いただけます。\n"):
        facts = parse_policy_text(text, currency="JPY", country="JP")
        assert facts["shipping"] and not sure_options(facts)


def test_leader_dots_end_the_label_of_a_japanese_row():
    """"B 合計代金3,000円以上6,000円未満の場合・・・ネコポス送料サービス": the dots separate label and value like
    a table cell, so a free tier is a row (not a threshold sentence) and the label stops before the dots."""
    facts = parse_fixture("ja_leader_dot_rows.txt", currency="JPY", country="JP")
    assert [o["price"] for o in sure_options(facts)] == ["330", "0", "0"]
    assert not any("・" in o["name"] for o in facts["shipping"])


def test_delivery_time_under_a_method_heading_is_named_by_it():
    """"簡易書留" then "●…お届けまでに2~4日程度かかります。": the sentence names nothing, the heading names the
    option; the "from" prices ("送料450円~") are not its price."""
    facts = parse_fixture("ja_method_heading_estimates.txt", currency="JPY", country="JP")
    assert [(o["name"], o["price"], o["min_days"], o["max_days"]) for o in sure_options(facts)] == [
        ("定形外郵便", None, 4, 7), ("簡易書留", None, 2, 4)]


def test_best_case_time_under_a_method_heading_stays_for_review():
    """"到着まで最速で2~3日" is the fastest case, not the usual delivery time."""
    text = _text("ja_method_heading_estimates.txt").replace("お届けまでに2~4日程度", "最速で2~4日程度")
    facts = parse_policy_text(text, currency="JPY", country="JP")
    assert [o["name"] for o in sure_options(facts)] == ["定形外郵便"]


def test_only_delivery_time_of_a_text_without_rates_is_the_store_option():
    """"Estimasi pengiriman adalah 3-5 hari kerja" is the only delivery time of an FAQ that lists no rate
    and no method: the store's one option."""
    facts = parse_fixture("id_store_estimate.txt", currency="IDR", country="ID")
    assert [(o["price"], o["min_days"], o["max_days"], o["business_days"]) for o in sure_options(facts)] == [
        (None, 3, 5, True)]


def test_two_different_delivery_times_give_no_store_option():
    """A second time ("pre-order ... 14-21 hari kerja") means neither speaks for the whole store."""
    text = _text("id_store_estimate.txt").replace(
        "3-5 hari kerja.", "3-5 hari kerja. Untuk pesanan pre-order, estimasi pengiriman adalah 14-21 hari kerja.")
    assert parse_policy_text(text, currency="IDR", country="ID")["shipping"] == []


def test_discounted_shipping_rate_for_residents_of_provinces():
    """"For residents of ON and QC, we offer a discounted shipping rate of $8.95": a rate (not a discount
    code) for the provinces named after "residents of"; "discount code ... $10 off" stays out."""
    facts = parse_fixture("en_discounted_rate_residents.txt", currency="CAD", country="CA")
    assert [(o["price"], o["region"]) for o in sure_options(facts)] == [("8.95", "ON and QC"), ("12.95", "BC; AB; SK and MB")]


def test_order_value_bound_cell_is_no_rate_of_a_matrix():
    """"| All provinces … | $120 and over | FREE |": the bound keys the row; the table is rows, not a matrix of
    two price columns, so each rate keeps its destination. (Class first seen on validation; own fixture.)"""
    facts = parse_fixture("en_whole_country_estimate.txt", currency="CAD", country="CA")
    assert [(o["price"], o["region"]) for o in facts["shipping"]] == [
        ("0", "All provinces except the territories"), ("12.5", "All provinces except the territories"),
        ("35", "Yukon, Northwest Territories and Nunavut")]


def test_estimate_for_the_whole_country_names_every_rate_of_one_method():
    """"Orders are delivered in 4 to 8 business days anywhere in Canada" covers every destination, so the
    shared estimate is explicit for those rates; without "anywhere in Canada" it stays for review, and so
    it does when the rates are of different methods. (Class first seen on validation; own fixture.)"""
    text = _text("en_whole_country_estimate.txt")
    sure = sure_options(parse_policy_text(text, currency="CAD", country="CA"))
    assert [(o["price"], o["min_days"], o["max_days"]) for o in sure] == [("0", 4, 8), ("12.5", 4, 8), ("35", 4, 8)]
    assert not sure_options(parse_policy_text(text.replace(" anywhere in Canada", ""), currency="CAD", country="CA"))
    methods = text.replace("| Flat rate | $35 |", "| Express | $35 |").replace("| under $120 |", "| Standard |")
    assert not sure_options(parse_policy_text(methods, currency="CAD", country="CA"))


def test_days_between_dispatch_and_delivery():
    """"中1日" is one day between dispatch and delivery, so it arrives on day 2 (never "1 day"); "中2日以上"
    is open-ended and gives no span; "期間中3日以内" is still three days."""
    from spiders.pages.policy_text.days import find_days

    assert [(d.min, d.max) for d in find_days("中1日でお届け")] == [(2, 2)]
    assert find_days("【中2日以上エリア】") == []
    assert [(d.min, d.max) for d in find_days("セール期間中3日以内に発送")] == [(3, 3)]
