"""``rivalwatch changes`` (table worded like the dashboard, JSON, ``release``) and ``rivalwatch alerts``
(``send`` to a local webhook, ``test`` of an unknown channel) through the CLI, on the sample database."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from rivalwatch.cli import app
from tests.dashboard.sample_db import build_sample_db

runner = CliRunner()


def test_changes_as_a_worded_table_and_as_json(tmp_path):
    url = build_sample_db(tmp_path / "s.sqlite")
    table = runner.invoke(app, ["changes", "--database-url", url])
    assert table.exit_code == 0, table.output
    assert "Kopi Gayo" in table.output and "85.000" in table.output  # money worded by the formatting layer
    data = runner.invoke(app, ["changes", "--database-url", url, "--format", "json", "--store", "rival-a"])
    rows = json.loads(data.output)
    assert rows and {row["store"] for row in rows} == {"rival-a"}


def test_release_of_an_unknown_store_is_one_line(tmp_path):
    url = build_sample_db(tmp_path / "s.sqlite")
    result = runner.invoke(app, ["changes", "release", "no-such-store", "--database-url", url])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1 and "no-such-store" in result.output


def test_alerts_test_of_an_unknown_channel_and_send_with_a_broken_store_file(tmp_path):
    config = tmp_path / "config"
    config.mkdir()
    (config / "rivalwatch.yaml").write_text(
        "allow_private_targets: true\nchannels: [{name: team, url: 'json://127.0.0.1:9/hook'}]\n", encoding="utf-8")
    (config / "rival.yaml").write_text("slug: rival\nname: Rival\ncurrency: IDR\nsources:\n"
                                       "  - {kind: product, url: 'https://rival.example/p/1'}\n", encoding="utf-8")
    unknown = runner.invoke(app, ["alerts", "test", "nobody", "--config", str(config)])
    assert unknown.exit_code == 1 and "nobody" in unknown.output and "Traceback" not in unknown.output
    assert len(unknown.output.strip().splitlines()) == 1
    (config / "rival.yaml").write_text("slug: rival\nname: Rival\ncurrency: IDRX\nsources: []\n", encoding="utf-8")
    database = tmp_path / "rw.sqlite"
    broken = runner.invoke(app, ["alerts", "send", "--config", str(config), "--database-url", f"sqlite:///{database}"])
    assert broken.exit_code == 1 and "rival.yaml" in broken.output and "rivalwatch config validate" in broken.output
    assert not database.exists()  # nothing planned or sent before the configuration is fixed
