"""Which network addresses RivalWatch may contact (SSRF guard for crawls, previews and alerts).

Only globally routable addresses are allowed. IPv4 embedded in IPv6 (mapped, 6to4, Teredo,
NAT64) is unwrapped first, and a host is blocked if **any** of its DNS records is not global.
``allow_private`` exists for tests and the local demo, which run against 127.0.0.1. (SSRF tests
that need a "public" site on loopback patch the address classification in their own process:
``tests/reliability/fake_dns.py``; nothing here is test-only.)
"""

from __future__ import annotations

import ipaddress
import socket

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class BlockedAddress(ValueError):
    """The target resolves to a loopback, private, link-local or otherwise non-public address."""


# Said with every refusal: the first time users meet the guard is a test store on 127.0.0.1.
PRIVATE_HINT = ("for a local test store allow it with allow_private_targets: true in the config "
                "directory's rivalwatch.yaml (or RIVALWATCH_ALLOW_PRIVATE_TARGETS=1; rivalwatch try: --allow-private)")


def refusal(host: str, bad: list[str]) -> str:
    """The one-line refusal of ``host`` whose addresses ``bad`` are not public, with the way to allow it."""
    return f"{host} resolves to non-public address {', '.join(bad)}; refusing to connect — {PRIVATE_HINT}"


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    if ip in ipaddress.IPv6Network("64:ff9b::/96"):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public(ip: IPAddress) -> bool:
    """True only for globally routable unicast addresses."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            return is_public(inner)
    return ip.is_global and not ip.is_multicast and not ip.is_reserved and not ip.is_unspecified


def parse_literal(host: str) -> IPAddress | None:
    """The IP a host string denotes literally (incl. decimal/octal/hex IPv4 forms), else None."""
    host = host.strip("[]")
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:  # inet_aton accepts 2130706433, 0177.0.0.1, 0x7f000001 — as browsers and curl do
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def resolve(host: str, port: int | None = None) -> list[IPAddress]:
    """Every address ``host`` resolves to."""
    literal = parse_literal(host)
    if literal is not None:
        return [literal]
    infos = socket.getaddrinfo(host, port or 0, type=socket.SOCK_STREAM)
    return [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]


def check_host(host: str | None, port: int | None = None, *, allow_private: bool = False) -> None:
    """Raise ``BlockedAddress`` unless every address of ``host`` is public (or private is allowed)."""
    if not host:
        raise BlockedAddress("URL has no host")
    if allow_private:
        return
    try:
        addresses = resolve(host, port)
    except OSError as exc:
        raise BlockedAddress(f"cannot resolve {host}: {exc}") from None
    bad = [str(ip) for ip in addresses if not is_public(ip)]
    if bad:
        raise BlockedAddress(refusal(host, bad))
