"""Response allowances: a hole shorter than a requirement's allowance is not a gap.

Requirements stored before have no allowance (0): the headcount in every slot, as before.
The column is added in place (ALTER TABLE ... ADD COLUMN), never by copying the table: with
foreign keys on, dropping the old copy of ``requirements`` would cascade to its skills and
the plans that refer to it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('requirements', sa.Column('allowance_minutes', sa.Integer(), nullable=False,
                                            server_default='0'))


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+), in place like the upgrade.
    op.drop_column('requirements', 'allowance_minutes')
