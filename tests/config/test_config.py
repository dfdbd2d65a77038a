"""Config validation: good files load; bad files give errors naming file, field, value and fix."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rivalwatch.cli import app
from core.config import load_config_dir
from core.config.schema import SCHEMA_PATH, schema_json

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "competitors"
GOOD = """\
slug: rival
name: Rival
currency: IDR
sources:
  - kind: product
    url: https://rival.example/p/1
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def errors_of(directory: Path) -> list[str]:
    return [str(e) for e in load_config_dir(directory).errors]


def test_examples_are_valid():
    result = load_config_dir(EXAMPLES)
    assert result.errors == []
    assert result.own.slug == "tokoku"
    assert {s.slug for s in result.stores} == {"tokoku", "rival-shop"}


def test_good_file_has_defaults(tmp_path):
    store = load_config_dir(write(tmp_path, "rival.yaml", GOOD)).stores[0]
    assert store.own is False and store.schedule == "0 6 * * *"
    assert store.sources[0].render == "http"


@pytest.mark.parametrize(
    "change, field, words",
    [
        (("currency: IDR", "currency: rupiah"), "currency", "ISO 4217"),
        (("url: https://rival.example/p/1", "url: file:///etc/passwd"), "sources[0].url", "only http:// and https://"),
        (("url: https://rival.example/p/1", "url: javascript:alert(1)"), "sources[0].url", "only http"),
        (("kind: product", "kind: productz"), "sources[0].kind", "use one of"),
        (("name: Rival", "name: Rival\ncolour: red"), "colour", "unknown key"),
        (("currency: IDR", "currency: IDR\nschedule: every day"), "schedule", "cron"),
        (("url: https://rival.example/p/1", "url: https://rival.example/p/1\n    wait_for: .price"), "sources[0]", "render: browser"),
        (("url: https://rival.example/p/1", "url: https://rival.example/p/1\n    selectors: {price: 'xpath://a['}"), "sources[0].selectors.price", "invalid xpath"),
        (("slug: rival", "slug: Rival Shop"), "slug", "lower-case"),
    ],
)
def test_bad_field_is_named_with_fix(tmp_path, change, field, words):
    errors = errors_of(write(tmp_path, "rival.yaml", GOOD.replace(*change)))
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{tmp_path / 'rival.yaml'}: {field}:"), errors[0]
    assert words in errors[0]


def test_missing_required_field(tmp_path):
    errors = errors_of(write(tmp_path, "rival.yaml", GOOD.replace("currency: IDR\n", "")))
    assert errors == [f"{tmp_path / 'rival.yaml'}: currency: required field is missing; add it"]


def test_yaml_syntax_error_names_line(tmp_path):
    errors = errors_of(write(tmp_path, "rival.yaml", "slug: [unclosed\nname: x\n"))
    assert "line" in errors[0] and "YAML syntax error" in errors[0]


def test_cross_file_rules(tmp_path):
    write(tmp_path, "a.yaml", GOOD.replace("name: Rival", "name: Rival\nown: true"))
    write(tmp_path, "b.yaml", GOOD)
    write(tmp_path, "c.yaml", GOOD.replace("slug: rival", "slug: other").replace("name: Rival", "name: O\nown: true"))
    errors = errors_of(tmp_path)
    assert any("b.yaml: slug: slug already used" in e for e in errors)
    assert any("only one store may set own: true" in e for e in errors)


def test_cli_validate_exit_codes_without_traceback(tmp_path):
    runner = CliRunner()
    ok = runner.invoke(app, ["config", "validate", str(EXAMPLES)])
    assert ok.exit_code == 0 and "2 store(s)" in ok.output
    write(tmp_path, "bad.yaml", GOOD.replace("currency: IDR", "currency: 12"))
    bad = subprocess.run([sys.executable, "-m", "rivalwatch", "config", "validate", str(tmp_path)], capture_output=True, text=True)
    assert bad.returncode == 1
    assert "bad.yaml: currency:" in bad.stderr and "Traceback" not in bad.stderr
    missing = runner.invoke(app, ["config", "validate", str(tmp_path / "nope")])
    assert missing.exit_code == 1


def test_exported_schema_is_in_sync():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_json(), "run: python -m core.config.schema"
    schema = json.loads(schema_json())
    assert schema["additionalProperties"] is False
    for name, prop in schema["properties"].items():
        assert prop.get("description"), f"field {name} has no description"


def test_own_store_rule_is_the_same_in_docs_schema_and_validation(tmp_path):
    """At most one own store per config directory; none is allowed (issue #16 item 7)."""
    none_dir = write(tmp_path, "rival.yaml", GOOD)
    result = load_config_dir(none_dir)
    assert result.errors == [] and result.own is None
    ok = CliRunner().invoke(app, ["config", "validate", str(none_dir)])
    assert ok.exit_code == 0 and "own store: none" in ok.output
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    own_doc = schema["properties"]["own"]["description"]
    assert "At most one store per config directory" in own_doc and "none is allowed" in own_doc
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "at most one per config directory; none is allowed" in readme
    assert "exactly one" not in own_doc and "exactly one" not in readme
