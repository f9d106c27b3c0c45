"""Persistence: SQLAlchemy 2.x rows, the repository that maps them to the domain, the engine,
backups and schema upgrades (Alembic).

Nothing outside this package sees an ORM row: the repository hands out domain objects, and the
caller (``coverage_app.services.store``) owns every transaction.
"""
