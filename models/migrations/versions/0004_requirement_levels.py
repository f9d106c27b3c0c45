"""Requirement levels: the lowest skill level that counts for a requirement (1, 2 or 3).

Requirements stored before keep level 1: any level of their skills counts, as it did.
The column is added in place (ALTER TABLE ... ADD COLUMN), never by copying the table: with
foreign keys on, dropping the old copy of ``requirements`` would cascade to its skills and
the plans that refer to it.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('requirements', sa.Column('min_level', sa.Integer(), nullable=False,
                                            server_default='1'))


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+), in place like the upgrade.
    op.drop_column('requirements', 'min_level')
