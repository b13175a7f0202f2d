"""RFC 3161 requests and offline verification against the rfc3161-client fixtures."""

from __future__ import annotations

import hashlib
import os
import random
import warnings
from datetime import UTC, datetime
from pathlib import Path

import pytest
import rfc3161_client
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from rfc3161_client._rust import parse_timestamp_request  # request parser: not public API

from sprava.integrity import timestamp
from sprava.integrity.errors import MalformedError, VerificationError

TESTDATA = Path(__file__).resolve().parents[2].parent / "shared" / "testdata"
FIXTURES = TESTDATA / "rfc3161" / "test" / "fixtures"
HELLO = b"hello"


def fixture(relative: str) -> bytes:
    path = FIXTURES / relative
    if not path.is_file():
        reason = f"shared RFC 3161 fixture not found: {path}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return path.read_bytes()


def verify(
    folder: str, name: str, message: bytes = HELLO, nonce: int | None = None
) -> timestamp.TimestampInfo:
    return timestamp.verify_response(
        fixture(f"{folder}/{name}"),
        message=message,
        certificates_pem=fixture(f"{folder}/ts_chain.pem"),
        nonce=nonce,
    )


def pem(certs: list[x509.Certificate]) -> bytes:
    return b"".join(c.public_bytes(Encoding.PEM) for c in certs)


# --- Good tokens ----------------------------------------------------------------------------


def test_test_tsa_response_verifies_for_hello() -> None:
    info = verify("test_tsa", "response.tsr")
    assert info.gen_time == datetime(2024, 10, 8, 15, 40, 32, tzinfo=UTC)
    assert info.gen_time.utcoffset() is not None
    assert info.hash_algorithm == "sha512"
    assert info.message_digest == hashlib.sha512(HELLO).digest()
    assert info.tsa_name == "CN=Test TSA Timestamping,O=local"
    assert info.policy_oid == "1.3.6.1.4.1.57264.2"
    assert info.serial_number > 0


def test_response_verifies_against_a_precomputed_digest() -> None:
    info = timestamp.verify_response(
        fixture("test_tsa/response.tsr"),
        digest=hashlib.sha512(HELLO).digest(),
        certificates_pem=fixture("test_tsa/ts_chain.pem"),
    )
    assert info.hash_algorithm == "sha512"


@pytest.mark.parametrize("algorithm", ["sha256", "sha384", "sha512"])
def test_sigstage_responses_verify_for_each_hash(algorithm: str) -> None:
    info = verify("sigstage", f"response-{algorithm}.tsr")
    assert info.hash_algorithm == algorithm
    assert info.message_digest == hashlib.new(algorithm, HELLO).digest()
    assert info.tsa_name == "CN=sigstore-tsa,O=sigstore.dev"


def test_response_without_embedded_certificate_uses_the_bundle() -> None:
    info = verify("sigstage", "response-no-embedded-cert.tsr")
    assert info.gen_time == datetime(2025, 6, 18, 8, 13, 2, tzinfo=UTC)


def test_token_whose_certificates_expired_since_verifies_at_gen_time() -> None:
    payload = fixture("sigstore.mock/payload")
    info = verify("sigstore.mock", "response-expired.tsr", message=payload)
    chain = x509.load_pem_x509_certificates(fixture("sigstore.mock/ts_chain.pem"))
    assert all(c.not_valid_after_utc < datetime.now(UTC) for c in chain)  # expired today
    assert all(c.not_valid_before_utc <= info.gen_time <= c.not_valid_after_utc for c in chain)


def test_identrust_certificates_in_wrong_order_verify() -> None:
    # The token embeds its TSA and intermediate certificates intermediate-first, and the
    # "ts_chain.pem" there is a single DER root (IdenTrust Commercial Root CA 1).
    info = verify("identrust", "issue-104.tsr")
    assert info.hash_algorithm == "sha512"
    assert info.gen_time == datetime(2025, 3, 11, 8, 52, 8, tzinfo=UTC)


def test_bundle_order_does_not_matter() -> None:
    chain = x509.load_pem_x509_certificates(fixture("test_tsa/ts_chain.pem"))
    for order in (chain[::-1], [chain[1], chain[2], chain[0]]):
        timestamp.verify_response(
            fixture("test_tsa/response.tsr"), message=HELLO, certificates_pem=pem(order)
        )


def test_injected_extra_certificates_do_not_change_the_signer() -> None:
    info = verify("test_tsa", "response-injected-certs.tsr")
    assert info.tsa_name == "CN=Test TSA Timestamping,O=local"


def test_nonce_that_matches_the_request_is_accepted() -> None:
    sent = parse_timestamp_request(fixture("test_tsa/request.der")).nonce
    assert sent is not None
    assert verify("test_tsa", "response.tsr", nonce=sent).nonce == sent


# --- Bad tokens -----------------------------------------------------------------------------


def test_invalid_signature_is_rejected() -> None:
    with pytest.raises(VerificationError, match="signature"):
        verify("sigstage", "response-invalid-signature.tsr")


def test_token_for_another_message_is_rejected() -> None:
    with pytest.raises(VerificationError, match="Mismatch"):
        verify("test_tsa", "response.tsr", message=b"goodbye")
    with pytest.raises(VerificationError):
        timestamp.verify_response(
            fixture("test_tsa/response.tsr"),
            digest=hashlib.sha512(b"goodbye").digest(),
            certificates_pem=fixture("test_tsa/ts_chain.pem"),
        )


