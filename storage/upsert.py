"""Dialect-aware ``INSERT ... ON CONFLICT DO NOTHING`` for SQLite and PostgreSQL.

Concurrent workers may insert the same row at once; the database, not the application, decides
who wins, so no ``IntegrityError`` ever reaches a crawl.
"""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_ignore(session: Session, model, rows: list[dict], conflict_columns: list[str]) -> None:
    """Insert ``rows`` into ``model``'s table, skipping rows that violate ``conflict_columns``."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(model).on_conflict_do_nothing(index_elements=conflict_columns)
    session.execute(statement, rows)


def upsert(session: Session, model, rows: list[dict], conflict_columns: list[str], update_columns: list[str]) -> None:
    """Insert ``rows``; where one conflicts on ``conflict_columns``, overwrite ``update_columns``."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(model)
    statement = statement.on_conflict_do_update(
        index_elements=conflict_columns, set_={name: statement.excluded[name] for name in update_columns}
    )
    session.execute(statement, rows)
