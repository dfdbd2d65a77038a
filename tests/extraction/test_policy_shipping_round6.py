"""Shipping options and processing time, round 6 (issue 14): classes seen on real English store pages
(and in a precision check on pages nobody tuned on), pinned on our own fixtures.

Each fixture in ``policy_fixtures/`` is our own text in a shape seen on real stores.
"""

from __future__ import annotations

from spiders.pages.policy_text import parse_policy_text
from spiders.pages.policy_text.columns import pair_flattened_columns
from spiders.pages.policy_text.doubt import states_delivery_time
from spiders.pages.policy_text.grids import expand_value_grids
from tests.extraction.policy_fixture_support import parse_fixture, sure_options


def test_business_hours_and_price_after_the_time():
    """"within 48 business hours" is two business days; in "Courier Express: 1-2 business days - $15" the
    dash after a word separates the price cell, it does not bound a money range."""
    facts = parse_fixture("en_business_hours_dispatch.txt")
    assert facts["processing_days"] == {"min": 0, "max": 2}
    assert [(o["name"], o["price"], o["min_days"], o["max_days"]) for o in sure_options(facts)] == [
        ("Courier Express", "15", 1, 2), ("Parcel Saver", "8.5", 3, 6)]


def test_table_cells_run_together_are_for_review():
    """"DHL2 – 4 Business Days$12.00": cells glued without separators; the range after a glued name is
    still 2-4 (a letter before the number is no "1x24"), but the row is kept for review."""
    facts = parse_fixture("en_glued_table_cells.txt")
    assert sure_options(facts) == []
    assert [(o["min_days"], o["max_days"]) for o in facts["shipping"]] == [(3, 6), (2, 4), (8, 14)]


def test_british_despatch_cut_off_and_route_participle():
    """"despatched" is a dispatch verb; "Orders received by 2.30pm ... are usually same day" is a cut-off
    rule, not a delivery time for the £3.95 rate; "Orders shipped overseas are in transit for 7 - 12 days"
    is a delivery time, not processing."""
    facts = parse_fixture("en_dispatch_wording_uk.txt")
    assert facts["processing_days"] == {"min": 0, "max": 1}
    assert all(o["max_days"] != 0 for o in facts["shipping"])


def test_dispatch_times_of_special_cases_are_skipped():
    """Sale items and weekend orders are special cases; "by 10 a.m." is a cut-off time."""
    facts = parse_fixture("en_dispatch_special_cases.txt")
    assert facts["processing_days"] == {"min": 1, "max": 2}
    cutoff = parse_policy_text("Shipping\n\nOrders placed by 10 a.m. are dispatched the same day.\n")
    assert cutoff["processing_days"] == {"min": 0, "max": 1}


def test_dispatch_time_in_part_day_hours_abstains():
    """"within 36hrs" is no whole number of days: the usual time is unknown, and the express cut-off
    that follows is a special case, not the store's processing time. The rates stay (no delivery time)."""
    facts = parse_fixture("en_part_day_dispatch_hours.txt")
    assert facts["processing_days"] is None
    assert [(o["price"], o["max_days"]) for o in sure_options(facts)] == [("9.5", None), ("17.5", None)]


def test_amount_spelled_out_is_no_region():
    """"RM12.00 (Ringgit Malaysia twelve)" names a currency, not a destination; "business working days"
    is a unit, so the text states delivery times and the flat fee without one is for review."""
    facts = parse_fixture("en_amount_in_words_region.txt")
    assert all(o["region"] != "Ringgit Malaysia twelve" for o in facts["shipping"])
    assert facts["processing_days"] == {"min": 0, "max": 3}
    assert sure_options(facts) == []


