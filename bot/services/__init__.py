"""Use cases over the domain ports: intake, status changes, queries."""
