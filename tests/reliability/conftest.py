"""Fixtures for reliability tests: a "public" mock on 127.0.0.2 and an "internal" one on 127.0.0.1.

``RIVALWATCH_TEST_PUBLIC_IPS=127.0.0.2`` (the documented test-only switch) makes the guard treat
127.0.0.2 as public, so loopback-only tests can exercise every SSRF rule.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Mock:
    """A tiny server answering from a dict path -> (status, headers, body); counts hits."""

    def __init__(self, host: str, routes: dict):
        self.routes, self.hits = routes, []
        mock = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802
                mock.hits.append(self.path)
                status, headers, body = mock.routes.get(self.path.split("?")[0], (404, {}, b"not found"))
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.base = f"http://{host}:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def internal():
    mock = Mock("127.0.0.1", {"/admin": (200, {"Content-Type": "text/html"}, b"<html><body>secret admin</body></html>")})
    yield mock
    mock.close()


@pytest.fixture
def public(monkeypatch):
    monkeypatch.setenv("RIVALWATCH_TEST_PUBLIC_IPS", "127.0.0.2")
    monkeypatch.delenv("RIVALWATCH_ALLOW_PRIVATE_TARGETS", raising=False)
    mock = Mock("127.0.0.2", {})
    yield mock
    mock.close()