def test_weight_band_rates_under_region_headings_with_hedged_times_by_parcel_size():
    """Weight-band rates under destination headings; the only general times are hedged and keyed by
    parcel size ("Most small parcels reach city addresses overnight, while large parcels generally need
    two business days"), which no rate names, so the rates are compared with null days. The whole heading
    is the destination ("Upper North Island - Everywhere else"), which tells two headings of one island
    apart; a heading with a time ("South Island - Economy 2 - 4 Days:") gives its rows that time."""
    facts = parse_fixture("en_weight_bands_hedged_times.txt")
    assert [(o["price"], o["currency"], o["max_days"], o["region"]) for o in sure_options(facts)] == [
        ("7", "NZD", None, None),
        ("12.9", "NZD", None, "Upper North Island - Auckland, Northland, Waikato"),
        ("15.9", "NZD", None, "Upper North Island - Everywhere else"),
        ("21", "NZD", 4, "South Island")]


def test_hedged_time_by_route_or_unread_is_still_a_delivery_time():
    """Only a hedged time by parcel size names no rate. "Most metro orders arrive in 2-4 business days" may
    name them (round 2) and "North Island - Overnight:" is a time the rows under it did not get: rates read
    without them stay for review."""
    assert not states_delivery_time("Most small parcels reach city addresses overnight.")
    assert states_delivery_time("Most metro orders arrive in 2-4 business days.")
    assert states_delivery_time("North Island - Overnight:")


def test_table_flattened_by_columns_pairs_names_with_values():
    """Three destination lines, then three value paragraphs ("2 business days to process; 1-2 business days
    to deliver"): the k-th name goes with the k-th value, and the delivery clause is the option's time.
    A free pickup beside them is no delivery rate, so the days-only rows are not leftovers."""
    facts = parse_fixture("en_table_flattened_by_columns.txt", currency="MYR", country="MY")
    assert [(o["region"], o["min_days"], o["max_days"]) for o in sure_options(facts) if not o["price"]] == [
        ("Klang Valley", 1, 2), ("Rest of Peninsular Malaysia", 2, 4), ("Sabah and Sarawak", 4, 7)]


def test_column_pairing_needs_as_many_values_as_names():
    """Two value paragraphs under three names: which belongs to which is a guess, so the text is left alone."""
    text = ("Delivery\n\nKlang Valley\n\nPenang\n\nSabah\n\n1-2 business days to deliver\n\n"
            "2-4 business days to deliver\n\nThank you for shopping with us.\n")
    assert pair_flattened_columns(text) == text


def test_order_value_by_method_grid_gives_one_option_per_cell():
    """"Order Total | Economy Mail (6-9 business days) | Priority Shipping (2-4 business days)" over rows
    keyed by order value: each cell is that method's rate for that tier, with the method's time."""
    facts = parse_fixture("en_order_value_method_grid.txt", currency="USD")
    assert [(o["price"], o["min_days"], o["max_days"]) for o in sure_options(facts)] == [
        ("4.5", 6, 9), ("6.5", 6, 9), ("0", 6, 9), ("8.95", 2, 4), ("12.95", 2, 4), ("9.95", 2, 4)]


def test_grid_needs_an_order_value_column_and_method_columns():
    """"Zone | Standard | Express" is a destination matrix (another rule), not an order-value grid."""
    lines = ["Zone | Standard | Express |", "Metro | $5 | $10 |"]
    assert expand_value_grids(lines, "en") == lines


def test_total_column_of_a_processing_and_delivery_table_is_not_the_delivery_time():
    """"Service | Processing Time | Shipping Time | Total Delivery Time | Cost": the shipping column is the
    delivery time and the processing column the dispatch time; the total adds both."""
    text = ("Shipping Times\nService | Processing Time | Shipping Time | Total Delivery Time | Cost |\n"
            "Standard | 1-2 business days | 5-8 business days | 6-10 business days | $4.99 |\n"
            "Express | 1-2 business days | 2-3 business days | 3-5 business days | $14.99 |\n")
    facts = parse_policy_text(text, currency="USD")
    assert facts["processing_days"] == {"min": 1, "max": 2}
    assert [(o["price"], o["min_days"], o["max_days"]) for o in sure_options(facts)] == [("4.99", 5, 8), ("14.99", 2, 3)]
