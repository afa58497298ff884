"""Multi-turn flows (botbuilder-dialogs); they call bot.services through the pure handlers."""
