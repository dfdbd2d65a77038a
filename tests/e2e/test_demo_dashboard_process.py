"""The dashboard the demo starts (issue #12): right config directory, stopped by SIGTERM, busy ports.

A real ``rivalwatch demo`` (demo stores, two crawls, Streamlit) in a temporary folder: its port is
taken, so it picks the next free one and says so; the Streamlit child is started with the demo's
config directory (the Sources and Crawl health pages read ``RIVALWATCH_CONFIG_DIR``) and serves;
``kill <pid>`` (SIGTERM) of the demo stops Streamlit too. ``rivalwatch dashboard`` likewise stops
its Streamlit on SIGTERM, and a busy port is one error line.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from rivalwatch.procs import descendants

REPO = Path(__file__).resolve().parents[2]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RIVALWATCH_")}
    env["PYTHONPATH"] = str(REPO)
    return env


def _listening_socket() -> tuple[socket.socket, int]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return sock, sock.getsockname()[1]


def _wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _streamlit(pid: int) -> int:
    for child in descendants(pid):
        try:
            if b"streamlit" in Path(f"/proc/{child}/cmdline").read_bytes():
                return child
        except OSError:
            continue
    return 0


def _environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(entry.decode().split("=", 1) for entry in raw if b"=" in entry)


def _stop_and_check_tree(process: subprocess.Popen, tree: list[int], port: int) -> None:
    os.kill(process.pid, signal.SIGTERM)
    process.wait(timeout=60)
    _wait_for(lambda: not any(_alive(pid) for pid in tree), 30, f"the process tree {tree} to stop")
    assert not _healthy(port)


def test_demo_dashboard_gets_the_demo_config_dir_takes_a_free_port_and_stops_on_sigterm(tmp_path):
    taken, port = _listening_socket()
    log = tmp_path / "demo.log"
    with log.open("w") as out:
        demo = subprocess.Popen([sys.executable, "-m", "rivalwatch", "demo", "--port", str(port)], cwd=tmp_path,
                                env=_env(), stdout=out, stderr=subprocess.STDOUT)
    try:
        line = _wait_for(lambda: re.search(r"^dashboard: http://127\.0\.0\.1:(\d+)", log.read_text(), re.MULTILINE),
                         300, "the demo's dashboard line")
        served = int(line.group(1))
        text = log.read_text()
        assert served != port and f"port {port} is in use; using port {served} instead" in text, text
        assert "Traceback" not in text
        streamlit = _wait_for(lambda: _streamlit(demo.pid), 30, "the Streamlit child")
        env = _environ(streamlit)
        assert env["RIVALWATCH_CONFIG_DIR"] == str(tmp_path / "data" / "demo-competitors")
        assert env["RIVALWATCH_DATABASE_URL"] == f"sqlite:///{tmp_path / 'data' / 'demo.sqlite'}"
        _wait_for(lambda: _healthy(served), 120, "Streamlit to serve")
        _stop_and_check_tree(demo, [streamlit, *descendants(demo.pid)], served)
    finally:
        taken.close()
        if demo.poll() is None:
            demo.kill()


def test_dashboard_stops_streamlit_on_sigterm_and_a_busy_port_is_one_line(tmp_path):
    taken, port = _listening_socket()
    busy = subprocess.run([sys.executable, "-m", "rivalwatch", "dashboard", "--port", str(port),
                           "--database-url", f"sqlite:///{tmp_path / 'rw.sqlite'}"],
                          cwd=tmp_path, env=_env(), capture_output=True, text=True, timeout=120)
    taken.close()
    assert busy.returncode == 1 and busy.stdout == ""
    assert busy.stderr.strip().splitlines() == [
        f"error: port {port} on 127.0.0.1 is already in use (another dashboard still running?); stop it or pass --port N"]
    dashboard = subprocess.Popen([sys.executable, "-m", "rivalwatch", "dashboard", "--port", str(port),
                                  "--config", str(tmp_path / "competitors"),
                                  "--database-url", f"sqlite:///{tmp_path / 'rw.sqlite'}"],
                                 cwd=tmp_path, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        streamlit = _wait_for(lambda: _streamlit(dashboard.pid), 60, "the Streamlit child")
        assert _environ(streamlit)["RIVALWATCH_CONFIG_DIR"] == str(tmp_path / "competitors")
        _wait_for(lambda: _healthy(port), 120, "Streamlit to serve")
        _stop_and_check_tree(dashboard, [streamlit, *descendants(dashboard.pid)], port)
    finally:
        if dashboard.poll() is None:
            dashboard.kill()
