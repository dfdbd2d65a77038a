"""A store on 127.0.0.1:0 that can misbehave at the byte level (reliability.md group D).

``/p/0`` is the product page; ``mode`` picks the fault for the next requests: ``ok``, ``reset``
(close without answering), ``partial`` (Content-Length 10 KB, 4 KB sent), ``badchunk`` (broken
chunked encoding), ``hang`` (never answers), ``retry_after`` (429 with Retry-After: 1, then 200),
``loop`` (redirect A→B→A), ``chain`` (30 redirects), ``huge`` (20 MB body), ``bomb`` (gzip body
that inflates to 200 MB), ``charset_*`` (the same price text with different encoding labels).
"""

from __future__ import annotations

import gzip
import json
import socketserver
import threading
import time

PRICE = "19.99"


def product_page(price: str = PRICE, title: str = "Café crème") -> str:
    data = {"@context": "https://schema.org", "@type": "Product", "name": title, "sku": "SKU-0",
            "offers": {"@type": "Offer", "price": price, "priceCurrency": "EUR", "availability": "https://schema.org/InStock"}}
    return (f"<html><head><script type='application/ld+json'>{json.dumps(data, ensure_ascii=False)}</script></head>"
            f"<body><h1>{title}</h1><p>Prix : {price} €</p><button>Ajouter au panier</button></body></html>")


class FaultStore:
    """Context manager; set ``mode`` between crawls. ``hits`` counts product-page requests."""

    def __init__(self):
        self.mode, self.hits, self._retry_sent = "ok", 0, False
        self._bomb = None
        store = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                try:
                    line = self.rfile.readline().decode("latin-1")
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    store._answer(self.wfile, line.split(" ")[1] if " " in line else "/", self.connection)
                except (BrokenPipeError, ConnectionResetError, OSError):
                    pass

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    @staticmethod
    def _send(out, status: str, body: bytes, headers: dict | None = None) -> None:
        head = {"Content-Length": str(len(body)), "Content-Type": "text/html; charset=utf-8", "Connection": "close"}
        head.update(headers or {})
        out.write(f"HTTP/1.1 {status}\r\n".encode() + "".join(f"{k}: {v}\r\n" for k, v in head.items() if v is not None).encode() + b"\r\n" + body)

    def _answer(self, out, path: str, connection) -> None:
        if path == "/robots.txt":
            return self._send(out, "200 OK", b"User-agent: *\nAllow: /\n", {"Content-Type": "text/plain"})
        self.hits += 1
        handler = getattr(self, f"_mode_{self.mode.split('_')[0]}")
        handler(out, path, connection)

    def _mode_ok(self, out, path, connection):
        if path.startswith("/p/0"):
            return self._send(out, "200 OK", product_page().encode("utf-8"))
        return self._send(out, "404 Not Found", b"no")

    def _mode_reset(self, out, path, connection):
        connection.setsockopt(__import__("socket").SOL_SOCKET, __import__("socket").SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        connection.close()

    def _mode_partial(self, out, path, connection):
        out.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 10240\r\n\r\n" + b"x" * 4096)
        out.flush()

    def _mode_badchunk(self, out, path, connection):
        out.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nbroken\r\n")
        out.flush()

    def _mode_hang(self, out, path, connection):
        time.sleep(6)

    def _mode_retry(self, out, path, connection):  # retry_after
        if not self._retry_sent:
            self._retry_sent = True
            return self._send(out, "429 Too Many Requests", b"slow down", {"Retry-After": "1"})
        return self._mode_ok(out, path, connection)

    def _mode_loop(self, out, path, connection):
        target = "/b" if not path.startswith("/b") else "/p/0"
        return self._send(out, "302 Found", b"", {"Location": target if target == "/b" else "/p/0?again"})

    def _mode_chain(self, out, path, connection):
        step = int(path.rsplit("=", 1)[1]) if "step=" in path else 0
        return self._send(out, "302 Found", b"", {"Location": f"/p/0?step={step + 1}"})

    def _mode_huge(self, out, path, connection):
        out.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 20971520\r\n\r\n")
        chunk = b"<p>" + b"a" * 65533
        for _ in range(320):
            out.write(chunk)

    def _mode_bomb(self, out, path, connection):
        if self._bomb is None:
            self._bomb = gzip.compress(b"\0" * (200 * 1024 * 1024), compresslevel=9)
        return self._send(out, "200 OK", self._bomb, {"Content-Encoding": "gzip"})

    def _mode_charset(self, out, path, connection):
        variant = self.mode.split("_", 1)[1]
        page = product_page()
        if variant == "meta":  # no charset header, <meta charset>
            body = page.replace("<head>", "<head><meta charset='iso-8859-1'>").encode("iso-8859-1", errors="xmlcharrefreplace")
            return self._send(out, "200 OK", body, {"Content-Type": "text/html"})
        if variant == "bom":
            return self._send(out, "200 OK", b"\xef\xbb\xbf" + page.encode("utf-8"), {"Content-Type": "text/html"})
        # mislabelled: header says latin-1, bytes are UTF-8 (BOM-less)
        return self._send(out, "200 OK", page.encode("utf-8"), {"Content-Type": "text/html; charset=iso-8859-1"})
