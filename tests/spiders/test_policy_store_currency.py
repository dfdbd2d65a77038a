"""A store's configured currency reaches the policy-text parser, in a crawl and in ``rivalwatch extract``.

A Singapore store whose shipping page prices in a bare "$" (no "S$", no "SGD" anywhere): a real
``scrapy crawl store`` into SQLite must store the rate and the free-shipping threshold in SGD,
because the store's YAML says ``currency: SGD``; without a currency the CLI leaves it unknown.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from rivalwatch.cli import app
from storage import Database, upgrade
from storage.models import Fact
from tests.fakes.scripted_store import ScriptedStore

REPO = Path(__file__).resolve().parents[2]
BARE_DOLLAR_SHIPPING = (
    "<html><body><h1>Delivery</h1><p>Standard Delivery: $4.50 (2-4 working days)</p>"
    "<p>Free standard delivery on orders of $60 or more.</p></body></html>"
)


class BareDollarStore(ScriptedStore):
    def answer(self, handler) -> None:
        if handler.path.split("?", 1)[0] == "/shipping":
            return self.send(handler, 200, BARE_DOLLAR_SHIPPING, "text/html; charset=utf-8")
        return super().answer(handler)


def test_crawl_reads_a_bare_dollar_in_the_stores_currency(tmp_path):
    config, db_url = tmp_path / "config", f"sqlite:///{tmp_path / 'rw.sqlite'}"
    config.mkdir()
    (config / "rivalwatch.yaml").write_text("allow_private_targets: true\n", encoding="utf-8")
    with BareDollarStore() as store:
        yaml = store.config_yaml().replace("country: US\ncurrency: USD", "country: SG\ncurrency: SGD")
        yaml = yaml.replace("alerts:", f"  - kind: shipping\n    url: {store.base_url}/shipping\nalerts:")
        (config / "rival.yaml").write_text(yaml, encoding="utf-8")
        db = Database.connect(db_url)
        upgrade(db)
        cmd = [sys.executable, "-m", "scrapy", "crawl", "store", "-a", "store=rival", "-a", f"config={config}",
               "-s", f"RIVALWATCH_DATABASE_URL={db_url}", "-s", "LOG_LEVEL=WARNING"]
        result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    with db.session() as s:
        facts = {(f.subject_type, f.field): json.loads(f.value) for f in s.scalars(select(Fact))}
    assert facts[("shipping", "free_shipping_threshold")] == {"amount": "60", "currency": "SGD", "inclusive": True}
    assert (facts[("shipping_option", "price")], facts[("shipping_option", "currency")]) == ("4.5", "SGD")


def test_extract_cli_takes_the_store_currency(tmp_path):
    source = tmp_path / "shipping.txt"
    source.write_text("Standard Delivery: $4.50 (2-4 working days)\nFree delivery on orders of $60 or more.\n",
                      encoding="utf-8")
    with_store = CliRunner().invoke(app, ["extract", "shipping", str(source), "--currency", "SGD", "--country", "SG"])
    assert with_store.exit_code == 0, with_store.output
    item = json.loads(with_store.output)
    assert (item["options"][0]["price"], item["options"][0]["currency"]) == ("4.5", "SGD")
    assert item["free_shipping_threshold"] == {"amount": "60", "currency": "SGD", "inclusive": True}
    without = json.loads(CliRunner().invoke(app, ["extract", "shipping", str(source)]).output)
    assert without["options"][0]["currency"] is None  # a bare "$" with no store currency stays unknown
