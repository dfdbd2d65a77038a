"""What a new user sees when a crawl goes wrong (issue #12): one line per failed URL, counts that agree.

Real ``rivalwatch crawl`` runs of a fake store: a 404 page, ``https://`` on the plain-HTTP port and a
closed port each give exactly one ``fetch failed: URL (why)`` line with the HTTP status or the
network error — no traceback, no "Ignoring non-200 response", no "Gave up retrying" — and the
progress line and the summary show the same error count. A store at an IPv6 literal
(``http://[::1]:PORT/``) crawls like one at 127.0.0.1, over plain HTTP and in Chromium (``render: browser``,
and ``rivalwatch try --render browser``), and a refused private address says how to
allow a local test store.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import select

from storage import Database
from storage.models import CrawlRun
from tests.browser_support import require_chromium
from tests.fakes.scripted_store import ScriptedStore

REPO = Path(__file__).resolve().parents[2]


class IPv6Store(ScriptedStore):
    """The scripted store served on ``[::1]`` instead of 127.0.0.1."""

    def __init__(self, products: int = 1, price: str = "19.99"):
        super().__init__(products, price)
        handler = self.server.RequestHandlerClass
        self.server.server_close()

        class Server(ThreadingHTTPServer):
            address_family = socket.AF_INET6

        self.server = Server(("::1", 0), handler)
        self.server.daemon_threads = True
        self.base_url = f"http://[::1]:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _crawl(tmp_path: Path, urls: list[str], *, allow_private: bool = True,
           render: str = "http") -> tuple[subprocess.CompletedProcess, str]:
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "rivalwatch.yaml").write_text(f"allow_private_targets: {str(allow_private).lower()}\n", encoding="utf-8")
    sources = "".join(f"  - kind: product\n    url: {url}\n    render: {render}\n" for url in urls)
    (config / "rival.yaml").write_text(
        "slug: rival\nname: Rival\ncurrency: USD\nconfirm_runs: 1\n"
        f"politeness: {{download_delay: 0, autothrottle: false}}\nsources:\n{sources}", encoding="utf-8")
    db_url = f"sqlite:///{tmp_path / 'rw.sqlite'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("RIVALWATCH_")}
    env["PYTHONPATH"] = str(REPO)
    result = subprocess.run([sys.executable, "-m", "rivalwatch", "crawl", "--config", str(config), "--database-url", db_url],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    return result, db_url


def _fetch_failures(stderr: str) -> dict[str, str]:
    lines = [line for line in stderr.splitlines() if "fetch failed: " in line]
    failures = {}
    for line in lines:
        url, why = re.search(r"fetch failed: (\S+) \((.*)\)$", line).groups()
        assert url not in failures, f"two lines for {url}:\n{stderr}"
        failures[url] = why
    return failures


def test_failed_urls_are_one_line_each_with_status_or_network_error(tmp_path):
    closed = _closed_port()
    with ScriptedStore(products=1) as store:
        port = store.base_url.rsplit(":", 1)[1]
        bad = {
            "http404": f"{store.base_url}/missing",
            "tls": f"https://127.0.0.1:{port}/p/0",
            "refused": f"http://127.0.0.1:{closed}/p/0",
        }
        result, _ = _crawl(tmp_path, [f"{store.base_url}/p/0", *bad.values()])
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "Ignoring non-200" not in output and "Gave up retrying" not in output, output
    failures = _fetch_failures(result.stderr)
    assert set(failures) == set(bad.values()), result.stderr
    assert failures[bad["http404"]] == "HTTP 404 Not Found"
    assert failures[bad["tls"]].startswith("TLS handshake failed") and "http://" in failures[bad["tls"]]
    assert "refused" in failures[bad["refused"]].lower()
    # The robots.txt of the closed port: one warning line, not an ERROR with a traceback.
    assert len(result.stderr.strip().splitlines()) <= 8, result.stderr
    progress = re.findall(r"^\[rival\] pages \d+, items \d+, errors (\d+) — finished$", result.stderr, re.MULTILINE)
    summary = re.findall(r"^rival\s+run \d+ .* errors (\d+), changes (\d+)$", result.stdout, re.MULTILINE)
    assert progress == ["3"] and summary == [("3", "0")], (result.stdout, result.stderr)


def test_unreachable_store_reports_no_change(tmp_path):
    result, _ = _crawl(tmp_path, [f"http://127.0.0.1:{_closed_port()}/p/0"])
    assert result.returncode == 1 and "Traceback" not in result.stderr
    # The operator's health event ("spider broken") is no competitor change.
    assert re.search(r"^rival\s+run 1\s+failed .* errors 1, changes 0$", result.stdout, re.MULTILINE), result.stdout


@pytest.mark.parametrize("render", ["http", pytest.param("browser", marks=pytest.mark.browser)])
def test_store_at_an_ipv6_literal_crawls_like_ipv4(tmp_path, render):
    if render == "browser":
        require_chromium()
    with IPv6Store(products=1, price="19.99") as store:
        result, db_url = _crawl(tmp_path, [f"{store.base_url}/p/0"], render=render)
        preview = subprocess.run([sys.executable, "-m", "rivalwatch", "try", "--allow-private", "--render", render,
                                  f"{store.base_url}/p/0"], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)},
                                 capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stderr and "DNS lookup failed" not in result.stderr, result.stderr
    assert _fetch_failures(result.stderr) == {}
    db = Database.connect(db_url)
    with db.session() as s:
        run = s.scalar(select(CrawlRun))
        assert run.healthy and run.items == 1 and run.errors == 0, run.health_reasons
    db.dispose()
    assert preview.returncode == 0 and "19.99" in preview.stdout, preview.stdout + preview.stderr


def test_refused_private_address_says_how_to_allow_a_local_test_store(tmp_path):
    with ScriptedStore(products=1) as store:
        result, _ = _crawl(tmp_path, [f"{store.base_url}/p/0"], allow_private=False)
        preview = subprocess.run([sys.executable, "-m", "rivalwatch", "try", f"{store.base_url}/p/0"], cwd=tmp_path,
                                 env={k: v for k, v in os.environ.items() if not k.startswith("RIVALWATCH_")}
                                 | {"PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=120)
    blocked = [line for line in result.stderr.splitlines() if "refusing to connect" in line]
    assert len(blocked) == 1 and "allow_private_targets: true" in blocked[0] and "rivalwatch.yaml" in blocked[0], result.stderr
    assert preview.returncode == 1
    assert len(preview.stderr.strip().splitlines()) == 1
    assert "allow_private_targets: true" in preview.stderr and "--allow-private" in preview.stderr, preview.stderr
