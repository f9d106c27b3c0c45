"""Standby: a requirement may accept agents on standby, a shift may be a standby shift, and
the team pays an hour on standby at a fraction of the hourly cost.

Rows stored before keep their meaning: requirements accept no standby (0 minutes), every
shift (worked before the period, or of a saved plan) is on duty, and the standby rate is the
default quarter of the hourly cost (a team that had no standby shifts pays nothing at it).
The columns are added in place (ALTER TABLE ... ADD COLUMN), never by copying a table: with
foreign keys on, dropping the old copy of ``requirements`` would cascade to its skills and
the plans that refer to it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0006'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('requirements', sa.Column('standby_reach_minutes', sa.Integer(),
                                            nullable=False, server_default='0'))
    op.add_column('team', sa.Column('standby_rate', sa.Float(), nullable=False,
                                    server_default='0.25'))
    for table in ('history_shifts', 'plan_shifts'):
        op.add_column(table, sa.Column('kind', sa.String(length=16), nullable=False,
                                       server_default='on_duty'))


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+), in place like the upgrade.
    for table in ('plan_shifts', 'history_shifts'):
        op.drop_column(table, 'kind')
    op.drop_column('team', 'standby_rate')
    op.drop_column('requirements', 'standby_reach_minutes')
