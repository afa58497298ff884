"""The thin botbuilder edge: activities in, domain calls, cards and messages out."""
