"""Store leases on SQLite and PostgreSQL: one holder at a time, expiry, renewal, release, races."""

from __future__ import annotations

import threading
from datetime import timedelta

from storage import leases
from storage.models import utcnow


def test_one_holder_until_expiry(any_db):
    assert leases.acquire(any_db, "crawl:a", "host1:1", 60)
    assert not leases.acquire(any_db, "crawl:a", "host2:2", 60)
    assert leases.acquire(any_db, "crawl:a", "host1:1", 60)  # re-entrant for the holder
    assert leases.acquire(any_db, "crawl:b", "host2:2", 60)  # other stores are independent
    later = utcnow() + timedelta(seconds=61)
    assert leases.acquire(any_db, "crawl:a", "host2:2", 60, now=later)  # expired: taken over
    assert not leases.renew(any_db, "crawl:a", "host1:1", 60)  # the old holder lost it
    assert leases.renew(any_db, "crawl:a", "host2:2", 60)


def test_release_only_by_holder(any_db):
    assert leases.acquire(any_db, "crawl:a", "h1", 60)
    leases.release(any_db, "crawl:a", "h2")
    assert leases.current(any_db)["crawl:a"].holder == "h1"
    leases.release(any_db, "crawl:a", "h1")
    assert "crawl:a" not in leases.current(any_db)
    assert leases.acquire(any_db, "crawl:a", "h2", 60)


def test_racing_acquirers_get_exactly_one_winner(any_db):
    winners, barrier = [], threading.Barrier(8)

    def contend(n: int) -> None:
        barrier.wait()
        if leases.acquire(any_db, "crawl:race", f"holder-{n}", 60):
            winners.append(n)

    threads = [threading.Thread(target=contend, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(winners) == 1
    assert leases.current(any_db)["crawl:race"].holder == f"holder-{winners[0]}"
