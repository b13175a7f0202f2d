"""Accounts: case membership and roles, the central permission check, two-factor login."""
