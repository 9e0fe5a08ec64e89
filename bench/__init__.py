"""Benchmarks: standalone scripts that print their figures (see README.md)."""
