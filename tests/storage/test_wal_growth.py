"""H3: continuous readers must not let SQLite's ``-wal`` file grow without bound (checkpoint starvation).

Reader threads keep short, overlapping read transactions going at all times (so SQLite's automatic
checkpoint can never rewind the WAL) while a writer commits small transactions through
``Database.session()``. With the writer's ``wal_checkpoint(TRUNCATE)`` the file stays under the
documented cap: ``wal_checkpoint_bytes`` plus one write transaction (asserted as 2 × the threshold).
Without it (threshold out of reach) the same load lets the file pass that cap — the test shows both.
CI runs a bounded version (a few seconds each); ``-m slow`` soaks for 10 minutes and prints the maximum.
"""

from __future__ import annotations

import os
import threading
import time

import pytest
from sqlalchemy import text

from storage import Database

THRESHOLD = 2 * 1024 * 1024  # smaller than production's 32 MB so a short test goes through many cycles
CAP = 2 * THRESHOLD
PAYLOAD = "x" * 4000


def _soak(db: Database, seconds: float, readers: int = 3) -> dict:
    """Write for ``seconds`` under continuous readers; the largest WAL size seen and counters."""
    stop = threading.Event()
    seen = {"max_wal": 0, "reads": 0, "writes": 0, "read_errors": 0}

    def read_forever(offset: float) -> None:
        time.sleep(offset)  # staggered, so some reader is always inside a transaction
        while not stop.is_set():
            try:
                with db.read() as s:
                    s.execute(text("SELECT count(*) FROM soak")).scalar()
                    time.sleep(0.02)  # a short read transaction holding its snapshot
                seen["reads"] += 1
            except Exception:  # noqa: BLE001 - counted and asserted below
                seen["read_errors"] += 1

    def sample_forever() -> None:  # also between a commit and its checkpoint
        while not stop.is_set():
            try:
                seen["max_wal"] = max(seen["max_wal"], os.path.getsize(db.wal_path))
            except OSError:  # just truncated away
                pass
            time.sleep(0.002)

    threads = [threading.Thread(target=read_forever, args=(i * 0.007,), daemon=True) for i in range(readers)]
    threads.append(threading.Thread(target=sample_forever, daemon=True))
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            with db.session() as s:
                s.execute(text("INSERT INTO soak (payload) VALUES " + ",".join(["(:p)"] * 20)).bindparams(p=PAYLOAD))
                s.execute(text("DELETE FROM soak WHERE id < (SELECT max(id) FROM soak) - 2000"))
            seen["writes"] += 1
            try:
                seen["max_wal"] = max(seen["max_wal"], os.path.getsize(db.wal_path))
            except OSError:  # just truncated away
                pass
    finally:
        stop.set()
        for thread in threads:
            thread.join(10)
    return seen


@pytest.fixture
def db(tmp_path):
    database = Database.connect(f"sqlite:///{tmp_path / 'wal.sqlite'}")
    with database.session() as s:
        s.execute(text("CREATE TABLE soak (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)"))
    yield database
    database.dispose()


def test_wal_stays_under_the_cap_with_continuous_readers(db):
    db.wal_checkpoint_bytes = THRESHOLD
    result = _soak(db, seconds=8)
    assert result["read_errors"] == 0 and result["reads"] > 100 and result["writes"] > 50, result
    assert result["max_wal"] < CAP, result


def test_without_the_checkpoint_the_same_load_starves_the_wal(db):
    # Shows the load really starves SQLite's own checkpoint, so the test above measures the fix.
    db.wal_checkpoint_bytes = 1 << 62
    result = _soak(db, seconds=8)
    assert result["max_wal"] > CAP, result


@pytest.mark.slow
def test_wal_soak_ten_minutes(db):
    db.wal_checkpoint_bytes = THRESHOLD
    result = _soak(db, seconds=600)
    print(f"\nWAL soak: {result}")
    assert result["read_errors"] == 0 and result["max_wal"] < CAP, result
