"""Policy-text parser: the 38 shared samples field by field, own short fixtures, html_to_text, items.

Each sample is one parametrized case per field group, so a failure names the file and the field.
Shipping options are compared as a multiset on price (Decimal), currency, min/max days,
business_days and region (case/space-normalised, substring accepted); the name is a soft match.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from spiders.items import ReturnsItem, ShippingItem
from spiders.pages.policy_text import html_to_text, parse_policy_text, to_returns_item, to_shipping_item

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "policy_samples"
FIXTURES = Path(__file__).resolve().parent / "policy_fixtures"
RETURN_FIELDS = ["window_days", "window_starts", "accepted", "return_shipping_paid_by", "free_returns",
                 "refund_types", "restocking_fee", "label_provided", "refund_processing_days"]


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").strip().lower())


def _region_eq(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    return _norm(a) == _norm(b) or _norm(a) in _norm(b) or _norm(b) in _norm(a)


def _option_eq(exp: dict, got: dict) -> bool:
    if (exp["price"] is None) != (got["price"] is None):
        return False
    if exp["price"] is not None and Decimal(exp["price"]) != Decimal(got["price"]):
        return False
    return exp["currency"] == got["currency"] and all(exp[k] == got[k] for k in (
        "min_days", "max_days", "business_days")) and _region_eq(exp["region"], got["region"])


def _name_soft_eq(exp: str, got: str | None) -> bool:
    """Names are informational: accept containment either way or any shared word / 2-char CJK run."""
    e, g = _norm(exp), _norm(got)
    if not g:
        return False
    if e in g or g in e:
        return True
    words = set(re.findall(r"[a-z0-9&]{3,}", e)) & set(re.findall(r"[a-z0-9&]{3,}", g))
    cjk = {e[i:i + 2] for i in range(len(e) - 1)} & {g[i:i + 2] for i in range(len(g) - 1)}
    return bool(words or {c for c in cjk if re.match(r"[\u3040-\u9fff]{2}", c)})


def assert_shipping(expected: list[dict], got: list[dict]) -> None:
    left = list(got)
    for exp in expected:
        hit = next((g for g in left if _option_eq(exp, g)), None)
        assert hit is not None, f"missing option {exp}; predicted {got}"
        left.remove(hit)
    assert not left, f"unexpected options {left}"


def assert_value(field: str, exp, got) -> None:
    if field.endswith("refund_types"):
        assert set(exp) == set(got), f"{field}: expected {exp} got {got}"
    elif isinstance(exp, dict) and isinstance(got, dict):
        assert set(exp) == set(got), f"{field}: expected {exp} got {got}"
        for key, value in exp.items():
            same = Decimal(str(value)) == Decimal(str(got[key])) if key in ("amount", "percent") else value == got[key]
            assert same, f"{field}.{key}: expected {value!r} got {got[key]!r}"
    else:
        assert exp == got, f"{field}: expected {exp!r} got {got!r}"


def assert_facts(expected: dict, got: dict) -> None:
    assert_shipping(expected["shipping"], got["shipping"])
    for field in ("free_shipping_threshold", "processing_days"):
        assert_value(field, expected[field], got[field])
    if expected["returns"] is None or got["returns"] is None:
        assert expected["returns"] == got["returns"], f"returns: expected {expected['returns']} got {got['returns']}"
        return
    for field in RETURN_FIELDS:
        assert_value(f"returns.{field}", expected["returns"][field], got["returns"][field])


# --- the shared samples --------------------------------------------------------------------------

def _sample_names() -> list[str]:
    if not (SAMPLES / "expected.json").is_file():
        return []
    return sorted(json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def expected_samples() -> dict:
    if not (SAMPLES / "expected.json").is_file():
        pytest.skip(f"policy samples not found at {SAMPLES} (CI clones shared/ beside the repo)")
    return json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def parsed_samples(expected_samples) -> dict:
    return {name: parse_policy_text((SAMPLES / name).read_text(encoding="utf-8")) for name in expected_samples}


FIELD_GROUPS = ["shipping", "free_shipping_threshold", "processing_days", "returns"]


@pytest.mark.parametrize("field", FIELD_GROUPS)
@pytest.mark.parametrize("sample", _sample_names() or [pytest.param("none", marks=pytest.mark.skip(
    reason=f"policy samples not found at {SAMPLES}"))])
def test_sample(sample, field, expected_samples, parsed_samples):
    expected, got = expected_samples[sample], parsed_samples[sample]
    if field == "shipping":
        assert_shipping(expected["shipping"], got["shipping"])
    elif field == "returns":
        exp_ret, got_ret = expected["returns"], got["returns"]
        assert (exp_ret is None) == (got_ret is None), f"returns: expected {exp_ret} got {got_ret}"
        for name in RETURN_FIELDS if exp_ret else []:
            assert_value(f"returns.{name}", exp_ret[name], got_ret[name])
    else:
        assert_value(field, expected[field], got[field])


def test_sample_names_are_soft_matches_and_substrings(expected_samples, parsed_samples):
    from spiders.pages.policy_text.normalize import normalize_text
    for sample, expected in expected_samples.items():
        got = parsed_samples[sample]
        text = normalize_text((SAMPLES / sample).read_text(encoding="utf-8")).lower()
        left = list(got["shipping"])
        for exp in expected["shipping"]:
            hit = next(g for g in left if _option_eq(exp, g))
            left.remove(hit)
            assert _norm(hit["name"]) in _norm(text), f"{sample}: name {hit['name']!r} is not in the text"
            assert _name_soft_eq(exp["name"], hit["name"]), \
                f"{sample}: name {hit['name']!r} vs expected {exp['name']!r}"


def test_provenance_names_rules(parsed_samples):
    facts = parsed_samples["ja_08.txt"]
    assert facts["provenance"]["free_shipping_threshold"] == "text:ja:threshold-を超え"
    assert facts["provenance"]["shipping"].startswith("text:ja:")
    assert parsed_samples["en_01.txt"]["provenance"]["free_shipping_threshold"] == "text:en:threshold-or more"


# --- own fixtures: phrasings from the spec list, EN / ID / JA -------------------------------------

def _ret(**kw) -> dict:
    base = {f: None for f in RETURN_FIELDS}
    base["refund_types"] = []
    base.update(kw)
    return base


def _opt(name, price, currency, lo, hi, business, region=None) -> dict:
    return {"name": name, "price": price, "currency": currency, "min_days": lo, "max_days": hi,
            "business_days": business, "region": region}


OWN_FIXTURES = {
    "en_3to5_over_fixed_restock_label": ("""Shipping
