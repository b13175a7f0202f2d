"""Where an instance keeps its files: the layout of SPRAVA_HOME.

Layout under SPRAVA_HOME (created by `sprava init`, mode 0700):

    sprava.sqlite3         the database (unless DATABASE_URL points elsewhere)
    checkpoint.latest      the latest signed checkpoint, kept outside the database
    checkpoint.latest.lock held by whoever replaces it
    secret_key             the web session key
    vault/                 encrypted blobs (age), named at random
    keys/origin            the custody log's origin line
    keys/log-signing.pem   Ed25519 checkpoint key, encrypted with the passphrase (0600)
    keys/log.vkey          its public verifier key (C2SP note format)
    keys/vault-identity.age(.pub)   the vault's age identity (encrypted) and recipient
    keys/record-hash.key   the key of the ledger's hashes of protected values
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from sprava.vault import keys as vault_keys


@dataclass(frozen=True)
class Paths:
    home: Path

    @property
    def keys(self) -> Path:
        return self.home / "keys"

    @property
    def vault(self) -> Path:
        return self.home / "vault"

    @property
    def origin(self) -> Path:
        return self.keys / "origin"

    @property
    def signing_key(self) -> Path:
        return self.keys / "log-signing.pem"

    @property
    def verifier_key(self) -> Path:
        return self.keys / "log.vkey"

    @property
    def vault_identity(self) -> Path:
        return self.keys / "vault-identity.age"

    @property
    def vault_recipient(self) -> Path:
        return vault_keys.recipient_path(self.vault_identity)

    @property
    def secret_key(self) -> Path:
        return self.home / "secret_key"


def paths() -> Paths:
    return Paths(Path(settings.SPRAVA_HOME))


def is_initialised(where: Paths | None = None) -> bool:
    where = where or paths()
    return where.signing_key.exists() and where.vault_recipient.exists()
