"""Presentation shared by cards, the CLI and the dashboard: figures in, user-facing text out."""
