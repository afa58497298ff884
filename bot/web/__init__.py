"""The bot's web pages besides /api/messages: the reporting dashboard and its vendored static assets."""
