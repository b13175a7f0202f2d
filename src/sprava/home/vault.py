"""This instance's vault, opened with its keys."""

from __future__ import annotations

from django.conf import settings

from sprava.home.keys import KEYRING
from sprava.home.paths import Paths, paths
from sprava.integrity.errors import ConfigurationError
from sprava.vault import LocalBackend, Vault
from sprava.vault import keys as vault_keys


def open_vault(*, read: bool = False, where: Paths | None = None) -> Vault:
    """The vault. Writing needs no passphrase; `read=True` unlocks the keyring if needed."""
    where = where or paths()
    if not where.vault_recipient.exists():
        raise ConfigurationError(f"{where.home} is not initialised: run `sprava init`")
    identity = KEYRING.identity() if read or KEYRING.identity_open else None
    return Vault(
        LocalBackend(where.vault),
        vault_keys.load_recipient(where.vault_identity),
        extra_recipients=settings.SPRAVA_EXTRA_RECIPIENTS,
        identity=identity,
    )
