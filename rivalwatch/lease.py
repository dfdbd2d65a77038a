"""Holding store leases while crawling: take them, renew them in a thread, give them back.

The database row (``storage.leases``) is the lock; this module adds the process side: a holder id
that names the machine and process, a renew thread, and the ``RIVALWATCH_LEASE_HOLDER`` hand-over
so a crawl child started by the scheduler works under the scheduler's lease instead of refusing.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid

from storage import Database
from storage import leases

logger = logging.getLogger(__name__)

HOLDER_ENV = "RIVALWATCH_LEASE_HOLDER"
TTL_SECONDS = 120.0  # a crashed holder blocks the store for at most this long
RENEW_SECONDS = 30.0


def lease_name(slug: str) -> str:
    return f"crawl:{slug}"


def new_holder_id() -> str:
    """``host:pid:random``: unique per process, readable in ``rivalwatch status``."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class StoreLeases:
    """Leases on some stores, renewed in the background until :meth:`release_all`."""

    def __init__(self, db: Database, holder: str | None = None, *, ttl: float = TTL_SECONDS, renew_every: float = RENEW_SECONDS):
        self.db = db
        self.inherited = holder is not None  # the parent process releases what it handed over
        self.holder = holder or new_holder_id()
        self.ttl, self.renew_every = ttl, renew_every
        self.held: set[str] = set()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @classmethod
    def from_env(cls, db: Database) -> "StoreLeases":
        return cls(db, os.environ.get(HOLDER_ENV) or None)

    def acquire(self, slug: str) -> bool:
        """Take the store's lease; False (and a log line) when another holder has it."""
        if not leases.acquire(self.db, lease_name(slug), self.holder, self.ttl):
            holder = leases.current(self.db).get(lease_name(slug))
            logger.warning("store %s is already being crawled by %s; not starting another run", slug,
                           holder.holder if holder else "another process", extra={"store": slug})
            return False
        self.held.add(slug)
        self._start_renewing()
        return True

    def _start_renewing(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._renew_loop, name="lease-renew", daemon=True)
            self._thread.start()

    def _renew_loop(self) -> None:
        while not self._stop.wait(self.renew_every):
            for slug in list(self.held):
                try:
                    if not leases.renew(self.db, lease_name(slug), self.holder, self.ttl):
                        logger.error("lost the lease on store %s", slug, extra={"store": slug})
                except Exception:  # a database hiccup must not kill the renew thread
                    logger.exception("could not renew the lease on store %s", slug)

    def release(self, slug: str) -> None:
        self.held.discard(slug)
        if not self.inherited:
            leases.release(self.db, lease_name(slug), self.holder)

    def release_all(self) -> None:
        self._stop.set()
        for slug in list(self.held):
            self.release(slug)
