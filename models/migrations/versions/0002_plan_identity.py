"""Plan identity: a working draft rewritten in place under an optimistic version, beside the
stored versions. Existing plans become stored versions (version 1, changed when created, by
nobody known); none is the working draft until the app saves one.

The calendar-export ledger keeps what each event showed (``published_events.summary`` and
``description``), so a later export repeats or cancels it exactly. Events published before
have them empty (''): their text is read back from the calendar files or rebuilt.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0002'
down_revision: Union[str, Sequence[str], None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


# Only ALTER TABLE ... ADD/DROP COLUMN and CREATE INDEX, never batch mode's table copy: on SQLite
# a copy of ``plans`` drops the old table, and its ON DELETE CASCADE would empty ``plan_shifts``
# and ``plan_gaps`` (foreign keys are on in every connection). A NOT NULL column added to
# existing rows needs a default; the app always writes these columns, so the defaults stay.
EPOCH = "1970-01-01 00:00:00"


def upgrade() -> None:
    op.add_column('plans', sa.Column('version', sa.Integer(), nullable=False,
                                     server_default='1'))
    op.add_column('plans', sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False,
                                     server_default=EPOCH))
    op.add_column('plans', sa.Column('updated_by', sa.String(length=200), nullable=False,
                                     server_default=''))
    op.add_column('plans', sa.Column('working', sa.Integer(), nullable=True))
    op.execute("UPDATE plans SET updated_at = created_at")
    op.create_index('uq_plans_working', 'plans', ['working'], unique=True)
    op.add_column('published_events', sa.Column('summary', sa.Text(), nullable=False,
                                                server_default=''))
    op.add_column('published_events', sa.Column('description', sa.Text(), nullable=False,
                                                server_default=''))


def downgrade() -> None:
    op.drop_column('published_events', 'description')
    op.drop_column('published_events', 'summary')
    op.drop_index('uq_plans_working', table_name='plans')
    for column in ('working', 'updated_by', 'updated_at', 'version'):
        op.drop_column('plans', column)
