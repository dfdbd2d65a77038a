"""Start the Streamlit dashboard as a child process bound to a database.

By default it binds to loopback. Any other address needs authentication configured
(``dashboard.auth``: a password hash, or OIDC with an email allowlist); without it, or
with a weak OIDC cookie secret, the launcher refuses to start. Error details never reach the
browser (``client.showErrorDetails=none``) and XSRF protection stays on. The child gets absolute
database and config-directory locations (the demo's own config directory included), and SIGTERM
stops it with the launcher.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import dashboard
from core.config.loader import CONFIG_DIR_ENV, default_config_dir
from dashboard.auth import AuthSettings, exposure_problem, is_loopback, read_oidc_section
from rivalwatch.procs import sigterm_as_interrupt, stop_tree
from storage import StorageConfig
from storage.extras import require_database_driver

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


def dashboard_env(database_url: str | None, config_dir: Path | None = None) -> dict[str, str]:
    """Environment for the child: the database URL and config directory resolved to absolute locations."""
    env = dict(os.environ)
    url = database_url or StorageConfig.from_env().url
    require_database_driver(url)  # one line naming the postgres extra, before Streamlit starts
    env["RIVALWATCH_DATABASE_URL"] = url
    env[CONFIG_DIR_ENV] = str(Path(config_dir or default_config_dir()).resolve())
    return env


def port_in_use(address: str, port: int) -> bool:
    """True when something already listens on ``address:port`` (bound the way Streamlit binds)."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((address, port))
        except OSError:
            return True
    return False


def free_port(address: str, port: int, tries: int = 20) -> int | None:
    """``port`` or the next free one after it (None when ``tries`` ports are all taken)."""
    return next((p for p in range(port, port + tries) if not port_in_use(address, p)), None)


def start_dashboard(*, port: int, address: str, database_url: str | None, config_dir: Path | None = None) -> subprocess.Popen:
    """Start Streamlit in the background; refuse non-loopback addresses without working authentication."""
    problem = exposure_problem(address, AuthSettings.from_env(oidc=read_oidc_section()))
    if problem:
        raise ValueError(problem)
    return subprocess.Popen(streamlit_command(port, address), env=dashboard_env(database_url, config_dir),
                            start_new_session=True)


def run_dashboard(*, port: int, address: str, database_url: str | None, config_dir: Path | None = None,
                  next_free_port: bool = False) -> int:
    """Serve the dashboard in the foreground until Ctrl-C or SIGTERM (which stop Streamlit too).

    A busy port is one error line, or with ``next_free_port`` (the demo) the next free port, said so.
    """
    problem = exposure_problem(address, AuthSettings.from_env(oidc=read_oidc_section()))
    if problem:  # before the port: refusing to expose the data matters more than a busy port
        print(f"error: {problem}", file=sys.stderr)
        return 1
    if port_in_use(address, port):
        chosen = free_port(address, port + 1) if next_free_port else None
        if chosen is None:
            print(f"error: port {port} on {address} is already in use (another dashboard still running?); "
                  "stop it or pass --port N", file=sys.stderr)
            return 1
        print(f"port {port} is in use; using port {chosen} instead", flush=True)
        port = chosen
    try:
        process = start_dashboard(port=port, address=address, database_url=database_url, config_dir=config_dir)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"dashboard: http://{address}:{port}  (Ctrl-C to stop)", flush=True)
    with sigterm_as_interrupt():
        try:
            return process.wait()
        except KeyboardInterrupt:  # Ctrl-C, or SIGTERM (procs.Terminated)
            stop_tree(process, 10)
            return 0
