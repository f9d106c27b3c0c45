"""What a database holds, read straight from it: the storage tests' view past the repository
(tables, a table's columns, rows per table), for checking what a migration kept."""

from __future__ import annotations

from sqlalchemy import inspect

from models.storage.database import create_db_engine, resolve_url


def tables(url: str) -> set[str]:
    engine = create_db_engine(resolve_url(url))
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def columns(url: str, table: str) -> list[str]:
    engine = create_db_engine(resolve_url(url))
    try:
        return [c["name"] for c in inspect(engine).get_columns(table)]
    finally:
        engine.dispose()


def row_counts(url: str) -> dict[str, int]:
    """Rows in every table but Alembic's own."""
    engine = create_db_engine(resolve_url(url))
    try:
        with engine.connect() as connection:
            names = [t for t in inspect(connection).get_table_names() if t != "alembic_version"]
            return {t: connection.exec_driver_sql(f'SELECT count(*) FROM "{t}"').scalar_one()
                    for t in names}
    finally:
        engine.dispose()
