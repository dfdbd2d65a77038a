"""Database connection: URL resolution, engine creation with SQLite pragmas, sessions.

``RIVALWATCH_DATABASE_URL`` selects the database (e.g. ``postgresql+psycopg://user@host/db``);
the default is a SQLite file at ``./data/rivalwatch.sqlite`` (``RIVALWATCH_HOME`` moves the folder).
SQLite runs in WAL mode with a busy timeout so the crawler, the alert job and the dashboard can use
the same file at once; write transactions start with ``BEGIN IMMEDIATE`` to avoid lock upgrades
that fail instead of waiting.

Checkpoint starvation: SQLite's automatic checkpoint can only rewind the ``-wal`` file when no reader
is using it, so a dashboard or alert job that keeps short reads going around the clock lets it grow
without bound. After a write commits, if the file is larger than ``wal_checkpoint_bytes`` (32 MB),
the writer runs ``PRAGMA wal_checkpoint(TRUNCATE)``: it waits (at most ``CHECKPOINT_BUSY_MS``) for the
readers of the old frames to finish, copies everything back and empties the file. The ``-wal`` file
therefore stays under that size plus the largest single write transaction; ``journal_size_limit``
also trims it whenever SQLite rewinds it on its own.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from storage.extras import normalize_database_url, require_database_driver

logger = logging.getLogger(__name__)

DATABASE_URL_ENV = "RIVALWATCH_DATABASE_URL"
HOME_ENV = "RIVALWATCH_HOME"
SQLITE_BUSY_TIMEOUT_MS = 10_000
WAL_CHECKPOINT_BYTES = 32 * 1024 * 1024
JOURNAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024
CHECKPOINT_BUSY_MS = 2_000  # a checkpoint waits this long for old readers, then tries again next write


@dataclass(frozen=True)
class StorageConfig:
    """Where the database lives (``RIVALWATCH_DATABASE_URL`` / ``RIVALWATCH_HOME``)."""

    url: str

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "StorageConfig":
        env = os.environ if environ is None else environ
        url = env.get(DATABASE_URL_ENV)
        if url:
            return cls(url)
        home = Path(env.get(HOME_ENV) or "data").resolve()
        return cls(f"sqlite:///{home / 'rivalwatch.sqlite'}")

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Checked on every new connection: WAL lets readers and one writer work at once.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA journal_size_limit={JOURNAL_SIZE_LIMIT_BYTES}")
    cursor.close()


def _sqlite_begin(conn) -> None:
    # pysqlite's legacy transaction handling is off (isolation_level=None), so start our own:
    # writers take the write lock up front (no failing lock upgrade); readers stay deferred so a
    # dashboard query never makes a crawl wait.
    conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("rivalwatch_read_only") else "BEGIN IMMEDIATE")


NETWORK_FILESYSTEMS = frozenset({"nfs", "nfs4", "cifs", "smb", "smbfs", "smb3", "9p", "fuse.sshfs"})


def filesystem_type(path: Path) -> str | None:
    """The type of the filesystem holding ``path`` (from /proc/mounts), if known."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return None
    best, kind = "", None
    resolved = str(path.resolve())
    for line in mounts:
        fields = line.split()
        if len(fields) >= 3 and resolved.startswith(fields[1]) and len(fields[1]) > len(best):
            best, kind = fields[1], fields[2]
    return kind


def make_engine(url: str | None = None) -> Engine:
    """Create an engine for ``url`` (default from the environment)."""
    url = url or StorageConfig.from_env().url
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            if filesystem_type(Path(path).parent) in NETWORK_FILESYSTEMS:
                # WAL needs shared memory on one host; a network filesystem corrupts it.
                raise RuntimeError(f"SQLite database {path} is on a network filesystem; use a local disk or PostgreSQL")
        engine = create_engine(
            url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "isolation_level": None}
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    url = normalize_database_url(url)
    require_database_driver(url)  # one line naming the extra, not psycopg's ModuleNotFoundError
    return create_engine(url, pool_pre_ping=True)


@dataclass
class Database:
    """An engine plus its session factory; the storage API's entry point."""

    engine: Engine
    wal_checkpoint_bytes: int = WAL_CHECKPOINT_BYTES

    @classmethod
    def connect(cls, url: str | None = None) -> "Database":
        return cls(make_engine(url))

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in a transaction: committed on success, rolled back on error."""
        factory = sessionmaker(self.engine, expire_on_commit=False)
        with factory() as session, session.begin():
            yield session
        self._limit_wal()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (deferred transaction on SQLite: it never blocks writers)."""
        factory = sessionmaker(self.engine.execution_options(rivalwatch_read_only=True), expire_on_commit=False)
        with factory() as session, session.begin():
            yield session

    @property
    def wal_path(self) -> Path | None:
        """The SQLite ``-wal`` file of this database (None for PostgreSQL and in-memory SQLite)."""
        if self.engine.dialect.name != "sqlite" or not self.engine.url.database or self.engine.url.database == ":memory:":
            return None
        return Path(f"{self.engine.url.database}-wal")

    def _limit_wal(self) -> None:
        path = self.wal_path
        if path is None:
            return
        try:
            size = path.stat().st_size
        except OSError:
            return
        if size > self.wal_checkpoint_bytes:
            self.checkpoint()

    def checkpoint(self) -> bool:
        """``PRAGMA wal_checkpoint(TRUNCATE)``; True when it completed (False: readers kept it busy)."""
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute(f"PRAGMA busy_timeout={CHECKPOINT_BUSY_MS}")
            try:
                busy, _frames, _copied = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            except sqlite3.OperationalError as exc:  # the write already committed; retry on a later one
                busy = True
                logger.info("WAL checkpoint of %s failed: %s", self.url, exc)
            finally:
                cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
                cursor.close()
        finally:
            raw.close()
        if busy:
            logger.info("WAL checkpoint of %s postponed: readers still use it", self.url)
        return not busy

    def dispose(self) -> None:
        self.engine.dispose()
