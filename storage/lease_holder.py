"""Holding store leases while crawling: take them, renew them in a thread, give them back.

The database row (``storage.leases``) is the lock; this module adds the process side: a holder id
that names the machine and process, a renew thread, and the ``RIVALWATCH_LEASE_HOLDER`` hand-over
so a crawl child started by the scheduler works under the scheduler's lease instead of refusing.

Leases held by this process are remembered (``held_in_process``), so the spider's run recorder,
which takes the lease itself for a plain ``scrapy crawl``, does not take it a second time under
``rivalwatch crawl``. A lease whose holder was a process on this machine that no longer exists
(``kill -9``, power cut of a container) is taken over at once instead of blocking the store for
the whole TTL; holders on other machines are only ever displaced by expiry.
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

_held_here: dict[str, str] = {}  # slug -> holder, for the leases this process holds
_held_lock = threading.Lock()


def held_in_process(slug: str) -> str | None:
    """The holder id under which this process holds the store's lease, if it does."""
    with _held_lock:
        return _held_here.get(slug)


def lease_name(slug: str) -> str:
    return f"crawl:{slug}"


def new_holder_id() -> str:
    """``host:pid:random``: unique per process, readable in ``rivalwatch status``."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def holder_is_dead(holder: str) -> bool:
    """True only for a ``host:pid:…`` holder on this machine whose process no longer exists."""
    host, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit() or int(pid_text) == os.getpid():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, owned by another user
        return False
    return False


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
        name = lease_name(slug)
        if not leases.acquire(self.db, name, self.holder, self.ttl) and not self._take_over_dead(slug):
            holder = leases.current(self.db).get(name)
            logger.warning("store %s is already being crawled by %s; not starting another run", slug,
                           holder.holder if holder else "another process", extra={"store": slug})
            return False
        self.held.add(slug)
        with _held_lock:
            _held_here[slug] = self.holder
        self._start_renewing()
        return True

    def _take_over_dead(self, slug: str) -> bool:
        current = leases.current(self.db).get(lease_name(slug))
        if current is None or not holder_is_dead(current.holder):
            return False
        if not leases.take_over(self.db, lease_name(slug), current.holder, self.holder, self.ttl):
            return False  # someone else took it over first
        logger.warning("store %s: lease of %s, a process that no longer exists, taken over", slug, current.holder,
                       extra={"store": slug})
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
        with _held_lock:
            if _held_here.get(slug) == self.holder:
                del _held_here[slug]
        if not self.inherited:
            leases.release(self.db, lease_name(slug), self.holder)

    def release_all(self) -> None:
        self._stop.set()
        for slug in list(self.held):
            self.release(slug)
