"""facts: evidence, confidence and status (needs review / override); fact_overrides

Revision ID: 0005_fact_evidence_overrides
Revises: 0004_page_validators
"""
from alembic import op
import sqlalchemy as sa

revision = "0005_fact_evidence_overrides"
down_revision = "0004_page_validators"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("facts") as batch:
        batch.add_column(sa.Column("evidence", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("confidence", sa.Float(), nullable=True))
        batch.add_column(sa.Column("status", sa.String(length=20), server_default="ok", nullable=False))
    op.create_table(
        "fact_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("wording", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("suspended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], name=op.f("fk_fact_overrides_store_id_stores"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_overrides")),
        sa.UniqueConstraint("store_id", "path", name=op.f("uq_fact_overrides_store_id_path")),
    )


def downgrade() -> None:
    op.drop_table("fact_overrides")
    with op.batch_alter_table("facts") as batch:
        batch.drop_column("status")
        batch.drop_column("confidence")
        batch.drop_column("evidence")
