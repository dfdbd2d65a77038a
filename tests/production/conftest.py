"""Helpers for production tests: config directories, crawl subprocesses, the Redis fixture."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("RIVALWATCH_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
FAST = {"download_delay": 0, "concurrency": 8, "autothrottle": False}


def write_config(directory: Path, stores: dict[str, str], contact: str | None = None) -> Path:
    """A config dir with the given store files and a rivalwatch.yaml allowing loopback targets."""
    directory.mkdir(parents=True, exist_ok=True)
    settings = "allow_private_targets: true\n" + (f"user_agent_contact: {contact}\n" if contact else "")
    (directory / "rivalwatch.yaml").write_text(settings, encoding="utf-8")
    for slug, text in stores.items():
        (directory / f"{slug}.yaml").write_text(text, encoding="utf-8")
    return directory


def rivalwatch(*args: str, timeout: float = 120, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    """Run ``python -m rivalwatch ARGS`` from the repo root and capture its output."""
    return subprocess.run([sys.executable, "-m", "rivalwatch", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})}, **kwargs)


@pytest.fixture
def redis_client():
    """A Redis client on a test database; keys under a unique prefix are deleted afterwards."""
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis at {REDIS_URL} is required in CI: {exc}")
        pytest.skip(f"Redis not reachable at {REDIS_URL}")
    client.test_prefix = f"rwtest-{uuid.uuid4().hex[:8]}"
    yield client
    for key in client.scan_iter(f"{client.test_prefix}*"):
        client.delete(key)
    client.close()
