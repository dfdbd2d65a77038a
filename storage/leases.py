"""Leases: at most one holder per name (a store slug) at a time, across processes and machines.

``acquire`` is one atomic ``INSERT … ON CONFLICT DO UPDATE … WHERE`` (SQLite ≥ 3.24 and PostgreSQL):
the row is taken only when it is absent, expired, or already held by the caller, so two schedulers
racing for the same store can never both win. Holders renew the lease while they work and release
it at the end; a crashed holder's lease simply expires. Expiry uses each machine's UTC clock, so
machines sharing a database must keep their clocks in sync (NTP); the TTL is the safety margin.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from storage.db import Database
from storage.models import Lease, utcnow


@dataclass(frozen=True)
class LeaseInfo:
    """The current holder of a lease."""

    name: str
    holder: str
    acquired_at: datetime
    expires_at: datetime


def _insert(db: Database):
    return (postgresql if db.engine.dialect.name == "postgresql" else sqlite).insert(Lease)


def acquire(db: Database, name: str, holder: str, ttl_seconds: float, *, now: datetime | None = None) -> bool:
    """Take the lease ``name`` for ``holder`` for ``ttl_seconds``; False when someone else holds it."""
    now = now or utcnow()
    expires = now + timedelta(seconds=ttl_seconds)
    statement = _insert(db).values(name=name, holder=holder, acquired_at=now, expires_at=expires)
    statement = statement.on_conflict_do_update(
        index_elements=[Lease.name],
        set_={"holder": holder, "acquired_at": now, "expires_at": expires},
        where=(Lease.expires_at < now) | (Lease.holder == holder),
    ).returning(Lease.holder)
    # RETURNING yields a row only when the insert or the guarded update happened (both dialects).
    with db.session() as s:
        return s.connection().execute(statement).first() is not None


def renew(db: Database, name: str, holder: str, ttl_seconds: float, *, now: datetime | None = None) -> bool:
    """Extend a lease we hold; False when it was lost (expired and taken by someone else)."""
    expires = (now or utcnow()) + timedelta(seconds=ttl_seconds)
    with db.session() as s:
        statement = update(Lease.__table__).where(Lease.name == name, Lease.holder == holder)
        return s.connection().execute(statement.values(expires_at=expires)).rowcount == 1


def release(db: Database, name: str, holder: str) -> None:
    """Give the lease back (only if we still hold it)."""
    with db.session() as s:
        s.execute(delete(Lease).where(Lease.name == name, Lease.holder == holder))


def current(db: Database, now: datetime | None = None) -> dict[str, LeaseInfo]:
    """Unexpired leases by name."""
    now = now or utcnow()
    with db.session() as s:
        rows = s.scalars(select(Lease).where(Lease.expires_at >= now)).all()
        return {r.name: LeaseInfo(r.name, r.holder, as_utc(r.acquired_at), as_utc(r.expires_at)) for r in rows}


def as_utc(value: datetime) -> datetime:
    """SQLite returns naive datetimes; every stored time is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def take_over(db: Database, name: str, old_holder: str, holder: str, ttl_seconds: float, *, now: datetime | None = None) -> bool:
    """Replace ``old_holder`` (known to be dead) by ``holder``; False when the lease changed hands meanwhile.

    Conditional on the old holder, so of several processes taking over the same dead lease one wins.
    """
    now = now or utcnow()
    with db.session() as s:
        statement = update(Lease.__table__).where(Lease.name == name, Lease.holder == old_holder)
        values = {"holder": holder, "acquired_at": now, "expires_at": now + timedelta(seconds=ttl_seconds)}
        return s.connection().execute(statement.values(**values)).rowcount == 1
