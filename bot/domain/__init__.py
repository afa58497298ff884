"""Domain model: plain Python, standard library only (no botbuilder, aiohttp or SQLAlchemy)."""
