"""RFC 9162 (section 2.1) Merkle tree: hashes, inclusion and consistency proofs.

All hashes are raw 32-byte SHA-256 values, exactly as in RFC 9162 / RFC 6962, so that anyone
can check our proofs with any conforming implementation.

Proofs are built from *leaf ranges*. Every hash in an inclusion or consistency proof is the
Merkle tree hash (MTH) of one range of leaves [start, end), and every such range is a subtree
of the RFC 9162 recursion: either perfect (2**k leaves, aligned) or ending at the tree's right
edge. A range splits into a few perfect subtrees; perfect node (level, index) covers leaves
[index * 2**level, (index + 1) * 2**level). The custody ledger stores exactly these perfect
nodes, keyed (level, index), so it can answer any proof with O(log n) reads by passing its own
node reader to `range_hash`. The list-based helpers below (`root`, `inclusion_proof`,
`consistency_proof`) run the same code over an in-memory node store: one proof algorithm.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable, Sequence

from sprava.integrity.errors import MalformedError, VerificationError

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"

#: Reads the hash of perfect node (level, index); the ledger passes a database lookup.
NodeReader = Callable[[int, int], bytes]
Range = tuple[int, int]


def leaf_hash(entry: bytes) -> bytes:
    """MTH of a single entry: SHA-256(0x00 || entry)."""
    return hashlib.sha256(_LEAF_PREFIX + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Interior node: SHA-256(0x01 || left || right). Callers pass 32-byte hashes."""
    return hashlib.sha256(_NODE_PREFIX + left + right).digest()


# --- Leaf ranges ---------------------------------------------------------------------------


def _split(n: int) -> int:
    """The largest power of two strictly smaller than n (n >= 2): RFC 9162's k."""
    return 1 << ((n - 1).bit_length() - 1)


def inclusion_ranges(index: int, size: int) -> list[Range]:
    """Leaf ranges whose MTHs form the inclusion proof of leaf `index`, in proof order.

    Follows RFC 9162 PATH(m, D[n]): the sibling of each subtree on the way down from the
    root to the leaf. The proof lists them bottom-up, so the walk is reversed at the end.
    """
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is outside a tree of {size} leaves")
    siblings: list[Range] = []
    start, end = 0, size
    while end - start > 1:
        mid = start + _split(end - start)
        if index < mid:
            siblings.append((mid, end))
            end = mid
        else:
            siblings.append((start, mid))
            start = mid
    siblings.reverse()
    return siblings


def consistency_ranges(size1: int, size2: int) -> list[Range]:
    """Leaf ranges whose MTHs form the consistency proof from `size1` to `size2`, in order.

    Follows RFC 9162 SUBPROOF(m, D[n], b). The proof between equal sizes is empty, and so,
    by our convention, is the proof from the empty tree (a prefix of every tree).
    """
    if not 0 <= size1 <= size2:
        raise ValueError(f"need 0 <= size1 <= size2, got {size1} and {size2}")
    if size1 in (0, size2):
        return []
    parts: list[Range] = []
    start, end = 0, size2
    whole_old_tree = True  # RFC 9162's b: the old root is known to the verifier.
    while end != size1:
        mid = start + _split(end - start)
        if size1 <= mid:
            parts.append((mid, end))
            end = mid
        else:
            parts.append((start, mid))
            start = mid
            whole_old_tree = False
    if not whole_old_tree:
        parts.append((start, end))
    parts.reverse()
    return parts


def perfect_nodes(start: int, end: int) -> list[tuple[int, int]]:
    """(level, index) of the perfect subtrees that make up [start, end), left to right.

    The range must be a subtree range of the RFC 9162 recursion: `start` aligned to the
    smallest power of two that holds the range. Every range returned by `inclusion_ranges`
    and `consistency_ranges`, and every [0, n), is one. Levels strictly decrease.
    """
    if not 0 <= start < end:
        raise ValueError(f"not a non-empty leaf range: [{start}, {end})")
    width = 1 << (end - start - 1).bit_length()
    if start % width:
        raise ValueError(f"[{start}, {end}) is not a subtree of an RFC 9162 tree")
    nodes: list[tuple[int, int]] = []
    while start < end:
        level = (end - start).bit_length() - 1
        nodes.append((level, start >> level))
        start += 1 << level
    return nodes


