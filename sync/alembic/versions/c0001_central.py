"""The central service's first schema: records, event sharing, tokens, enrollment, audit."""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "c0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "records",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("site_id", sa.String(64), nullable=False),
        sa.Column("kiosk_id", sa.String(64), nullable=False),
        sa.Column("event_id", sa.String(64)),
        sa.Column("person_id", sa.String(64)),
        sa.Column("entity_id", sa.String(64)),
        sa.Column("occurred_at", sa.String(40), nullable=False),
        sa.Column("received_at", sa.String(40), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.UniqueConstraint("id", name="records_id"),
        sqlite_autoincrement=True,
    )
    op.create_index("records_kind_site", "records", ["kind", "site_id", "seq"])
    op.create_index("records_person", "records", ["person_id"])
    op.create_index("records_event", "records", ["event_id", "seq"])
    op.create_table(
        "event_sites",
        sa.Column("event_id", sa.String(64), primary_key=True),
        sa.Column("site_id", sa.String(64), primary_key=True),
    )
    op.create_table(
        "tokens",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("site_id", sa.String(64)),
        sa.Column("kiosk_id", sa.String(64)),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("expires_at", sa.String(40)),
        sa.Column("revoked_at", sa.String(40)),
    )
    op.create_table(
        "enrollment_codes",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("site_id", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("expires_at", sa.String(40), nullable=False),
        sa.Column("used_at", sa.String(40)),
    )
    op.create_table(
        "company",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("occurred_at", sa.String(40), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("audit", "company", "enrollment_codes", "tokens", "event_sites", "records"):
        op.drop_table(table)
