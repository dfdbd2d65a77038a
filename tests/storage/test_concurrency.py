"""Concurrent writers (reliability.md H8): distributed workers of one crawl stage the same new
product into the run and all try to apply it at once — exactly one product row, one set of facts,
no IntegrityError reaching any worker (SQLite and PostgreSQL)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from storage import Database, finish_run, stage_items, start_run
from storage.apply import apply_run
from storage.models import ChangeEvent, Fact, Product
from tests.storage.helpers import HEALTHY, product, register

WORKERS = 8


def _worker(url: str, run_id: int) -> int:
    db = Database.connect(url)
    try:
        stage_items(db, run_id, [product("NEW", "15000", gtin="8990000000001")])
        return apply_run(db, run_id)
    finally:
        db.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_parallel_workers_never_duplicate_rows(backend, request):
    if backend == "postgres":
        request.applymarker(pytest.mark.postgres)
    db = request.getfixturevalue(f"{backend}_db")
    register(db)
    url = db.engine.url.render_as_string(hide_password=False)
    run_id = start_run(db, "rival", "store")
    stage_items(db, run_id, [product("OLD", "100", gtin="8990000000002")])
    finish_run(db, run_id, **HEALTHY)
    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(lambda _i: _worker(url, run_id), range(WORKERS)))
    assert results == [0] * WORKERS  # no error reached a worker; a first crawl raises no event
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Product)) == 2
        assert s.scalar(select(func.count()).where(Fact.field == "price", Fact.valid_to.is_(None))) == 2
        assert s.scalar(select(func.count()).select_from(ChangeEvent)) == 0
