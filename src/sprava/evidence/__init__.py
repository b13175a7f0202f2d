"""Evidence items: intake, storage in the vault, access, and their audit."""
