"""One currency table (core/currencies.py): page money and policy-text money agree on shared marks."""

from __future__ import annotations

import pytest

from spiders.pages.money import currency_to_iso
from spiders.pages.policy_text.money_spans import find_money


@pytest.mark.parametrize(("country", "default", "lang", "expected"), [
    ("JP", None, "ja", "JPY"),      # a Japanese store
    (None, "CNY", "zh", "CNY"),     # a store configured in yuan
    (None, "JPY", "en", "JPY"),     # an English page of a yen store
    (None, "USD", "en", None),      # ¥ on a dollar store's page: unknown, never guessed as USD
    (None, None, "en", None),
])
def test_yen_sign_is_japanese_or_chinese_by_context_in_both_readers(country, default, lang, expected):
    assert currency_to_iso("¥", country=country, default=default) == expected
    (money,) = find_money("Free shipping over ¥5000", default or ({"JP": "JPY"}.get(country or "")), lang)
    assert money.currency == expected


def test_unambiguous_marks_come_from_the_same_table():
    assert currency_to_iso("SG$") == "SGD" == find_money("SG$ 50", None)[0].currency
    assert currency_to_iso("Rp") == "IDR" == find_money("Rp 150.000", None)[0].currency
