"""Streaming SHA-256 + SHA-512 digests of evidence as it arrives."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sprava.integrity.errors import DigestMismatchError, MalformedError, VerificationError
from sprava.integrity.hashing import (
    Digests,
    StreamingHasher,
    digest_bytes,
    digest_file,
    digest_stream,
)

# FIPS 180-2 test vectors for "abc".
ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
ABC_SHA512 = (
    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
    "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
)


def test_digests_of_abc_match_fips_180_vectors() -> None:
    digests = digest_bytes(b"abc")
    assert digests.sha256_hex == ABC_SHA256
    assert digests.sha512_hex == ABC_SHA512
    assert digests.size == 3


def test_digests_of_nothing_are_the_empty_hashes() -> None:
    digests = digest_bytes(b"")
    assert digests.sha256 == hashlib.sha256().digest()
    assert digests.sha512 == hashlib.sha512().digest()
    assert digests.size == 0


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=5000), st.integers(1, 700))
def test_streaming_in_chunks_equals_hashing_at_once(data: bytes, chunk_size: int) -> None:
    streamed = digest_stream(io.BytesIO(data), chunk_size=chunk_size)
    assert streamed == digest_bytes(data)
    assert streamed.sha256 == hashlib.sha256(data).digest()
    assert streamed.sha512 == hashlib.sha512(data).digest()
    assert streamed.size == len(data)


def test_hasher_accepts_bytearray_and_memoryview() -> None:
    hasher = StreamingHasher()
    hasher.update(bytearray(b"a"))
    hasher.update(memoryview(b"bc"))
    assert hasher.digests() == digest_bytes(b"abc")


def test_file_digest_reads_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "exhibit.bin"
    data = bytes(range(256)) * 5000  # larger than one 1 MiB chunk
    path.write_bytes(data)
    assert digest_file(path) == digest_bytes(data)
    assert digest_file(str(path)).size == len(data)


def test_hex_round_trip() -> None:
    digests = digest_bytes(b"abc")
    assert Digests.from_hex(digests.sha256_hex, digests.sha512_hex, 3) == digests


@pytest.mark.parametrize(
    ("sha256", "sha512"),
    [("zz" * 32, ABC_SHA512), (ABC_SHA256, "not hex"), (ABC_SHA256[:-2], ABC_SHA512)],
)
def test_bad_hex_digests_are_malformed(sha256: str, sha512: str) -> None:
    with pytest.raises(MalformedError):
        Digests.from_hex(sha256, sha512, 3)


def test_digests_of_the_wrong_length_are_malformed() -> None:
    good = digest_bytes(b"abc")
    with pytest.raises(MalformedError):
        Digests(good.sha512, good.sha256, 3)
    with pytest.raises(MalformedError):
        Digests(good.sha256, good.sha512, -1)


def test_matching_digests_pass_the_check() -> None:
    digest_bytes(b"abc").check(digest_bytes(b"abc"))


def test_changed_bytes_fail_the_check_with_a_digest_mismatch() -> None:
    with pytest.raises(DigestMismatchError, match="exhibit 7") as info:
        digest_bytes(b"abc").check(digest_bytes(b"abd"), what="exhibit 7")
    assert isinstance(info.value, VerificationError)
    assert ABC_SHA256 in str(info.value)


def test_digests_are_immutable() -> None:
    digests = digest_bytes(b"abc")
    with pytest.raises(AttributeError):
        digests.size = 4  # type: ignore[misc]
