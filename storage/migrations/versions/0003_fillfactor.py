"""PostgreSQL: leave free space in facts and products pages so re-crawl updates stay HOT

Unchanged re-crawls update ``last_seen_at`` / ``last_run_id`` / ``missing_runs`` (none indexed);
with free space on the page PostgreSQL rewrites those rows in place (heap-only tuples) instead of
growing the table until the next VACUUM. SQLite updates in place already.

Revision ID: 0003_fillfactor
Revises: 0002_leases
"""
from alembic import op

revision = "0003_fillfactor"
down_revision = "0002_leases"
branch_labels = None
depends_on = None

TABLES = ("facts", "products", "staged_items")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"ALTER TABLE {table} SET (fillfactor = 70)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"ALTER TABLE {table} RESET (fillfactor)")
