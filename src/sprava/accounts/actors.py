"""Who did it: a signed-in user, or a trusted front end such as the command line."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser

# A user is checked against the permission rules; a string ("cli:<OS user>", "system") is the
# installation itself, trusted, who already holds the database and the keys: its setup and
# upkeep. The command line changes evidence and records as a user (`sprava.cli.acting`).
Actor = AbstractBaseUser | str


def actor_name(actor: Actor) -> str:
    """The actor as the ledger writes it: `user:NAME` for users, the string itself otherwise."""
    if isinstance(actor, str):
        return actor
    return f"user:{actor.get_username()}"


def actor_user(actor: Actor) -> AbstractBaseUser | None:
    return None if isinstance(actor, str) else actor
