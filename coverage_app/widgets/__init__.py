"""Reusable widgets: zone picker, skill chips, week grid, field-error labels."""
