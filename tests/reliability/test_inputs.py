"""Bad inputs (reliability.md B6, B8, C15, H4): selector functions, XML entities, dependency floors,
SQLite on a network filesystem."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.version import Version
from scrapy.utils.sitemap import Sitemap

from core.config.selectors import validate_selector
from storage import db as storage_db


@pytest.mark.parametrize("expr", ["unparsed-text('/etc/passwd')", "doc('/etc/passwd')", "json-doc('/x')",
                                  "environment-variable('HOME')", "//a[unparsed-text-lines('/etc/passwd')]"])
def test_xpath_file_and_environment_functions_are_rejected(expr):  # B6
    with pytest.raises(ValueError, match="not allowed"):
        validate_selector(f"xpath:{expr}")


def test_sitemap_external_entities_are_not_resolved(tmp_path):  # B8
    sentinel = tmp_path / "sentinel.txt"
    sentinel.write_text("TOP-SECRET-SENTINEL")
    xml = (f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file://{sentinel}">]>'
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://shop.example/&xxe;</loc></url></urlset>')
    locs = [entry.get("loc", "") for entry in Sitemap(xml.encode())]
    assert all("TOP-SECRET-SENTINEL" not in loc for loc in locs)


@pytest.mark.parametrize("package, floor", [("scrapy", "2.13.4"), ("streamlit", "1.60"), ("jinja2", "3.1.4"),
                                            ("twisted", "24.7.0"), ("pydantic", "2.6")])
def test_installed_versions_fix_known_advisories(package, floor):  # C15
    assert Version(version(package)) >= Version(floor)


def test_pyproject_pins_the_floors():
    text = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text()
    assert '"scrapy>=2.13.4"' in text and '"streamlit>=1.60"' in text


def test_sqlite_on_network_filesystem_is_refused(tmp_path, monkeypatch):  # H4
    monkeypatch.setattr(storage_db, "filesystem_type", lambda path: "nfs4")
    with pytest.raises(RuntimeError, match="network filesystem"):
        storage_db.make_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
