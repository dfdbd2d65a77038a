"""Finding every process a test run started, including ones re-parented to init (Chromium's
crashpad handler, an orphaned browser): children inherit a unique environment tag. A zombie's
environment can no longer be read, so ``still_present`` re-checks pids seen while the run was alive."""

from __future__ import annotations

import uuid
from pathlib import Path

TAG_VAR = "RIVALWATCH_TEST_TAG"


def new_tag() -> dict[str, str]:
    return {TAG_VAR: uuid.uuid4().hex}


def tagged(tag: dict[str, str]) -> list[tuple[int, str, str]]:
    """(pid, name, state) of live processes carrying the tag (zombies included: state 'Z')."""
    needle = f"{TAG_VAR}={tag[TAG_VAR]}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle not in (entry / "environ").read_bytes():
                continue
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        state = stat.rsplit(")", 1)[1].split()[0]
        found.append((int(entry.name), name, state))
    return found


def browser_main_pids(tag: dict[str, str]) -> list[int]:
    """The Chromium browser process(es) (not renderers or helpers) started under the tag."""
    pids = []
    for pid, name, _state in tagged(tag):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if name in ("chromium", "chrome") and not any(arg.startswith(b"--type=") for arg in cmdline):
            pids.append(pid)
    return pids


def still_present(pids: list[int]) -> list[tuple[int, str, str]]:
    """(pid, name, state) of the given pids that still exist in any state, zombies ('Z') included."""
    found = []
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        found.append((pid, name, stat.rsplit(")", 1)[1].split()[0]))
    return found
