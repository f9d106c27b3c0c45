"""Benchmarks: a seeded generator of support-desk instances and a runner (not tests)."""
