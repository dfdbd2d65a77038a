"""Concurrent writers: 8 workers upsert the same new product and apply runs of one store at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from storage import Database, finish_run, stage_items, start_run
from storage.apply import apply_run
from storage.models import Fact, Product
from tests.storage.helpers import HEALTHY, product, register

WORKERS = 8


def _worker(url: str, price: str) -> int:
    db = Database.connect(url)
    try:
        run_id = start_run(db, "rival", "store")
        stage_items(db, run_id, [product("NEW", price, gtin="8990000000001")])
        finish_run(db, run_id, **HEALTHY)
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
    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(lambda _i: _worker(url, "15000"), range(WORKERS)))
    assert results == [0] * WORKERS  # no error reached a worker; nothing changed
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Product)) == 1
        open_prices = s.scalar(select(func.count()).where(Fact.field == "price", Fact.valid_to.is_(None)))
        assert open_prices == 1
