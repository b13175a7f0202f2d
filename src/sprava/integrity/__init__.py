"""Pure integrity library: hashing, RFC 9162 Merkle trees, signed notes, timestamps.

Nothing here imports Django; the offline verifier depends on this package alone.
"""
