"""Benchmarks (not tests): Rebound against plain mkdocs-material on one synthetic corpus."""
