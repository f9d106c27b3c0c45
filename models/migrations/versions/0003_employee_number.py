"""Employee numbers: payroll's number for each agent, optional text ('' when not known).

Agents stored before keep an empty number; the payroll export then names them by id.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('agents') as batch:
        batch.add_column(sa.Column('employee_number', sa.String(length=64), nullable=False,
                                   server_default=''))


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+), never a copy of the table: with foreign keys
    # on, dropping the old copy would cascade to every agent's skills and availability.
    with op.batch_alter_table('agents', recreate='never') as batch:
        batch.drop_column('employee_number')
