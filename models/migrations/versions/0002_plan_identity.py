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


def upgrade() -> None:
    with op.batch_alter_table('plans') as batch:
        batch.add_column(sa.Column('version', sa.Integer(), nullable=False,
                                   server_default='1'))
        batch.add_column(sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('updated_by', sa.String(length=200), nullable=False,
                                   server_default=''))
        batch.add_column(sa.Column('working', sa.Integer(), nullable=True))
    op.execute("UPDATE plans SET updated_at = created_at")
    with op.batch_alter_table('plans') as batch:
        batch.alter_column('updated_at', existing_type=sa.DateTime(timezone=True),
                           nullable=False)
        batch.alter_column('version', server_default=None, existing_type=sa.Integer(),
                           existing_nullable=False)
        batch.alter_column('updated_by', server_default=None,
                           existing_type=sa.String(length=200), existing_nullable=False)
        batch.create_unique_constraint(batch.f('uq_plans_working'), ['working'])
    with op.batch_alter_table('published_events') as batch:
        batch.add_column(sa.Column('summary', sa.Text(), nullable=False, server_default=''))
        batch.add_column(sa.Column('description', sa.Text(), nullable=False,
                                   server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('published_events') as batch:
        batch.drop_column('description')
        batch.drop_column('summary')
    with op.batch_alter_table('plans') as batch:
        batch.drop_constraint(batch.f('uq_plans_working'), type_='unique')
        batch.drop_column('working')
        batch.drop_column('updated_by')
        batch.drop_column('updated_at')
        batch.drop_column('version')
