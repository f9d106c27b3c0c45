"""Alembic migration scripts (shipped inside the package; run by models.storage.migrate)."""
