"""Shared fixtures: migrated SQLite and PostgreSQL databases, each test with its own.

PostgreSQL tests use ``RIVALWATCH_TEST_POSTGRES_URL`` (default: the local server, user postgres,
database test) to create a fresh database per test and drop it afterwards. They skip when the
server is unreachable, except in CI (``CI=true``), where they fail instead.
"""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from storage import Database, upgrade

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PG_ADMIN_URL = os.environ.get("RIVALWATCH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(autouse=True)
def _restore_main_module():
    """Put pytest's ``__main__`` back after each test.

    Streamlit's script runner (AppTest) installs the dashboard script as ``sys.modules["__main__"]``
    and never restores it; a later ``spawn`` process pool would then re-run the dashboard in its
    children and die (BrokenProcessPool in the determinism test, seen in a full CI run).
    """
    main = sys.modules.get("__main__")
    yield
    if main is not None and sys.modules.get("__main__") is not main:
        sys.modules["__main__"] = main


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'rivalwatch.sqlite'}"


@pytest.fixture
def sqlite_db(sqlite_url) -> Database:
    db = Database.connect(sqlite_url)
    upgrade(db)
    yield db
    db.dispose()


def _pg_admin():
    engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect():
            pass
    except Exception as exc:  # any connection failure
        engine.dispose()
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {PG_ADMIN_URL} is required in CI: {exc}")
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL}")
    return engine


@pytest.fixture
def postgres_url() -> str:
    """URL of a fresh, empty PostgreSQL database, dropped after the test."""
    admin = _pg_admin()
    name = f"rw_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def postgres_db(postgres_url) -> Database:
    db = Database.connect(postgres_url)
    upgrade(db)
    yield db
    db.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def any_url(request) -> str:
    """The URL of a fresh, empty database: the same test on SQLite and on PostgreSQL."""
    if request.param == "postgres":
        request.applymarker(pytest.mark.postgres)
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture(params=["sqlite", "postgres"])
def any_db(request) -> Database:
    """The same test on SQLite and on PostgreSQL."""
    if request.param == "postgres":
        request.applymarker(pytest.mark.postgres)
    return request.getfixturevalue(f"{request.param}_db")
