"""SQL storage: SQLAlchemy 2 async implementations of the domain ports (no botbuilder here)."""
