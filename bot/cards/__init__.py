"""Adaptive Card builders: plain dicts from data, one module per card family."""