def frontier(size: int) -> list[tuple[int, int]]:
    """The perfect nodes that make up a tree of `size` leaves: all that appending needs."""
    if size < 0:
        raise ValueError(f"tree size must not be negative, got {size}")
    return perfect_nodes(0, size) if size else []


def range_hash(start: int, end: int, node: NodeReader) -> bytes:
    """MTH of leaves [start, end), folding its perfect nodes right to left as RFC 9162 does.

    For [0, n) this is the root of the tree of n leaves; [0, 0) gives the empty root.
    """
    if start == end == 0:
        return EMPTY_ROOT
    nodes = perfect_nodes(start, end)
    acc = _read(node, *nodes[-1])
    for level, index in reversed(nodes[:-1]):
        acc = node_hash(_read(node, level, index), acc)
    return acc


def _read(node: NodeReader, level: int, index: int) -> bytes:
    # A short hash from storage would silently yield a wrong proof; fail loudly instead.
    value = node(level, index)
    if len(value) != HASH_SIZE:
        raise MalformedError(f"stored node ({level}, {index}) is not a {HASH_SIZE}-byte hash")
    return value


def append_nodes(
    size: int, frontier_hashes: Sequence[bytes], new_leaf_hashes: Iterable[bytes]
) -> list[tuple[int, int, bytes]]:
    """Perfect nodes of level >= 1 completed by appending leaves to a tree of `size` leaves.

    `frontier_hashes` are the hashes of `frontier(size)`, in that order: a new node can only
    depend on those and on the new leaves. Returns (level, index, hash) for every node
    completed, in the order they complete (bottom-up after each leaf). The new leaves
    themselves, nodes (0, size + i), are not repeated: the caller stores them as given.
    """
    nodes = frontier(size)
    if len(frontier_hashes) != len(nodes):
        raise ValueError(f"a tree of {size} leaves has {len(nodes)} frontier nodes")
    stack = [
        (level, index, _checked(h))
        for (level, index), h in zip(nodes, frontier_hashes, strict=True)
    ]
    created: list[tuple[int, int, bytes]] = []
    for position, leaf in enumerate(new_leaf_hashes, start=size):
        level, index, value = 0, position, _checked(leaf)
        # Like a binary counter's carry: equal levels on top of the stack are siblings.
        while stack and stack[-1][0] == level:
            _, left_index, left = stack.pop()
            level, index, value = level + 1, left_index >> 1, node_hash(left, value)
            created.append((level, index, value))
        stack.append((level, index, value))
    return created


# --- List-based proofs (in-memory node store) ----------------------------------------------


class _MemoryNodes:
    """Every perfect node of a tree held in memory, level by level."""

    def __init__(self, leaf_hashes: Sequence[bytes]) -> None:
        self.levels: list[list[bytes]] = [[_checked(h) for h in leaf_hashes]]
        while len(self.levels[-1]) >= 2:
            below = self.levels[-1]
            pairs = range(0, len(below) - 1, 2)  # an odd last node has no parent yet
            self.levels.append([node_hash(below[i], below[i + 1]) for i in pairs])

    def node(self, level: int, index: int) -> bytes:
        return self.levels[level][index]


