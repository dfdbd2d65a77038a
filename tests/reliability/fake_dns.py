"""A scripted DNS for SSRF tests — no real DNS server, no network.

``FAKE_DNS`` (JSON) maps host names to a list of answers; the n-th lookup of a name in a process gets
``answers[min(n, last)]``, so ``{"shop.test": [["127.0.0.2"], ["127.0.0.1"]]}`` is a rebinding server:
"public" (127.0.0.2, listed in ``FAKE_PUBLIC_IPS``) once, then loopback for ever. Other names
resolve as usual. Every scripted lookup is appended to the file ``FAKE_DNS_LOG`` when set
(``host answer``).

Playwright's driver (node) has a resolver of its own: ``install()`` also sets ``NODE_OPTIONS`` so
that a driver started afterwards loads ``fake_dns_node.js``, which answers scripted names with the
script's LAST answer (the rebound one — any lookup after the check) and logs ``host answer driver``.
A browser path that let the driver resolve a name again would reach the "internal" server; one
that fetches through the pinned ``safe_fetch.fetch_once`` leaves no ``driver`` line.

``FAKE_PUBLIC_IPS`` (comma-separated) makes those loopback addresses count as public — by patching
``ipaddress.IPv4Address.is_global`` in the test's process, so production code has no test switch.

In-process: ``install()`` (or ``treat_as_public(monkeypatch, ip)``). In front of a command (the patch must be in the crawling process):
``python -m tests.reliability.fake_dns scrapy crawl store …`` or ``… rivalwatch try URL``.
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import sys
import threading
from pathlib import Path

NODE_HOOK = Path(__file__).with_name("fake_dns_node.js")
PUBLIC_ENV = "FAKE_PUBLIC_IPS"
_real_is_global = ipaddress.IPv4Address.is_global  # the property


def _is_global(address: ipaddress.IPv4Address) -> bool:
    listed = {a.strip() for a in os.environ.get(PUBLIC_ENV, "").split(",") if a.strip()}
    return str(address) in listed or _real_is_global.fget(address)


def treat_as_public(monkeypatch, addresses: str) -> None:
    """In this test (and the crawl processes it starts through this module) ``addresses`` are public."""
    monkeypatch.setenv(PUBLIC_ENV, addresses)
    monkeypatch.setattr(ipaddress.IPv4Address, "is_global", property(_is_global))

_real_getaddrinfo = socket.getaddrinfo
_real_gethostbyname = socket.gethostbyname
_lock = threading.Lock()
_counts: dict[str, int] = {}


def _answer(host: str) -> list[str] | None:
    script = json.loads(os.environ.get("FAKE_DNS", "{}"))
    answers = script.get(host.lower().rstrip(".")) if isinstance(host, str) else None
    if answers is None:
        return None
    with _lock:
        n = _counts.get(host, 0)
        _counts[host] = n + 1
    answer = answers[min(n, len(answers) - 1)]
    if os.environ.get("FAKE_DNS_LOG"):
        with open(os.environ["FAKE_DNS_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{host} {','.join(answer)}\n")
    return answer


def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):  # noqa: A002 - socket's signature
    answer = _answer(host)
    if answer is None:
        return _real_getaddrinfo(host, port, family, type, proto, flags)
    port = int(port or 0)
    return [(socket.AF_INET6 if ":" in ip else socket.AF_INET, type or socket.SOCK_STREAM, proto or 6, "",
             (ip, port, 0, 0) if ":" in ip else (ip, port)) for ip in answer]


def gethostbyname(host):
    answer = _answer(host)
    return _real_gethostbyname(host) if answer is None else next(ip for ip in answer if ":" not in ip)


def node_options() -> str:
    """``NODE_OPTIONS`` that make a Playwright driver started with it resolve scripted names too."""
    return " ".join(filter(None, [os.environ.get("NODE_OPTIONS", ""), f"--require {NODE_HOOK}"]))


def install() -> None:
    """Patch this process's resolver functions (looked up at call time by Twisted and netguard) and,
    through ``NODE_OPTIONS``, the resolver of Playwright drivers started from now on."""
    socket.getaddrinfo = getaddrinfo
    socket.gethostbyname = gethostbyname
    ipaddress.IPv4Address.is_global = property(_is_global)  # FAKE_PUBLIC_IPS
    os.environ["NODE_OPTIONS"] = node_options()


def main(argv: list[str]) -> None:
    install()
    command, *args = argv
    sys.argv = [command, *args]
    if command == "scrapy":
        from scrapy.cmdline import execute

        execute()
    elif command == "rivalwatch":
        from rivalwatch.cli import app

        app(prog_name="rivalwatch")
    else:
        raise SystemExit(f"unknown command {command!r}: use scrapy or rivalwatch")


if __name__ == "__main__":
    main(sys.argv[1:])