Standard Shipping: $4.99, arrives in 3 to 5 business days.
Express Shipping: $14.99, arrives in 1-2 business days.
Free standard shipping on orders over $75.
Orders ship within 2 business days. Call 1-800-555-0100, Mon-Fri 9-5.

Returns
You can return items within 30 days of delivery. We provide a free prepaid return label.
Refunds are issued to your original payment method within 10 business days.
A $10 restocking fee applies to opened items.
""", {"currency": "USD"}, {
        "shipping": [_opt("Standard Shipping", "4.99", "USD", 3, 5, True),
                     _opt("Express Shipping", "14.99", "USD", 1, 2, True)],
        "free_shipping_threshold": {"amount": "75", "currency": "USD", "inclusive": False},
        "processing_days": {"min": 0, "max": 2},
        "returns": _ret(window_days=30, window_starts="delivery", accepted="any", return_shipping_paid_by="merchant",
                        free_returns=True, refund_types=["money"], restocking_fee={"amount": "10", "currency": "USD"},
                        label_provided=True, refund_processing_days={"min": 0, "max": 10})}),
    "en_or_more_weeks_store_credit": ("""Delivery
UK Standard — £3.95 — 2-4 working days
UK Next Day — £6.95 — next working day
Free UK Standard delivery on orders of £50 or more.

