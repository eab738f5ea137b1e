"""An enrollment code carries the name of its site, for the kiosks it enrolls to show.

The service knew sites only by their ids, so a kiosk enrolled at another site went on
greeting its visitors with the name of the one it left.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "c0003"
down_revision = "c0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("enrollment_codes") as table:
        table.add_column(sa.Column("site_name", sa.String(100)))


def downgrade() -> None:
    with op.batch_alter_table("enrollment_codes") as table:
        table.drop_column("site_name")