def test_token_from_a_tsa_outside_the_bundle_is_rejected() -> None:
    # other_response.tsr is over b"hello" too, but from another instance of the test TSA.
    with pytest.raises(VerificationError):
        verify("test_tsa", "other_response.tsr")
    with pytest.raises(VerificationError):
        timestamp.verify_response(
            fixture("sigstage/response-sha256.tsr"),
            message=HELLO,
            certificates_pem=fixture("test_tsa/ts_chain.pem"),
        )


def test_nonce_mismatch_is_rejected() -> None:
    with pytest.raises(VerificationError, match="nonce"):
        verify("test_tsa", "response.tsr", nonce=42)


def test_digest_of_the_wrong_size_is_rejected() -> None:
    with pytest.raises(VerificationError):
        timestamp.verify_response(
            fixture("test_tsa/response.tsr"),
            digest=hashlib.sha256(HELLO).digest(),
            certificates_pem=fixture("test_tsa/ts_chain.pem"),
        )


def test_missing_tsa_certificate_is_rejected() -> None:
    root = x509.load_pem_x509_certificates(fixture("sigstage/ts_chain.pem"))[1]
    with pytest.raises(VerificationError):
        timestamp.verify_response(
            fixture("sigstage/response-no-embedded-cert.tsr"),
            message=HELLO,
            certificates_pem=pem([root]),
        )


def test_bundle_without_a_root_is_malformed() -> None:
    chain = x509.load_pem_x509_certificates(fixture("test_tsa/ts_chain.pem"))
    with pytest.raises(MalformedError, match="root"):
        timestamp.verify_response(
            fixture("test_tsa/response.tsr"), message=HELLO, certificates_pem=pem(chain[:2])
        )


@pytest.mark.parametrize("bundle", [b"", b"not a certificate", b"-----BEGIN CERTIFICATE-----\n"])
def test_unreadable_bundle_is_malformed(bundle: bytes) -> None:
    with pytest.raises(MalformedError):
        timestamp.verify_response(
            fixture("test_tsa/response.tsr"), message=HELLO, certificates_pem=bundle
        )


@pytest.mark.parametrize("response", [b"", b"\x30\x00", b"garbage", b"\x30\x82\xff\xff"])
def test_unparseable_response_is_malformed(response: bytes) -> None:
    with pytest.raises(MalformedError):
        timestamp.verify_response(
            response, message=HELLO, certificates_pem=fixture("test_tsa/ts_chain.pem")
        )


def test_message_and_digest_are_mutually_exclusive() -> None:
    with pytest.raises(ValueError):
        timestamp.verify_response(b"", certificates_pem=b"")
    with pytest.raises(ValueError):
        timestamp.verify_response(b"", message=b"x", digest=b"x", certificates_pem=b"")


@pytest.mark.parametrize(
    ("folder", "name", "message_file"),
    [
        ("sigstore.mock", "response-expired.tsr", "sigstore.mock/payload"),
        ("test_tsa", "response.tsr", None),
    ],
)
def test_corrupted_token_raises_only_verification_errors(
    folder: str, name: str, message_file: str | None
) -> None:
    """Flip bytes all over a good token: each copy is rejected with VerificationError, or,
    where the byte is not covered by anything that matters, verifies to the same facts."""
    data = fixture(f"{folder}/{name}")
    bundle = fixture(f"{folder}/ts_chain.pem")
    message = fixture(message_file) if message_file else HELLO
    original = timestamp.verify_response(data, message=message, certificates_pem=bundle)
    positions = (
        range(len(data)) if len(data) < 600 else random.Random(7).sample(range(len(data)), 300)
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # cryptography warns about mangled serial numbers
        for position in positions:
            corrupted = bytearray(data)
            corrupted[position] ^= 0x01
            try:
                info = timestamp.verify_response(
                    bytes(corrupted), message=message, certificates_pem=bundle
                )
            except VerificationError:
                continue
            assert info == original, f"byte {position} changed what the token attests"


# --- Requests -------------------------------------------------------------------------------


def test_request_matches_rfc3161_client_byte_for_byte() -> None:
    theirs = (
        rfc3161_client.TimestampRequestBuilder()
        .data(HELLO)
        .hash_algorithm(rfc3161_client.HashAlgorithm.SHA256)
        .nonce(nonce=False)
        .build()
        .as_bytes()
    )
    assert timestamp.build_request(hashlib.sha256(HELLO).digest(), nonce=False) == theirs


@pytest.mark.parametrize("algorithm", ["sha256", "sha384", "sha512"])
def test_request_carries_digest_algorithm_nonce_and_cert_request(algorithm: str) -> None:
    digest = hashlib.new(algorithm, HELLO).digest()
    for nonce in (0, 127, 128, 2**63, 2**64 - 1):
        parsed = parse_timestamp_request(timestamp.build_request(digest, algorithm, nonce))
        assert parsed.nonce == nonce
        assert parsed.message_imprint.message == digest
        assert parsed.message_imprint.hash_algorithm.dotted_string.startswith(
            "2.16.840.1.101.3.4.2."
        )
        assert parsed.cert_req is True
        assert parsed.version == 1


def test_request_nonces_are_random_by_default() -> None:
    digest = hashlib.sha256(HELLO).digest()
    first = parse_timestamp_request(timestamp.build_request(digest)).nonce
    second = parse_timestamp_request(timestamp.build_request(digest)).nonce
    assert first != second


def test_request_refuses_a_digest_of_the_wrong_size_or_unknown_hash() -> None:
    with pytest.raises(MalformedError):
        timestamp.build_request(b"\x00" * 31)
    with pytest.raises(ValueError):
        timestamp.build_request(hashlib.md5(HELLO).digest(), "md5")
    with pytest.raises(ValueError):
        timestamp.build_request(hashlib.sha256(HELLO).digest(), nonce=-1)