Returns
Unwanted items can be returned within 2 weeks of receipt. Return postage is paid by the customer.
We offer store credit or an exchange; we do not offer cash refunds.
""", {}, {
        "shipping": [_opt("UK Standard", "3.95", "GBP", 2, 4, True), _opt("UK Next Day", "6.95", "GBP", 1, 1, True)],
        "free_shipping_threshold": {"amount": "50", "currency": "GBP", "inclusive": True},
        "processing_days": None,
        "returns": _ret(window_days=14, window_starts="delivery", accepted="any", return_shipping_paid_by="customer",
                        free_returns=False, refund_types=["store_credit", "exchange"])}),
    "en_tiers_and_above_percent_restock": ("""Shipping (all prices in NZD)
Orders under $100: $8.00 flat rate
Orders $100 and above: FREE
Delivery usually takes 3–7 business days. Order #10023 weighs 2 kg.

Returns must be requested within 60 calendar days of purchase.
Items returned for reasons other than defects are subject to a 20% restocking fee.
Customers are responsible for return shipping costs unless the item is defective.
""", {}, {
        "shipping": [_opt("Orders under $100", "8", "NZD", 3, 7, True),
                     _opt("Orders $100 and above", "0", "NZD", 3, 7, True)],
        "free_shipping_threshold": {"amount": "100", "currency": "NZD", "inclusive": True},
        "processing_days": None,
        "returns": _ret(window_days=60, window_starts="purchase", accepted="any", return_shipping_paid_by="depends",
                        free_returns=False, restocking_fee={"percent": 20})}),
    "en_final_sale": ("All sales are final. We do not accept returns or exchanges.\n", {"currency": "USD"}, {
        "shipping": [], "free_shipping_threshold": None, "processing_days": None,
        "returns": _ret(accepted="none")}),
    "id_1x24_hari_kerja_min_belanja_kredit": ("""INFO PENGIRIMAN
Pesanan diproses 1x24 jam setelah pembayaran.
JNE REG: Rp9.000, estimasi 3–5 hari kerja
J&T Express: Rp10.000, estimasi 2–4 hari kerja
Gratis ongkir min. belanja Rp200.000 (maks. potongan Rp20.000).

RETUR
Retur maksimal 7 hari setelah barang diterima. Ongkir retur ditanggung pembeli.
Dana dikembalikan dalam bentuk kredit toko.
""", {"country": "ID"}, {
        "shipping": [_opt("JNE REG", "9000", "IDR", 3, 5, True), _opt("J&T Express", "10000", "IDR", 2, 4, True)],
        "free_shipping_threshold": {"amount": "200000", "currency": "IDR", "inclusive": True},
        "processing_days": {"min": 0, "max": 1},
        "returns": _ret(window_days=7, window_starts="delivery", accepted="any", return_shipping_paid_by="customer",
                        free_returns=False, refund_types=["store_credit"])}),
    "id_lebih_dari_kalender_no_label": ("""Ongkos kirim flat Rp15.000 ke seluruh Indonesia, estimasi 2-5 hari.
Gratis ongkir untuk pembelian lebih dari Rp500.000.

Kebijakan Pengembalian
Barang dapat dikembalikan dalam 14 hari kalender sejak tanggal pembelian.
Kami tidak menyediakan label retur.
Biaya penanganan 5% dari harga barang.
""", {}, {
        "shipping": [_opt("Ongkos kirim flat", "15000", "IDR", 2, 5, None)],
        "free_shipping_threshold": {"amount": "500000", "currency": "IDR", "inclusive": False},
        "processing_days": None,
        "returns": _ret(window_days=14, window_starts="purchase", accepted="any", restocking_fee={"percent": 5},
                        label_provided=False)}),
    "ja_ijou_1week_label_points": ("""【送料】
全国一律 600円（税込）
ご購入金額５，０００円以上で送料無料
ご注文から２～３営業日以内に発送いたします。

