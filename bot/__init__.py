"""Consult Bot: the DX consultation desk as a Microsoft Teams bot."""

__version__ = "0.1.0"
