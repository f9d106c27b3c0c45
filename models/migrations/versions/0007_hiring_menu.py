"""The hiring menu: possible hires a manager edits on the coverage-target page.

One new table; nothing else changes, so every stored row is kept as it is.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0007'
down_revision: Union[str, Sequence[str], None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'hiring_menu',
        sa.Column('id', sa.String(length=128), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('max_count', sa.Integer(), nullable=False),
        sa.Column('monthly_cost', sa.Float(), nullable=True),
        sa.Column('agent', sa.JSON(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_hiring_menu')),
    )


def downgrade() -> None:
    op.drop_table('hiring_menu')
