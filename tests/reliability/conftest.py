"""Fixtures for reliability tests: a "public" mock on 127.0.0.2 and an "internal" one on 127.0.0.1.

``fake_dns.treat_as_public`` makes this test process (and crawls started through
``python -m tests.reliability.fake_dns``) treat 127.0.0.2 as public, so loopback-only tests can
exercise every SSRF rule without a test switch in production code.
"""

from __future__ import annotations

import pytest

from core.testing.loopback import LoopbackStore
from tests.reliability import fake_dns


class Mock(LoopbackStore):
    """A tiny server answering from a dict path -> (status, headers, body); counts hits."""

    def __init__(self, host: str, routes: dict):
        super().__init__(host)
        self.routes, self.hits = routes, []
        self.base = self.base_url
        self.start()

    def answer(self, handler) -> None:
        self.hits.append(handler.path)
        status, headers, body = self.routes.get(handler.path.split("?")[0], (404, {}, b"not found"))
        headers = dict(headers)
        self.send(handler, status, body, headers.pop("Content-Type", None), headers)


@pytest.fixture
def internal():
    mock = Mock("127.0.0.1", {"/admin": (200, {"Content-Type": "text/html"}, b"<html><body>secret admin</body></html>")})
    yield mock
    mock.close()


@pytest.fixture
def public(monkeypatch):
    fake_dns.treat_as_public(monkeypatch, "127.0.0.2")
    monkeypatch.delenv("RIVALWATCH_ALLOW_PRIVATE_TARGETS", raising=False)
    mock = Mock("127.0.0.2", {})
    yield mock
    mock.close()
