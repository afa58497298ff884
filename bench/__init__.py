"""Benchmark scripts: they print figures; speed is never asserted in tests."""
