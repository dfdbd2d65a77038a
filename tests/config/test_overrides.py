"""``overrides:`` in store files and ``confidence_threshold`` in rivalwatch.yaml: what is accepted,
what each mistake says (one line: file, field, fix), and what reaches storage."""

from __future__ import annotations

from decimal import Decimal

import pytest
from typer.testing import CliRunner

from rivalwatch.cli import app
from core.config.global_settings import load_global_settings
from core.config.loader import load_store_file
from storage.apply import apply_policy

BASE = "slug: rival\nname: Rival\ncurrency: IDR\nsources:\n  - kind: returns\n    url: https://rival.example/retur\n"


def load(tmp_path, overrides: str):
    path = tmp_path / "rival.yaml"
    path.write_text(BASE + overrides, encoding="utf-8")
    return path, *load_store_file(path)


def test_valid_overrides_reach_storage_as_canonical_fact_values(tmp_path):
    _path, config, errors = load(tmp_path, (
        "overrides:\n  returns.window_days: 14\n  shipping.free_shipping_threshold: 150000\n"
        "  shipping.processing_days: {min: 1, max: 2}\n  returns.refund_processing_days: 7\n"
        "  returns.accepted: defect_only\n  returns.refund_types: [money, exchange]\n"
        "  returns.restocking_fee: {percent: 15}\n  returns.free_returns: false\n"))
    assert errors == []
    assert config.overrides.values("IDR")["shipping.free_shipping_threshold"] == {
        "amount": Decimal("150000"), "currency": "IDR", "inclusive": True}
    policy = apply_policy(config)
    assert dict(policy.overrides) == {
        "returns.window_days": "14", "returns.accepted": '"defect_only"', "returns.free_returns": "false",
        "returns.refund_types": '["exchange","money"]', "returns.restocking_fee": '{"percent":"15"}',
        "returns.refund_processing_days": '{"max":7,"min":7}', "shipping.processing_days": '{"max":2,"min":1}',
        "shipping.free_shipping_threshold": '{"amount":"150000","currency":"IDR","inclusive":true}',
    }
    assert policy.confidence_threshold == 0.6


@pytest.mark.parametrize("overrides, field, says", [
    ("returns.windowdays: 14", "overrides.returns.windowdays", "unknown fact path; use one of shipping.free_shipping_threshold"),
    ("returns.window_days: fourteen", "overrides.returns.window_days", "use a whole number of days from 0 to 3650"),
    ("returns.window_days: -3", "overrides.returns.window_days", "use a whole number of days"),
    ("shipping.free_shipping_threshold: gratis", "overrides.shipping.free_shipping_threshold", "use an amount such as 150000"),
    ("shipping.processing_days: {min: 1}", "overrides.shipping.processing_days", "use a whole number of days such as 2"),
    ("returns.accepted: maybe", "overrides.returns.accepted", "use one of 'none', 'defect_only' or 'any'"),
    ("returns.restocking_fee: {percent: 10, amount: 5}", "overrides.returns.restocking_fee", "use {percent: 15} or {amount: 5}"),
    ("returns.refund_types: [cash]", "overrides.returns.refund_types[0]", "use one of 'money', 'store_credit' or 'exchange'"),
])
def test_each_mistake_is_one_line_naming_file_field_and_fix(tmp_path, overrides, field, says):
    path, config, errors = load(tmp_path, f"overrides:\n  {overrides}\n")
    assert config is None and len(errors) == 1
    line = str(errors[0])
    assert line.startswith(f"{path}: {field}: ") and says in line and "\n" not in line


def test_config_validate_prints_the_line_and_fails(tmp_path):
    (tmp_path / "rival.yaml").write_text(BASE + "overrides:\n  returns.window_day: 14\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["config", "validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "rival.yaml: overrides.returns.window_day: unknown fact path" in result.output


def test_confidence_threshold_is_a_global_setting(tmp_path):
    (tmp_path / "rivalwatch.yaml").write_text("confidence_threshold: 0.75\n", encoding="utf-8")
    settings, errors = load_global_settings(tmp_path)
    assert errors == [] and settings.confidence_threshold == 0.75
    _path, config, _errors = load(tmp_path, "")
    assert apply_policy(config, settings).confidence_threshold == 0.75
    (tmp_path / "rivalwatch.yaml").write_text("confidence_threshold: 1.5\n", encoding="utf-8")
    _settings, errors = load_global_settings(tmp_path)
    assert [e.field for e in errors] == ["confidence_threshold"]
