"""RFC 3161 time-stamp requests and offline verification of responses.

Verification uses the `rfc3161-client` package: it checks the CMS signature and the TSA's
certificate chain *at the token's genTime* (a TSA certificate that expired since still
vouches for what it signed while valid), the critical timeStamping EKU, and the message
imprint. Around it we add what an evidence locker needs: a trust bundle whose certificates
may come in any order, the TSA certificate taken from that bundle when the token does not
embed it, and only our own VerificationError escaping, whatever went wrong.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

import rfc3161_client
from cryptography import x509

from sprava.integrity.errors import MalformedError, SpravaError, VerificationError

# (OID, digest size) of the hash algorithms a message imprint may use.
_HASHES: dict[str, tuple[str, int]] = {
    "sha256": ("2.16.840.1.101.3.4.2.1", 32),
    "sha384": ("2.16.840.1.101.3.4.2.2", 48),
    "sha512": ("2.16.840.1.101.3.4.2.3", 64),
}
_NAMES_BY_OID = {oid: name for name, (oid, _) in _HASHES.items()}


@dataclass(frozen=True)
class TimestampInfo:
    """What a verified token attests: this digest existed at gen_time, per this TSA."""

    gen_time: datetime
    hash_algorithm: str
    message_digest: bytes
    serial_number: int
    tsa_name: str | None
    policy_oid: str
    nonce: int | None


# --- Requests --------------------------------------------------------------------------------
# rfc3161-client builds requests only from the message itself (it hashes it), but we hold a
# digest computed while streaming, so we write the small TimeStampReq DER ourselves.


def _der(tag: int, content: bytes) -> bytes:
    size = len(content)
    if size < 0x80:
        return bytes([tag, size]) + content
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(length)]) + length + content


def _der_integer(value: int) -> bytes:
    # One extra bit keeps the sign bit clear: DER integers are two's complement.
    return _der(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big"))


def _der_oid(dotted: str) -> bytes:
    arcs = [int(part) for part in dotted.split(".")]
    body = bytearray([40 * arcs[0] + arcs[1]])
    for arc in arcs[2:]:
        chunk = [arc & 0x7F]
        while arc := arc >> 7:
            chunk.append(0x80 | (arc & 0x7F))
        body.extend(reversed(chunk))
    return _der(0x06, bytes(body))


def build_request(digest: bytes, hash_name: str = "sha256", nonce: bool | int = True) -> bytes:
    """DER TimeStampReq (RFC 3161 section 2.4.1) for a digest, asking for the TSA certificate.

    `nonce`: True for a random 64-bit nonce, False for none, or a non-negative int to use
    (keep it to check the response with `verify_response(..., nonce=...)`).
    """
    if hash_name not in _HASHES:
        raise ValueError(f"unsupported hash {hash_name!r}; use one of {sorted(_HASHES)}")
    oid, size = _HASHES[hash_name]
    if len(digest) != size:
        raise MalformedError(f"a {hash_name} digest is {size} bytes, got {len(digest)}")
    algorithm = _der(0x30, _der_oid(oid) + b"\x05\x00")  # AlgorithmIdentifier, NULL params
    fields = _der_integer(1) + _der(0x30, algorithm + _der(0x04, digest))
    if nonce is True:
        fields += _der_integer(secrets.randbits(64))
    elif nonce is not False:
        if nonce < 0:
            raise ValueError("nonce must not be negative")
        fields += _der_integer(nonce)
    fields += b"\x01\x01\xff"  # certReq TRUE: the response should carry the TSA certificate
    return _der(0x30, fields)


# --- Verification ----------------------------------------------------------------------------


def _load_certificates(data: bytes) -> list[x509.Certificate]:
    """A PEM bundle in any order; a single DER certificate is accepted too."""
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificates(data)
        return [x509.load_der_x509_certificate(data)]
    except ValueError as exc:
        raise MalformedError(f"cannot read the TSA certificates: {exc}") from exc


def _parse_response(response_der: bytes) -> rfc3161_client.TimeStampResponse:
    try:
        return rfc3161_client.decode_timestamp_response(response_der)
    # The native parser raises assorted exception types for malformed DER.
    except Exception as exc:
        raise MalformedError(f"not an RFC 3161 time-stamp response: {exc}") from exc


def _signer_certificate(
    response: rfc3161_client.TimeStampResponse, bundle: list[x509.Certificate]
) -> x509.Certificate | None:
    """The bundle's certificate named by the token's SignerInfo (issuer and serial), if any."""
    signer_infos = list(response.signed_data.signer_infos)
    if len(signer_infos) != 1:
        raise VerificationError(f"expected one signer in the token, found {len(signer_infos)}")
    signer = signer_infos[0]
    for cert in bundle:
        if cert.issuer == signer.issuer and cert.serial_number == signer.serial_number:
            return cert
    return None


def _build_verifier(
    response: rfc3161_client.TimeStampResponse, bundle: list[x509.Certificate]
) -> rfc3161_client.Verifier:
    # Roles come from the certificates themselves, never from their order in the file.
    roots = [c for c in bundle if c.subject == c.issuer]
    if not roots:
        raise MalformedError("the TSA certificates include no self-signed root")
    builder = rfc3161_client.VerifierBuilder()
    for cert in roots:
        builder = builder.add_root_certificate(cert)
    tsa = _signer_certificate(response, bundle)
    if tsa is not None:
        # Pins the signer: an embedded certificate must then be this very one.
        builder = builder.tsa_certificate(tsa)
    elif not response.signed_data.certificates:
        raise VerificationError("the token embeds no TSA certificate and the bundle lacks it")
    for cert in bundle:
        if cert not in roots and cert != tsa:
            builder = builder.add_intermediate_certificate(cert)
    return builder.build()


def _tsa_name(info: rfc3161_client.TimeStampTokenInfo) -> str | None:
    name = info.name
    if name is None:
        return None
    if isinstance(name, x509.DirectoryName):
        return name.value.rfc4514_string()
    return str(name.value)


def verify_response(
    response_der: bytes,
    *,
    message: bytes | None = None,
    digest: bytes | None = None,
    certificates_pem: bytes,
    nonce: int | None = None,
) -> TimestampInfo:
    """Verify a time-stamp response over `message` (or its `digest`) offline.

    `certificates_pem` is the TSA's trust bundle (root, intermediates, optionally the TSA
    certificate), in any order; a single DER certificate is accepted too. Returns what the
    token attests or raises VerificationError (MalformedError for input that cannot be
    parsed). Pass the `nonce` sent in the request to bind the answer to it.
    """
    if (message is None) == (digest is None):
        raise ValueError("pass exactly one of message and digest")
    try:
        return _verify(response_der, message, digest, certificates_pem, nonce)
    except SpravaError:
        raise
    # The native parser decodes lazily, so malformed DER can surface at any property access.
    except ValueError as exc:
        raise MalformedError(f"malformed time-stamp response: {exc}") from exc
    except Exception as exc:
        raise VerificationError(f"time-stamp token does not verify: {exc}") from exc


def _verify(
    response_der: bytes,
    message: bytes | None,
    digest: bytes | None,
    certificates_pem: bytes,
    nonce: int | None,
) -> TimestampInfo:
    # 1. Parse the response and the trust bundle.
    response = _parse_response(response_der)
    bundle = _load_certificates(certificates_pem)
    info = response.tst_info
    # 2. The imprint must use a hash we know, and a given digest must have its size.
    algorithm = _NAMES_BY_OID.get(info.message_imprint.hash_algorithm.dotted_string)
    if algorithm is None:
        raise VerificationError("the token uses an unsupported hash algorithm")
    if message is not None:
        expected = hashlib.new(algorithm, message).digest()
    elif digest is not None and len(digest) == _HASHES[algorithm][1]:
        expected = digest
    else:
        raise VerificationError(f"the token is over a {algorithm} digest; got another size")
    # 3. Status granted, CMS signature, chain valid at genTime, EKU, imprint equals digest.
    verifier = _build_verifier(response, bundle)
    try:
        verifier.verify(response, expected)
    except rfc3161_client.VerificationError as exc:
        raise VerificationError(f"time-stamp token does not verify: {exc}") from exc
    # 4. The nonce, when the caller kept the one it sent.
    if nonce is not None and info.nonce != nonce:
        raise VerificationError("time-stamp token answers another request (nonce mismatch)")
    gen_time = info.gen_time
    if gen_time.tzinfo is None:  # GeneralizedTime in a token is UTC by definition
        gen_time = gen_time.replace(tzinfo=UTC)
    return TimestampInfo(
        gen_time=gen_time.astimezone(UTC),
        hash_algorithm=algorithm,
        message_digest=info.message_imprint.message,
        serial_number=info.serial_number,
        tsa_name=_tsa_name(info),
        policy_oid=info.policy.dotted_string,
        nonce=info.nonce,
    )
