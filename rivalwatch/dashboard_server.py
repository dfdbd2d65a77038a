"""Start the Streamlit dashboard as a child process bound to a database.

By default it binds to loopback. Any other address needs authentication configured
(``rivalwatch.dashboard_auth``: a password hash, or OIDC with an email allowlist); without it, or
with a weak OIDC cookie secret, the launcher refuses to start. Error details never reach the
browser (``client.showErrorDetails=none``) and XSRF protection stays on.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import dashboard
from rivalwatch.dashboard_auth import AuthSettings, exposure_problem, is_loopback, read_oidc_section
from storage import StorageConfig

__all__ = ["is_loopback", "run_dashboard", "start_dashboard", "streamlit_command"]

APP = Path(dashboard.__file__).with_name("app.py")


def streamlit_command(port: int, address: str) -> list[str]:
    """The command line that serves the dashboard headless."""
    return [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.headless", "true",
        "--server.address", address,
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
        "--server.enableXsrfProtection", "true",
        # Tracebacks and exception messages go to the server log only, never to the browser.
        "--client.showErrorDetails", "none",
        "--client.toolbarMode", "viewer",
        "--server.runOnSave", "false",
    ]


def dashboard_env(database_url: str | None) -> dict[str, str]:
    """Environment for the child: the database URL resolved to an absolute location."""
    env = dict(os.environ)
    env["RIVALWATCH_DATABASE_URL"] = database_url or StorageConfig.from_env().url
    return env


def start_dashboard(*, port: int, address: str, database_url: str | None) -> subprocess.Popen:
    """Start Streamlit in the background; refuse non-loopback addresses without working authentication."""
    problem = exposure_problem(address, AuthSettings.from_env(oidc=read_oidc_section()))
    if problem:
        raise ValueError(problem)
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