【返品・交換】
お客様都合による返品も承ります。商品到着後1週間以内にご連絡ください。
返品送料は当社負担です。返品用の着払い伝票を同封しております。
返金またはショップポイントでの返金を承ります。
""", {}, {
        "shipping": [_opt("全国一律", "600", "JPY", None, None, None)],
        "free_shipping_threshold": {"amount": "5000", "currency": "JPY", "inclusive": True},
        "processing_days": {"min": 2, "max": 3},
        "returns": _ret(window_days=7, window_starts="delivery", accepted="any", return_shipping_paid_by="merchant",
                        free_returns=True, refund_types=["money", "store_credit"], label_provided=True)}),
    "ja_wo_koeru_fee_percent": ("""■配送料
宅急便（ヤマト運輸）：880円（税込）
10,000円を超えるご注文で送料無料となります。
お届けまでの目安：発送後1〜2日

■返品について
お客様都合の返品は商品到着後14日以内に限り承ります。返送料はお客様負担となります。
返金の際は事務手数料として商品代金の5%を差し引きます。
お問い合わせ：03-0000-0000（平日10:00〜17:00）
""", {}, {
        "shipping": [_opt("宅急便", "880", "JPY", 1, 2, None)],
        "free_shipping_threshold": {"amount": "10000", "currency": "JPY", "inclusive": False},
        "processing_days": None,
        "returns": _ret(window_days=14, window_starts="delivery", accepted="any", return_shipping_paid_by="customer",
                        free_returns=False, refund_types=["money"], restocking_fee={"percent": 5})}),
}


FILE_FIXTURES = {  # longer texts in policy_fixtures/: file -> (kwargs, expected)
    "en_table_days_before_price.txt": ({"currency": "USD"}, {
        "shipping": [_opt("Standard", "5", "USD", 4, 7, True), _opt("Expedited", "15", "USD", 2, 3, True),
                     _opt("Overnight", "30", "USD", 1, 2, True)],
        "free_shipping_threshold": {"amount": "50", "currency": "USD", "inclusive": False},
        "processing_days": {"min": 1, "max": 3}, "returns": None}),
    "en_cutoff_bullets.txt": ({}, {
        "shipping": [_opt("Standard Post", "10.95", "AUD", 3, 8, True),
                     _opt("Express Post", "15.95", "AUD", 1, 3, True)],
        "free_shipping_threshold": {"amount": "120", "currency": "AUD", "inclusive": True},
        "processing_days": {"min": 0, "max": 1},
        "returns": _ret(window_days=14, window_starts="delivery", accepted="any", return_shipping_paid_by="customer",
                        free_returns=False, refund_types=["money", "store_credit", "exchange"])}),
    "ja_fullwidth_regional_rates.txt": ({}, {
        "shipping": [_opt("本州", "880", "JPY", None, None, None, "本州"),
                     _opt("北海道・九州", "1210", "JPY", None, None, None, "北海道・九州"),
                     _opt("沖縄", "1980", "JPY", None, None, None, "沖縄")],
        "free_shipping_threshold": {"amount": "15000", "currency": "JPY", "inclusive": True},
        "processing_days": {"min": 0, "max": 7},
        "returns": _ret(window_days=8, window_starts="delivery", accepted="any", return_shipping_paid_by="depends",
                        free_returns=False, refund_types=["exchange"])}),
    "id_regional_estimate_subsidy.txt": ({}, {
        "shipping": [_opt("Pengiriman", None, None, 1, 3, None, "Jawa"),
                     _opt("Pengiriman", None, None, 3, 6, None, "luar Jawa")],
        "free_shipping_threshold": {"amount": "100000", "currency": "IDR", "inclusive": True},
        "processing_days": {"min": 0, "max": 1},
        "returns": _ret(window_days=3, window_starts="delivery", accepted="any", return_shipping_paid_by="customer",
                        free_returns=False, refund_types=["money", "exchange"],
                        refund_processing_days={"min": 0, "max": 2})}),
    "en_dash_rows_free_over.txt": ({}, {
        "shipping": [_opt("UK Standard", "3.5", "GBP", 3, 5, True), _opt("UK Express", "6", "GBP", 1, 2, True),
                     _opt("EU Tracked", "12", "GBP", 5, 10, True)],
        "free_shipping_threshold": {"amount": "40", "currency": "GBP", "inclusive": False},
        "processing_days": {"min": 0, "max": 2},
        "returns": _ret(window_days=30, window_starts="delivery", accepted="any", return_shipping_paid_by="depends",
                        free_returns=False, refund_types=["money", "exchange"],
                        refund_processing_days={"min": 0, "max": 14})}),
    "ja_slash_regional_rates.txt": ({}, {
        "shipping": [_opt("レターパックプラス", "600", "JPY", None, None, None)] + [
            _opt("ゆうパック", price, "JPY", None, None, None, region) for region, price in (
                ("北海道", "1500"), ("東北", "1100"), ("関東・中部", "900"), ("近畿・中国・四国", "1000"), ("九州", "1200"),
                ("沖縄", "1800"))],
        "free_shipping_threshold": {"amount": "10000", "currency": "JPY", "inclusive": True},
        "processing_days": {"min": 0, "max": 5},
        "returns": _ret(window_days=7, window_starts="delivery", accepted="any", return_shipping_paid_by="depends",
                        free_returns=False)}),
}


@pytest.mark.parametrize("name", sorted(FILE_FIXTURES))
def test_file_fixture(name):
    kwargs, expected = FILE_FIXTURES[name]
    assert_facts(expected, parse_policy_text((FIXTURES / name).read_text(encoding="utf-8"), **kwargs))


@pytest.mark.parametrize("key", sorted(OWN_FIXTURES))
def test_own_fixture(key):
    text, kwargs, expected = OWN_FIXTURES[key]
    assert_facts(expected, parse_policy_text(text, **kwargs))


@pytest.mark.parametrize("text, expected", [
    ("Standard: $5, 3 to 5 business days", (3, 5, True)),
    ("JNE: Rp10.000, 3–5 hari kerja", (3, 5, True)),
    ("通常便：500円／２～４日", (2, 4, None)),
    ("Kargo: Rp50.000, estimasi 2 minggu", (14, 14, None)),
    ("Kurir: Rp20.000, maks. 2 hari", (None, 2, None)),
    ("宅急便：800円／1週間程度", (7, 7, None)),
])
def test_delivery_day_phrasings(text, expected):
    option = parse_policy_text(text, currency="USD")["shipping"][0]
    assert (option["min_days"], option["max_days"], option["business_days"]) == expected


@pytest.mark.parametrize("text, expected", [
    ("Spend $75 or more and get free shipping!", ("75", True)),
    ("Orders over $100 ship free.", ("100", False)),
    ("Free shipping on all orders above €50", ("50", False)),
    ("Belanja Rp150rb ke atas gratis ongkir!", ("150000", True)),
    ("Gratis ongkir se-Indonesia dengan minimal pembelian Rp 99.000", ("99000", True)),
    ("合計金額が3,000円を超えると送料が無料になります", ("3000", False)),
    ("1万円以上のお買い物で送料無料", ("10000", True)),
    ("Shipping is free on every order, no minimum.", None),
    ("Free gift with orders over $100!", None),
    ("Free ongkir s/d Rp15.000 tanpa minimum belanja", None),
])
def test_threshold_phrasings(text, expected):
    threshold = parse_policy_text(text, currency="USD")["free_shipping_threshold"]
    got = None if threshold is None else (threshold["amount"], threshold["inclusive"])
    assert got == expected


def test_semicolon_tiers_and_regional_parentheses():
    facts = parse_policy_text("Shipping rates: Orders under $35: $4.99; Orders $35-$74.99: $7.99; Orders $75+: FREE",
                              currency="USD")
    assert_shipping([_opt("Orders under $35", "4.99", "USD", None, None, None),
                     _opt("Orders $35-$74.99", "7.99", "USD", None, None, None),
                     _opt("Orders $75+", "0", "USD", None, None, None)], facts["shipping"])
    facts = parse_policy_text("送料：全国一律880円（北海道・沖縄は1,320円）")
    assert_shipping([_opt("送料", "880", "JPY", None, None, None),
                     _opt("送料", "1320", "JPY", None, None, None, "北海道・沖縄")], facts["shipping"])


@pytest.mark.parametrize("text", [
    "Gift cards start at $25. Membership costs $99 per year and includes free shipping.",
    "Biaya asuransi Rp2.000 per paket. Voucher diskon Rp10.000 untuk pembelian pertama.",
    "会員登録で500円分のポイントプレゼント！代引き手数料：330円",
    "Call us at 1-800-555-0142, Mon–Fri 9–5. Order #12345 placed 03/14/2024.",
    "Maximum parcel weight 20 kg, 120 cm. Warranty: 2 years. Postcode 20095.",
    "支払期限：ご注文後7日以内。TEL 03-0000-0000。2024年4月1日改定。",
])
def test_decoys_give_nothing(text):
    facts = parse_policy_text(text, currency="USD")
    assert facts["shipping"] == [] and facts["free_shipping_threshold"] is None
    assert facts["processing_days"] is None and facts["returns"] is None


# --- html_to_text ---------------------------------------------------------------------------------

def test_html_to_text_rows_blocks_and_hidden_content():
    text = html_to_text((FIXTURES / "shipping_table.html").read_text(encoding="utf-8"))
    lines = text.splitlines()
    assert "Method | Cost | Delivery" in lines
    assert "Standard | $9.95 | 3–6 business days" in lines
    assert "Shipping & Returns" in lines
    assert "All prices in AUD." in lines and "Orders ship within 1 business day." in lines
    for hidden in ("$999", "$0 shipping", "$1 hidden", "$5 comment", "color: red"):
        assert hidden not in text


def test_html_to_text_feeds_the_parser():
    facts = parse_policy_text(html_to_text((FIXTURES / "shipping_table.html").read_text(encoding="utf-8")))
    assert_shipping([_opt("Standard", "9.95", "AUD", 3, 6, True), _opt("Express", "15", "AUD", 1, 2, True)],
                    facts["shipping"])
    assert facts["free_shipping_threshold"] == {"amount": "100", "currency": "AUD", "inclusive": True}
    assert facts["processing_days"] == {"min": 0, "max": 1}
    assert facts["returns"]["window_days"] == 30


def test_html_key_value_table_ja():
    text = html_to_text((FIXTURES / "ja_tokushoho_table.html").read_text(encoding="utf-8"))
    assert "送料 | 全国一律660円（税込）。5,500円以上のご注文で送料無料" in text.splitlines()
    facts = parse_policy_text(text)
    assert_facts({
        "shipping": [_opt("送料", "660", "JPY", None, None, None)],
        "free_shipping_threshold": {"amount": "5500", "currency": "JPY", "inclusive": True},
        "processing_days": {"min": 0, "max": 3},
        "returns": _ret(window_days=7, window_starts="delivery", accepted="defect_only")}, facts)


def test_html_to_text_empty_and_plain_text():
    assert html_to_text("") == ""
    plain = "Total belanja < Rp100.000 → ongkir Rp20.000\nTotal belanja ≥ Rp250.000 → GRATIS"
    assert html_to_text(plain) == plain  # no tags: lines are kept, "<" is not markup


# --- items ----------------------------------------------------------------------------------------

def test_to_items_round_trip():
    text, kwargs, _ = OWN_FIXTURES["en_3to5_over_fixed_restock_label"]
    facts = parse_policy_text(text, **kwargs)
    shipping = to_shipping_item(facts, "https://shop.example/shipping")
    returns = to_returns_item(facts, "https://shop.example/returns")
    assert isinstance(shipping, ShippingItem) and isinstance(returns, ReturnsItem)
    assert shipping.options[0].price == Decimal("4.99") and shipping.free_shipping_threshold.amount == Decimal("75")
    assert shipping.processing_days.max == 2 and shipping.provenance["free_shipping_threshold"].startswith("text:en:")
    assert returns.restocking_fee.amount == Decimal("10") and returns.window_days == 30
    assert returns.model_dump(mode="json")["restocking_fee"]["amount"] == "10"


def test_to_items_none_when_no_facts():
    facts = parse_policy_text("Hello and welcome to our shop!")
    assert to_shipping_item(facts, "https://x.example") is None
    assert to_returns_item(facts, "https://x.example") is None
