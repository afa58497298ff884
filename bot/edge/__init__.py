"""What both hosts (bot/teams on botbuilder, bot/agents on the Agents SDK) share: SDK-free edge helpers."""
