"""Shared test support: clocks, factories, activity builders, loopback helpers. Test modules import from here,
never from one another."""
