"""The HTTP plumbing every fake store shares: a threaded server on 127.0.0.1:0 and a response writer.

A fake store (or webhook receiver) subclasses :class:`LoopbackStore` and implements ``answer(handler)``; the base starts and
stops the server (as a context manager) and gives ``base_url``. Requests are served on daemon threads
so a hanging page never keeps a test process alive.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class LoopbackStore:
    """Base of the fake stores: ``with Store(...) as store: store.base_url``."""

    protocol_version = "HTTP/1.0"  # a subclass sets "HTTP/1.1" to keep connections open like real stores
    methods: tuple[str, ...] = ("GET",)  # other methods answer 501, as http.server does
    server_version = "LoopbackStore/1.0"  # the Server header

    def __init__(self, host: str = "127.0.0.1", port: int = 0, name: str | None = None) -> None:
        store = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = store.protocol_version
            server_version = store.server_version

            def log_message(self, *args):  # keep test output clean
                pass

            def do_GET(self):  # noqa: N802 - http.server's naming
                store.answer(self)

        for method in store.methods:
            setattr(Handler, f"do_{method}", Handler.do_GET)
        self.server = ThreadingHTTPServer((host, port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base_url = f"http://{host}:{self.port}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=name, daemon=True)

    def start(self):
        """Serve in the background (what ``with`` does); returns the store."""
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving, free the port and wait for the serving thread (a never-started store just closes)."""
        if self._thread.is_alive():
            self.server.shutdown()
            self._thread.join(timeout=5)
        self.server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        raise NotImplementedError

    @staticmethod
    def send(handler: BaseHTTPRequestHandler, status: int, body: str | bytes, content_type: str | None,
             headers: dict[str, str] | list[tuple[str, str]] | None = None) -> None:
        """Write one complete response; a client that hung up early is not the store's problem.

        ``headers`` as pairs when a name repeats (several ``Set-Cookie``); no Content-Type when None."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        try:
            handler.send_response(status)
            if content_type is not None:
                handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(data)))
            for name, value in (headers.items() if isinstance(headers, dict) else headers or ()):
                handler.send_header(name, value)
            handler.end_headers()
            if data and handler.command != "HEAD":
                handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
