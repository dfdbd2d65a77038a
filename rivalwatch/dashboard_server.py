"""Start the Streamlit dashboard as a child process bound to a database.

The dashboard has no login of its own yet, so it only binds to loopback addresses; exposing it
needs a reverse proxy with authentication in front (documented in the README).
"""

from __future__ import annotations

import ipaddress
import os
import subprocess
import sys
from pathlib import Path

import dashboard
from storage import StorageConfig

APP = Path(dashboard.__file__).with_name("app.py")


def is_loopback(address: str) -> bool:
    """True for localhost / 127.0.0.0/8 / ::1."""
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def streamlit_command(port: int, address: str) -> list[str]:
    """The command line that serves the dashboard headless."""
    return [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.headless", "true",
        "--server.address", address,
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
        "--server.enableXsrfProtection", "true",
    ]


def dashboard_env(database_url: str | None) -> dict[str, str]:
    """Environment for the child: the database URL resolved to an absolute location."""
    env = dict(os.environ)
    env["RIVALWATCH_DATABASE_URL"] = database_url or StorageConfig.from_env().url
    return env


def start_dashboard(*, port: int, address: str, database_url: str | None) -> subprocess.Popen:
    """Start Streamlit in the background; refuse non-loopback addresses."""
    if not is_loopback(address):
        raise ValueError(
            f"refusing to serve the dashboard on {address}: it has no login yet; bind to 127.0.0.1 "
            "and put an authenticating reverse proxy (or an SSH tunnel) in front"
        )
    return subprocess.Popen(streamlit_command(port, address), env=dashboard_env(database_url))


def run_dashboard(*, port: int, address: str, database_url: str | None) -> int:
    """Serve the dashboard in the foreground until interrupted; return an exit code."""
    try:
        process = start_dashboard(port=port, address=address, database_url=database_url)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"dashboard: http://{address}:{port}  (Ctrl-C to stop)", flush=True)
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        process.wait(timeout=10)
        return 0
