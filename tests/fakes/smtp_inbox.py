"""A local SMTP server (aiosmtpd on 127.0.0.1) that keeps every message it receives, for alert and
briefing e-mail tests: ``with smtp_inbox() as inbox: ... inbox.url(to=...)``, then ``inbox.messages``."""

from __future__ import annotations

import socket
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message

from aiosmtpd.controller import Controller


@dataclass
class Inbox:
    """The server's port and the messages it has accepted, parsed."""

    port: int
    received: list[bytes] = field(default_factory=list)

    def url(self, to: str) -> str:
        """An apprise ``mailto://`` URL sending to ``to`` through this server, without TLS."""
        return f"mailto://127.0.0.1:{self.port}?from=rivalwatch@example.com&to={to}&mode=insecure"

    @property
    def messages(self) -> list[Message]:
        return [message_from_bytes(raw) for raw in self.received]

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
        self.received.append(envelope.content)
        return "250 OK"


@contextmanager
def smtp_inbox():
    """Start the server on a free loopback port; stop it on exit."""
    with socket.socket() as probe:  # aiosmtpd's start-up self-check cannot use port 0
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox(port)
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()
