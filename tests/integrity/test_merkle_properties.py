"""Property tests: every proof we generate verifies, and any single change is rejected."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sprava.integrity import merkle
from sprava.integrity.errors import VerificationError

MAX_SIZE = 200


@st.composite
def distinct_trees(draw: st.DrawFn) -> list[bytes]:
    """Leaf hashes of a tree of uniformly drawn size whose leaves all differ.

    Distinct leaves matter for the "changed index or size" properties: a tree of identical
    leaves is symmetric, so a proof can honestly verify at another position or size.
    """
    size = draw(st.integers(1, MAX_SIZE), label="size")
    salt = draw(st.binary(min_size=4, max_size=4), label="salt")
    return [merkle.leaf_hash(salt + i.to_bytes(2, "big")) for i in range(size)]


# Random entries, duplicates allowed (small trees mostly), or large trees of distinct leaves.
random_trees = st.lists(st.binary(max_size=16), min_size=1, max_size=MAX_SIZE).map(
    lambda entries: [merkle.leaf_hash(e) for e in entries]
)
leaf_lists = st.one_of(random_trees, distinct_trees())


def flip_bit(value: bytes, bit: int) -> bytes:
    data = bytearray(value)
    data[bit // 8] ^= 1 << (bit % 8)
    return bytes(data)


def other_than(data: st.DataObject, value: int) -> int:
    """A different non-negative number, near or far (drawn as a shift to avoid rejections)."""
    shift = data.draw(st.integers(1, 2 * MAX_SIZE), label="shift")
    return value + shift if shift > value or data.draw(st.booleans()) else value - shift


class StoredNodes:
    """A stand-in for the ledger's (level, index) table that counts its reads."""

    def __init__(self) -> None:
        self.table: dict[tuple[int, int], bytes] = {}
        self.reads = 0

    def node(self, level: int, index: int) -> bytes:
        self.reads += 1
        return self.table[(level, index)]


def build_by_appending(hashes: list[bytes], batches: list[int]) -> StoredNodes:
    """Fill a node table the way the ledger does: leaves, then append_nodes per batch."""
    stored = StoredNodes()
    size = 0
    for batch in [*batches, len(hashes)]:
        new = hashes[size : min(len(hashes), size + batch)]
        frontier = [stored.table[n] for n in merkle.frontier(size)]
        for level, index, value in merkle.append_nodes(size, frontier, new):
            assert (level, index) not in stored.table, "a perfect node is created once"
            stored.table[(level, index)] = value
        for offset, leaf in enumerate(new):
            stored.table[(0, size + offset)] = leaf
        size += len(new)
    return stored


@settings(max_examples=40, deadline=None)
@given(leaf_lists)
def test_every_generated_proof_verifies(hashes: list[bytes]) -> None:
    size = len(hashes)
    root = merkle.root(hashes)
    for index in range(size):
        merkle.verify_inclusion(
            hashes[index], index, size, merkle.inclusion_proof(hashes, index), root
        )
    for size1 in range(0, size + 1):
        proof = merkle.consistency_proof(hashes, size1)
        merkle.verify_consistency(size1, size, proof, merkle.root(hashes[:size1]), root)


@settings(max_examples=200, deadline=None)
@given(leaf_lists, st.data())
def test_any_flipped_bit_in_an_inclusion_proof_is_rejected(
    hashes: list[bytes], data: st.DataObject
) -> None:
    size = len(hashes)
    index = data.draw(st.integers(0, size - 1), label="index")
    proof = merkle.inclusion_proof(hashes, index)
    root = merkle.root(hashes)
    bit = data.draw(st.integers(0, 255), label="bit")
    # Which value to corrupt: the leaf, the root, or one proof hash.
    target = data.draw(st.integers(-2, len(proof) - 1), label="target")
    leaf = flip_bit(hashes[index], bit) if target == -2 else hashes[index]
    bad_root = flip_bit(root, bit) if target == -1 else root
    bad_proof = [flip_bit(p, bit) if i == target else p for i, p in enumerate(proof)]
    with pytest.raises(VerificationError):
        merkle.verify_inclusion(leaf, index, size, bad_proof, bad_root)


def inclusion_walk(index: int, size: int) -> list[bool] | None:
    """The verifier's walk: for each proof hash, whether it is a left sibling."""
    if not 0 <= index < size:
        return None
    return [end <= index for _, end in merkle.inclusion_ranges(index, size)]


def consistency_walk(size1: int, size2: int) -> list[bool] | None:
    """For each proof hash, whether it lies inside the old tree."""
    if not 0 <= size1 <= size2:
        return None
    return [end <= size1 for _, end in merkle.consistency_ranges(size1, size2)]


@settings(max_examples=200, deadline=None)
@given(distinct_trees(), st.data())
def test_a_changed_index_breaks_an_inclusion_proof(
    hashes: list[bytes], data: st.DataObject
) -> None:
    size = len(hashes)
    index = data.draw(st.integers(0, size - 1), label="index")
    proof = merkle.inclusion_proof(hashes, index)
    other_index = other_than(data, index)
    with pytest.raises(VerificationError):
        merkle.verify_inclusion(hashes[index], other_index, size, proof, merkle.root(hashes))


@settings(max_examples=200, deadline=None)
@given(distinct_trees(), st.data())
def test_a_changed_size_breaks_an_inclusion_proof_whenever_it_changes_the_walk(
    hashes: list[bytes], data: st.DataObject
) -> None:
    """RFC 9162 proofs do not commit to the tree size: the signed checkpoint pairs size and
    root. A size that leads the verifier along the very same walk computes the very same
    hash; any other size must be rejected."""
    size = len(hashes)
    index = data.draw(st.integers(0, size - 1), label="index")
    proof = merkle.inclusion_proof(hashes, index)
    other_size = other_than(data, size)
    assume(inclusion_walk(index, other_size) != inclusion_walk(index, size))
    with pytest.raises(VerificationError):
        merkle.verify_inclusion(hashes[index], index, other_size, proof, merkle.root(hashes))


