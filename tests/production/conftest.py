"""Helpers for production tests: config directories, crawl subprocesses, the Redis fixture."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from core.testing.stores import FAST, write_config  # noqa: F401 - the production tests import them from here

REPO = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("RIVALWATCH_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
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
