"""The custody log: an append-only RFC 9162 Merkle log of custody events, signed checkpoints."""
