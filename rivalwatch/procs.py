"""Process-tree helpers for the watchdog: find and stop a crawl and everything it started.

Playwright starts Chromium in its own session, so killing the crawl's process group is not enough:
the watchdog also walks ``/proc`` for descendants (node driver, Chromium and its helpers).
``sigterm_as_interrupt`` and ``run_child`` let foreground commands (``demo``, ``dashboard``) stop
their children on SIGTERM as they do on Ctrl-C.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def _parents() -> dict[int, int]:
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # the process ended while we looked
            continue
        # the command name may contain spaces and ')': the fields after the last ')' are fixed
        fields = stat.rsplit(")", 1)[1].split()
        table[int(entry.name)] = int(fields[1])
    return table


def descendants(pid: int) -> list[int]:
    """Every live descendant of ``pid`` (children first)."""
    parents = _parents()
    found, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        children = [child for child, parent in parents.items() if parent == current]
        found.extend(children)
        frontier.extend(children)
    return found


def _signal(pids: list[int], sig: int) -> None:
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def stop_tree(process, grace_seconds: float) -> None:
    """SIGTERM the process group (Scrapy shuts down gracefully), then SIGKILL whatever is left."""
    tree = descendants(process.pid)
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    deadline = time.monotonic() + grace_seconds
    while process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    tree = sorted(set(tree) | set(descendants(process.pid)))
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _signal(tree, signal.SIGKILL)
    process.wait()


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: unwinds like Ctrl-C so ``finally`` blocks stop child processes."""


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM raises ``Terminated`` (the default would kill only this process,
    leaving children such as Streamlit or a crawl with its Chromium running)."""
    def handler(_signum, _frame):
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_child(cmd: list[str], *, env: dict[str, str] | None = None, grace_seconds: float = 10.0) -> int:
    """Run ``cmd`` in its own process group; when interrupted (Ctrl-C, SIGTERM) stop its whole tree."""
    process = subprocess.Popen(cmd, env=env, start_new_session=True)
    try:
        return process.wait()
    except BaseException:
        stop_tree(process, grace_seconds)
        raise