def root(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH of the tree with these leaf hashes (the empty root for no leaves)."""
    return range_hash(0, len(leaf_hashes), _MemoryNodes(leaf_hashes).node)


def inclusion_proof(leaf_hashes: Sequence[bytes], index: int) -> list[bytes]:
    nodes = _MemoryNodes(leaf_hashes)
    return [range_hash(s, e, nodes.node) for s, e in inclusion_ranges(index, len(leaf_hashes))]


def consistency_proof(leaf_hashes: Sequence[bytes], size1: int) -> list[bytes]:
    nodes = _MemoryNodes(leaf_hashes)
    ranges = consistency_ranges(size1, len(leaf_hashes))
    return [range_hash(s, e, nodes.node) for s, e in ranges]


# --- Verification --------------------------------------------------------------------------


def _checked(value: bytes, what: str = "hash") -> bytes:
    if not isinstance(value, bytes) or len(value) != HASH_SIZE:
        raise MalformedError(f"{what} must be {HASH_SIZE} bytes")
    return value


def _check_sizes(*sizes: int) -> None:
    for size in sizes:
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise MalformedError(f"tree sizes and indices must be non-negative integers: {size!r}")


def _same(a: bytes, b: bytes) -> bool:
    return hmac.compare_digest(a, b)


def verify_inclusion(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Check that `leaf_hash` is leaf `index` of the tree of `size` leaves with `root`.

    RFC 9162 section 2.1.3.2. Returns None or raises VerificationError (MalformedError for
    input that is not well formed, before any hashing).
    """
    # 1. Every hash is 32 bytes, and the index lies inside the tree.
    _checked(leaf_hash, "leaf hash")
    _checked(root, "root hash")
    for item in proof:
        _checked(item, "proof hash")
    _check_sizes(index, size)
    if index >= size:
        raise MalformedError(f"leaf index {index} is outside a tree of {size} leaves")
    # 2. The proof has exactly as many hashes as the tree shape demands.
    expected = len(inclusion_ranges(index, size))
    if len(proof) != expected:
        raise MalformedError(f"inclusion proof has {len(proof)} hashes, expected {expected}")
    # 3. Set fn = index, sn = size - 1 and r = leaf hash.
    fn, sn, r = index, size - 1, leaf_hash
    # 4. Fold each proof hash p into r, walking up from the leaf.
    for p in proof:
        # 4a. The path must not run past the root.
        if sn == 0:
            raise VerificationError("inclusion proof is longer than the path to the root")
        # 4b. p is a left sibling if fn is a right child or the last node of its level.
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            # Skip levels where fn has no right sibling (the tree's ragged right edge).
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        # 4c. Move up one level.
        fn, sn = fn >> 1, sn >> 1
    # 5. The walk must end at the root, and the computed hash must be the root hash.
    if sn != 0 or not _same(r, root):
        raise VerificationError("inclusion proof does not lead to the root hash")


def verify_consistency(
    size1: int, size2: int, proof: Sequence[bytes], root1: bytes, root2: bytes
) -> None:
    """Check that the tree of `size1` leaves with `root1` is a prefix of the one with `root2`.

    RFC 9162 section 2.1.4.2, plus the edge cases it leaves open: equal sizes need an empty
    proof and equal roots; the empty tree is a prefix of every tree (empty proof, and root1
    must be the empty root). Returns None or raises VerificationError (MalformedError for
    input that is not well formed).
    """
    # 1. Every hash is 32 bytes, and the sizes are ordered.
    _checked(root1, "first root hash")
    _checked(root2, "second root hash")
    for item in proof:
        _checked(item, "proof hash")
    _check_sizes(size1, size2)
    if size1 > size2:
        raise MalformedError(f"first tree ({size1}) is larger than second tree ({size2})")
    # 2. The proof has exactly as many hashes as the two sizes demand (none if equal or 0).
    expected = len(consistency_ranges(size1, size2))
    if len(proof) != expected:
        raise MalformedError(f"consistency proof has {len(proof)} hashes, expected {expected}")
    # 3. The empty tree has exactly one root hash, SHA-256 of nothing.
    if size1 == 0 and not _same(root1, EMPTY_ROOT):
        raise VerificationError("the root of an empty tree must be SHA-256 of nothing")
    # 4. Equal sizes: consistent only with equal roots. From the empty tree: always.
    if size1 == size2:
        if not _same(root1, root2):
            raise VerificationError("trees of equal size have different roots")
        return
    if size1 == 0:
        return
    # 5. If size1 is a power of two, the old tree is a perfect subtree: its root starts the path.
    path = [root1, *proof] if size1 & (size1 - 1) == 0 else list(proof)
    # 6. Set fn = size1 - 1 and sn = size2 - 1, and skip the levels where fn is a right child.
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    # 7. Start both running hashes from the first path element.
    fr = sr = path[0]
    # 8. Fold each further element c into the old root (fr) and the new root (sr).
    for c in path[1:]:
        # 8a. The path must not run past the root.
        if sn == 0:
            raise VerificationError("consistency proof is longer than the path to the root")
        # 8b. A left sibling belongs to both trees; a right sibling only to the new one.
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        # 8c. Move up one level.
        fn, sn = fn >> 1, sn >> 1
    # 9. Both roots must match, and the walk must have reached the top.
    if sn != 0:
        raise VerificationError("consistency proof is shorter than the path to the root")
    if not _same(fr, root1):
        raise VerificationError("consistency proof does not lead to the first root hash")
    if not _same(sr, root2):
        raise VerificationError("consistency proof does not lead to the second root hash")