@settings(max_examples=200, deadline=None)
@given(leaf_lists, st.data())
def test_any_flipped_bit_in_a_consistency_proof_is_rejected(
    hashes: list[bytes], data: st.DataObject
) -> None:
    size2 = len(hashes)
    size1 = data.draw(st.integers(1, size2), label="size1")
    proof = merkle.consistency_proof(hashes, size1)
    root1, root2 = merkle.root(hashes[:size1]), merkle.root(hashes)
    bit = data.draw(st.integers(0, 255), label="bit")
    target = data.draw(st.integers(-2, len(proof) - 1), label="target")
    bad_root1 = flip_bit(root1, bit) if target == -2 else root1
    bad_root2 = flip_bit(root2, bit) if target == -1 else root2
    bad_proof = [flip_bit(p, bit) if i == target else p for i, p in enumerate(proof)]
    with pytest.raises(VerificationError):
        merkle.verify_consistency(size1, size2, bad_proof, bad_root1, bad_root2)


@settings(max_examples=200, deadline=None)
@given(distinct_trees(), st.data())
def test_a_changed_old_size_breaks_a_consistency_proof(
    hashes: list[bytes], data: st.DataObject
) -> None:
    size2 = len(hashes)
    size1 = data.draw(st.integers(1, size2), label="size1")
    proof = merkle.consistency_proof(hashes, size1)
    root1, root2 = merkle.root(hashes[:size1]), merkle.root(hashes)
    other1 = other_than(data, size1)
    with pytest.raises(VerificationError):
        merkle.verify_consistency(other1, size2, proof, root1, root2)


@settings(max_examples=200, deadline=None)
@given(distinct_trees(), st.data())
def test_a_changed_new_size_breaks_a_consistency_proof_whenever_it_changes_the_walk(
    hashes: list[bytes], data: st.DataObject
) -> None:
    size2 = len(hashes)
    size1 = data.draw(st.integers(1, size2), label="size1")
    proof = merkle.consistency_proof(hashes, size1)
    root1, root2 = merkle.root(hashes[:size1]), merkle.root(hashes)
    other2 = other_than(data, size2)
    assume(consistency_walk(size1, other2) != consistency_walk(size1, size2))
    with pytest.raises(VerificationError):
        merkle.verify_consistency(size1, other2, proof, root1, root2)


def test_proofs_do_not_bind_the_tree_size_the_checkpoint_does() -> None:
    """Documents RFC 9162 behaviour: leaf 0 of a 5-leaf tree walks the same path in any
    tree of 5..8 leaves, so only the (size, root) pair in a signed checkpoint fixes the size."""
    hashes = [merkle.leaf_hash(bytes([i])) for i in range(5)]
    proof = merkle.inclusion_proof(hashes, 0)
    for size in (5, 6, 7, 8):
        merkle.verify_inclusion(hashes[0], 0, size, proof, merkle.root(hashes))
    with pytest.raises(VerificationError):
        merkle.verify_inclusion(hashes[0], 0, 4, proof, merkle.root(hashes))


@settings(max_examples=100, deadline=None)
@given(leaf_lists)
def test_root_equals_range_hash_over_perfect_nodes(hashes: list[bytes]) -> None:
    stored = build_by_appending(hashes, [len(hashes)])
    assert merkle.range_hash(0, len(hashes), stored.node) == merkle.root(hashes)
    # The root needs exactly the frontier: one read per set bit of the size.
    assert stored.reads == bin(len(hashes)).count("1")


@settings(max_examples=100, deadline=None)
@given(leaf_lists, st.lists(st.integers(0, 40), max_size=10))
def test_append_nodes_agrees_with_recomputation(hashes: list[bytes], batches: list[int]) -> None:
    stored = build_by_appending(hashes, batches)
    # Every perfect node of the final tree is present and equals a from-scratch computation.
    size = len(hashes)
    expected: dict[tuple[int, int], bytes] = {}
    level = 0
    while (1 << level) <= size:
        width = 1 << level
        for index in range(size // width):
            expected[(level, index)] = merkle.root(hashes[index * width : (index + 1) * width])
        level += 1
    assert stored.table == expected


@settings(max_examples=60, deadline=None)
@given(leaf_lists, st.data())
def test_stored_nodes_give_the_same_proofs_in_logarithmic_reads(
    hashes: list[bytes], data: st.DataObject
) -> None:
    size = len(hashes)
    stored = build_by_appending(hashes, [data.draw(st.integers(1, size), label="first batch")])
    index = data.draw(st.integers(0, size - 1), label="index")
    size1 = data.draw(st.integers(0, size), label="size1")
    budget = 2 * size.bit_length() + 1
    stored.reads = 0
    proof = [merkle.range_hash(s, e, stored.node) for s, e in merkle.inclusion_ranges(index, size)]
    assert proof == merkle.inclusion_proof(hashes, index)
    assert stored.reads <= budget
    stored.reads = 0
    ranges = merkle.consistency_ranges(size1, size)
    proof = [merkle.range_hash(s, e, stored.node) for s, e in ranges]
    assert proof == merkle.consistency_proof(hashes, size1)
    assert stored.reads <= budget


def test_flip_bit_helper_changes_exactly_one_bit() -> None:
    value = hashlib.sha256(b"x").digest()
    flipped = flip_bit(value, 9)
    assert sum(bin(a ^ b).count("1") for a, b in zip(value, flipped, strict=True)) == 1
