"""RFC 9162 Merkle proofs against the transparency-dev/merkle vectors and known answers.

Every JSON file under shared/testdata/merkle/testdata/{inclusion,consistency} is one test:
happy paths must verify, every case marked wantErr must raise VerificationError.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from sprava.integrity import merkle
from sprava.integrity.errors import MalformedError, VerificationError

TESTDATA = Path(__file__).resolve().parents[2].parent / "shared" / "testdata"
VECTORS = TESTDATA / "merkle" / "testdata"

# One vector disagrees with our rule that every hash is exactly 32 bytes: it calls two
# identical 12-byte "roots" ("don't care 2") of trees of size 1 consistent. We reject
# malformed hashes before comparing anything, so we expect MalformedError there instead.
STRICTER_THAN_UPSTREAM = {
    "consistency/additional/sizes-are-equal-one-and-proof-is-empty.json",
}


def _require_vectors() -> Path:
    if VECTORS.is_dir():
        return VECTORS
    reason = f"shared Merkle test vectors not found at {VECTORS}"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def _vector_ids(kind: str) -> list[str]:
    folder = VECTORS / kind
    found = sorted(str(p.relative_to(VECTORS)) for p in folder.rglob("*.json"))
    # An absent folder still yields one test, which skips (or fails in CI) with a reason.
    return found or [f"{kind}/<missing>"]


def _load(relative: str) -> dict[str, Any]:
    folder = _require_vectors()
    case: dict[str, Any] = json.loads((folder / relative).read_text())
    return case


def _b64(value: str) -> bytes:
    return base64.b64decode(value)


def _proof(case: dict[str, Any]) -> list[bytes]:
    return [_b64(p) for p in case["proof"] or []]


@pytest.mark.parametrize("relative", _vector_ids("inclusion"))
def test_inclusion_vector(relative: str) -> None:
    case = _load(relative)
    args = (
        _b64(case["leafHash"]),
        case["leafIdx"],
        case["treeSize"],
        _proof(case),
        _b64(case["root"]),
    )
    if case["wantErr"]:
        with pytest.raises(VerificationError):
            merkle.verify_inclusion(*args)
    else:
        merkle.verify_inclusion(*args)


@pytest.mark.parametrize("relative", _vector_ids("consistency"))
def test_consistency_vector(relative: str) -> None:
    case = _load(relative)
    args = (
        case["size1"],
        case["size2"],
        _proof(case),
        _b64(case["root1"]),
        _b64(case["root2"]),
    )
    if relative in STRICTER_THAN_UPSTREAM:
        assert not case["wantErr"]
        with pytest.raises(MalformedError, match="32 bytes"):
            merkle.verify_consistency(*args)
    elif case["wantErr"]:
        with pytest.raises(VerificationError):
            merkle.verify_consistency(*args)
    else:
        merkle.verify_consistency(*args)


def test_vector_folders_hold_the_expected_number_of_cases() -> None:
    folder = _require_vectors()
    # Guards against a silently truncated copy of the test data.
    assert len(list((folder / "inclusion").rglob("*.json"))) >= 90
    assert len(list((folder / "consistency").rglob("*.json"))) >= 90


def test_happy_path_vectors_match_proofs_we_generate() -> None:
    """The upstream happy paths use the RFC 6962 reference leaves; regenerate their proofs."""
    folder = _require_vectors()
    hashes = [merkle.leaf_hash(e) for e in REFERENCE_ENTRIES]
    for path in sorted(folder.glob("inclusion/[0-9]*/happy-path.json")):
        case = json.loads(path.read_text())
        size, index = case["treeSize"], case["leafIdx"]
        assert merkle.root(hashes[:size]) == _b64(case["root"])
        assert merkle.inclusion_proof(hashes[:size], index) == _proof(case)
    for path in sorted(folder.glob("consistency/[0-9]*/happy-path.json")):
        case = json.loads(path.read_text())
        size1, size2 = case["size1"], case["size2"]
        assert merkle.root(hashes[:size1]) == _b64(case["root1"])
        assert merkle.consistency_proof(hashes[:size2], size1) == _proof(case)


# --- Known answers ---------------------------------------------------------------------

# The eight entries of the RFC 6962 reference implementation's tests, and the roots of
# the trees made of their first n (the same values appear in every CT implementation).
REFERENCE_ENTRIES = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    bytes(range(0x50, 0x58)),
    bytes(range(0x60, 0x70)),
]
REFERENCE_ROOTS = {
    1: "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    2: "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    3: "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    4: "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    5: "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    6: "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    7: "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    8: "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
}


def naive_mth(entries: list[bytes]) -> bytes:
    """RFC 9162 section 2.1.1, written as literally as possible."""
    n = len(entries)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return hashlib.sha256(b"\x00" + entries[0]).digest()
    k = 1
    while k * 2 < n:
        k *= 2
    return hashlib.sha256(b"\x01" + naive_mth(entries[:k]) + naive_mth(entries[k:])).digest()


def test_empty_tree_root_is_sha256_of_nothing() -> None:
    expected = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert merkle.EMPTY_ROOT.hex() == expected
    assert merkle.root([]) == merkle.EMPTY_ROOT


def test_leaf_and_node_hashes_use_domain_separation_prefixes() -> None:
    assert merkle.leaf_hash(b"abc") == hashlib.sha256(b"\x00abc").digest()
    left, right = bytes(32), bytes([1]) * 32
    assert merkle.node_hash(left, right) == hashlib.sha256(b"\x01" + left + right).digest()


@pytest.mark.parametrize("size", sorted(REFERENCE_ROOTS))
def test_reference_tree_roots_match_known_answers(size: int) -> None:
    hashes = [merkle.leaf_hash(e) for e in REFERENCE_ENTRIES[:size]]
    assert merkle.root(hashes).hex() == REFERENCE_ROOTS[size]


@pytest.mark.parametrize("size", range(0, 70))
def test_root_matches_naive_recursive_mth(size: int) -> None:
    entries = [f"entry {i}".encode() for i in range(size)]
    assert merkle.root([merkle.leaf_hash(e) for e in entries]) == naive_mth(entries)


def test_inclusion_ranges_follow_rfc_9162_path() -> None:
    # Tree of 7 leaves: [0,4) [4,6) [6,7). Leaf 5's path: its sibling 4, then [6,7), then [0,4).
    assert merkle.inclusion_ranges(5, 7) == [(4, 5), (6, 7), (0, 4)]
    assert merkle.inclusion_ranges(0, 1) == []


def test_consistency_ranges_follow_rfc_9162_subproof() -> None:
    # RFC 9162 section 2.1.5 examples: PROOF(3, D[7]) = [c, d, g, l], PROOF(4, D[7]) = [l],
    # PROOF(6, D[7]) = [i, j, k]; letters name the subtrees of the RFC's figure.
    assert merkle.consistency_ranges(3, 7) == [(2, 3), (3, 4), (0, 2), (4, 7)]
    assert merkle.consistency_ranges(4, 7) == [(4, 7)]
    assert merkle.consistency_ranges(6, 7) == [(4, 6), (6, 7), (0, 4)]
    assert merkle.consistency_ranges(0, 7) == []
    assert merkle.consistency_ranges(7, 7) == []


def test_perfect_nodes_split_a_right_edge_range_into_descending_levels() -> None:
    assert merkle.perfect_nodes(0, 7) == [(2, 0), (1, 2), (0, 6)]
    assert merkle.perfect_nodes(8, 16) == [(3, 1)]
    assert merkle.perfect_nodes(8, 13) == [(2, 2), (0, 12)]
    assert merkle.frontier(0) == []
    assert merkle.frontier(12) == [(3, 0), (2, 2)]


@pytest.mark.parametrize(("start", "end"), [(1, 3), (2, 6), (4, 4), (5, 3), (-1, 1)])
def test_perfect_nodes_refuse_ranges_that_are_not_subtrees(start: int, end: int) -> None:
    with pytest.raises(ValueError):
        merkle.perfect_nodes(start, end)


def test_generation_refuses_an_index_outside_the_tree() -> None:
    hashes = [merkle.leaf_hash(b"x")] * 3
    with pytest.raises(ValueError):
        merkle.inclusion_proof(hashes, 3)
    with pytest.raises(ValueError):
        merkle.consistency_proof(hashes, 4)


def test_range_hash_rejects_a_stored_node_of_the_wrong_length() -> None:
    with pytest.raises(MalformedError):
        merkle.range_hash(0, 3, lambda level, index: b"short")


def test_rfc_example_proofs_verify() -> None:
    hashes = [merkle.leaf_hash(e) for e in REFERENCE_ENTRIES[:7]]
    root7 = merkle.root(hashes)
    for size1 in range(0, 8):
        proof = merkle.consistency_proof(hashes, size1)
        merkle.verify_consistency(size1, 7, proof, merkle.root(hashes[:size1]), root7)
    for index in range(7):
        proof = merkle.inclusion_proof(hashes, index)
        merkle.verify_inclusion(hashes[index], index, 7, proof, root7)


def test_consistency_from_the_empty_tree_needs_the_empty_root_and_no_proof() -> None:
    root1 = merkle.root([merkle.leaf_hash(b"a")])
    merkle.verify_consistency(0, 1, [], merkle.EMPTY_ROOT, root1)
    with pytest.raises(VerificationError):
        merkle.verify_consistency(0, 1, [], root1, root1)
    with pytest.raises(MalformedError):
        merkle.verify_consistency(0, 1, [root1], merkle.EMPTY_ROOT, root1)


@pytest.mark.parametrize("bad", [-1, True, 1.0])
def test_negative_or_non_integer_sizes_are_malformed(bad: Any) -> None:
    h = merkle.leaf_hash(b"a")
    with pytest.raises(MalformedError):
        merkle.verify_inclusion(h, bad, 1, [], h)
    with pytest.raises(MalformedError):
        merkle.verify_consistency(bad, 1, [], h, h)


def test_hashes_of_the_wrong_type_are_malformed() -> None:
    h = merkle.leaf_hash(b"a")
    with pytest.raises(MalformedError):
        merkle.verify_inclusion(h.hex(), 0, 1, [], h)  # type: ignore[arg-type]
