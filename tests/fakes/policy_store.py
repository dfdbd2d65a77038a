"""A fake store serving only policy pages whose wording a test changes between crawls.

``/shipping`` and ``/returns`` answer ``shipping_html`` / ``returns_html`` (plain attributes, set
them between crawls); ``config_yaml`` writes the store file, optionally with ``overrides:``.
"""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler

from core.testing.loopback import LoopbackStore


def page(title: str, *paragraphs: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><head><title>{title}</title></head><body><main><h1>{title}</h1>{body}</main></body></html>"


class PolicyStore(LoopbackStore):
    """Context manager: ``with PolicyStore() as store: store.returns_html = page(...)``."""

    def __init__(self, shipping_html: str, returns_html: str):
        super().__init__()
        self.shipping_html, self.returns_html = shipping_html, returns_html

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path.split("?", 1)[0]
        if path == "/robots.txt":
            return self.send(handler, 200, "User-agent: *\nAllow: /\n", "text/plain")
        if path in ("/shipping", "/returns"):
            html = self.shipping_html if path == "/shipping" else self.returns_html
            return self.send(handler, 200, html, "text/html; charset=utf-8")
        return self.send(handler, 404, "not found", "text/plain")

    def config_yaml(self, slug: str = "rival", overrides: dict | None = None) -> str:
        text = (
            f"slug: {slug}\nname: Rival\ncountry: US\ncurrency: USD\nconfirm_runs: 1\n"
            "politeness: {download_delay: 0, concurrency: 4, autothrottle: false, conditional_requests: false}\n"
            f"sources:\n  - kind: shipping\n    url: {self.base_url}/shipping\n"
            f"  - kind: returns\n    url: {self.base_url}/returns\n"
            "alerts:\n  - when: returns_changed\n  - when: shipping_changed\n"
        )
        if overrides:
            text += "overrides:\n" + "".join(f"  {path}: {value}\n" for path, value in overrides.items())
        return text
