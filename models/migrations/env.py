"""Alembic environment: runs on the connection handed over by ``models.storage.migrate``.

For development (``alembic revision --autogenerate``) without a connection it opens the URL in
the ``sqlalchemy.url`` option, e.g. ``-x``-less: set it with ``config.set_main_option``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from models.storage.orm import Base

config = context.config
target_metadata = Base.metadata


def run_migrations(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite needs table copies for most ALTERs
        # The caller's connection runs the whole upgrade in one transaction, and SQLite's DDL is
        # transactional too (the engine emits a real BEGIN): a failed upgrade changes nothing.
        transactional_ddl=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("set sqlalchemy.url or pass a connection in config.attributes")
    engine = create_engine(url)
    with engine.begin() as own_connection:
        run_migrations(own_connection)


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) mode is not supported; run against a database")
run()
