"""page_validators: ETag / Last-Modified and last items per page, for conditional re-fetches

Revision ID: 0004_page_validators
Revises: 0003_fillfactor
"""
from alembic import op
import sqlalchemy as sa

revision = "0004_page_validators"
down_revision = "0003_fillfactor"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "page_validators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("url_hash", sa.String(length=64), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("etag", sa.String(length=500), nullable=True),
        sa.Column("last_modified", sa.String(length=100), nullable=True),
        sa.Column("config_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["crawl_runs.id"], name=op.f("fk_page_validators_run_id_crawl_runs"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], name=op.f("fk_page_validators_store_id_stores"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_page_validators")),
        sa.UniqueConstraint("store_id", "url_hash", name=op.f("uq_page_validators_store_id_url_hash")),
    )
    op.create_index(op.f("ix_page_validators_run_id"), "page_validators", ["run_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_page_validators_run_id"), table_name="page_validators")
    op.drop_table("page_validators")
