"""C2SP signed notes: the spec's example, tampering, unknown keys, malformed input."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sprava.integrity import note
from sprava.integrity.errors import MalformedError, VerificationError

# From the C2SP signed-note specification (spec text, quoted in shared/testdata/README.md).
EXAMPLE_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
EXAMPLE_TEXT = "This is an example message.\n"
EXAMPLE_SIG = (
    "— example.com/foo "
    "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n"
)
EXAMPLE_NOTE = EXAMPLE_TEXT + "\n" + EXAMPLE_SIG


@pytest.fixture
def example() -> note.Verifier:
    return note.Verifier(EXAMPLE_VKEY)


def _signer(name: str = "sprava.example/log") -> note.Signer:
    return note.Signer(name, Ed25519PrivateKey.generate())


# --- The specification's example ------------------------------------------------------


def test_c2sp_example_note_verifies(example: note.Verifier) -> None:
    opened = note.open_note(EXAMPLE_NOTE, [example])
    assert opened.text == EXAMPLE_TEXT
    assert [(s.name, s.key_id) for s in opened.signatures] == [("example.com/foo", 0x530D903A)]
    assert opened.unverified_signatures == ()


def test_c2sp_example_verifies_from_bytes(example: note.Verifier) -> None:
    assert note.open_note(EXAMPLE_NOTE.encode(), [example]).text == EXAMPLE_TEXT


def test_example_key_id_is_derived_from_name_and_key(example: note.Verifier) -> None:
    assert note.key_id("example.com/foo", example.public_key) == 0x530D903A


def test_tampered_text_is_rejected(example: note.Verifier) -> None:
    tampered = EXAMPLE_NOTE.replace("example message", "exemplary message")
    with pytest.raises(VerificationError) as info:
        note.open_note(tampered, [example])
    assert not isinstance(info.value, MalformedError)


def test_tampered_signature_is_rejected(example: note.Verifier) -> None:
    sig = EXAMPLE_SIG.split(" ")[2].strip()
    raw = bytearray(base64.b64decode(sig))
    raw[10] ^= 1
    bad = EXAMPLE_NOTE.replace(sig, base64.b64encode(bytes(raw)).decode())
    with pytest.raises(VerificationError):
        note.open_note(bad, [example])


# --- Unknown keys -----------------------------------------------------------------------


def test_signature_from_unknown_key_is_ignored(example: note.Verifier) -> None:
    stranger = _signer("stranger.example/key")
    extra = note.sign(EXAMPLE_TEXT, [stranger]).split("\n\n", 1)[1]
    opened = note.open_note(EXAMPLE_NOTE + extra, [example])
    assert [s.name for s in opened.signatures] == ["example.com/foo"]
    assert [s.name for s in opened.unverified_signatures] == ["stranger.example/key"]


def test_note_signed_only_by_unknown_keys_is_rejected() -> None:
    other = note.Verifier(_signer("other.example").verifier_key)
    with pytest.raises(VerificationError) as info:
        note.open_note(EXAMPLE_NOTE, [other])
    assert not isinstance(info.value, MalformedError)


def test_same_name_with_another_key_is_treated_as_unknown() -> None:
    impostor = _signer("example.com/foo")  # same name, different key, so different key ID
    with pytest.raises(VerificationError, match="not signed by any trusted key"):
        note.open_note(EXAMPLE_NOTE, [note.Verifier(impostor.verifier_key)])


def test_bad_signature_from_a_known_key_rejects_the_whole_note(example: note.Verifier) -> None:
    signer = _signer()
    good_line = note.sign(EXAMPLE_TEXT, [signer]).split("\n\n", 1)[1]
    raw = bytearray(base64.b64decode(good_line.split(" ")[2]))
    raw[-1] ^= 1  # the key ID still names the signer; the signature no longer verifies
    forged_line = f"— {signer.name} {base64.b64encode(bytes(raw)).decode()}\n"
    with pytest.raises(VerificationError, match="invalid signature"):
        note.open_note(EXAMPLE_NOTE + forged_line, [example, note.Verifier(signer.verifier_key)])


# --- Signing ----------------------------------------------------------------------------


def test_signed_note_round_trips_with_several_signers() -> None:
    log, witness = _signer("sprava.example/log"), _signer("witness.example/w1")
    text = "sprava.example/log\n3\nline with — an em dash\n\nand an empty line above\n"
    signed = note.sign(text, [log, witness])
    assert signed.startswith(text + "\n— sprava.example/log ")
    verifiers = [note.Verifier(log.verifier_key), note.Verifier(witness.verifier_key)]
    opened = note.open_note(signed, verifiers)
    assert opened.text == text
    assert [s.name for s in opened.signatures] == [log.name, witness.name]


def test_generate_returns_a_key_and_its_verifier_key() -> None:
    key, vkey = note.generate("sprava.example/log")
    signed = note.sign("hello\n", [note.Signer("sprava.example/log", key)])
    assert note.open_note(signed, [note.Verifier(vkey)]).text == "hello\n"
    name, hex_id, encoded = vkey.split("+", 2)
    assert name == "sprava.example/log" and len(hex_id) == 8
    assert base64.b64decode(encoded)[0] == 0x01


def test_verifier_key_whose_base64_contains_plus_is_parsed() -> None:
    # The key name and ID never contain '+', but base64 may: a naive split breaks such keys.
    seed = 0
    while True:
        key = Ed25519PrivateKey.from_private_bytes(seed.to_bytes(32, "big"))
        signer = note.Signer("sprava.example/log", key)
        if "+" in signer.verifier_key.split("+", 2)[2]:
            break
        seed += 1
    verifier = note.Verifier(signer.verifier_key)
    assert verifier.public_key == signer.public_key
    assert note.open_note(note.sign("x\n", [signer]), [verifier]).text == "x\n"


def test_duplicate_signature_lines_from_a_known_key_count_once() -> None:
    signer = _signer()
    signed = note.sign("x\n", [signer])
    line = signed.split("\n\n", 1)[1]
    opened = note.open_note(signed + line, [note.Verifier(signer.verifier_key)])
    assert len(opened.signatures) == 1


@pytest.mark.parametrize(
    "text",
    ["no final newline", "carriage\r\nreturn\n", "tab\there\n", "nul\x00\n", "lone \ud800\n"],
)
def test_sign_refuses_text_a_verifier_would_reject(text: str) -> None:
    with pytest.raises(MalformedError):
        note.sign(text, [_signer()])


def test_sign_refuses_duplicate_or_missing_signers() -> None:
    signer = _signer()
    with pytest.raises(ValueError, match="duplicate"):
        note.sign("x\n", [signer, signer])
    with pytest.raises(ValueError, match="at least one"):
        note.sign("x\n", [])


@pytest.mark.parametrize("name", ["", "a+b", "a b", "tab\tname", "nbsp\u00a0name", "line\u2028"])
def test_key_names_with_plus_or_spaces_are_refused(name: str) -> None:
    with pytest.raises(MalformedError):
        note.Signer(name, Ed25519PrivateKey.generate())
    with pytest.raises(MalformedError):
        note.generate(name)


def test_verifier_refuses_up_to_100_signatures_but_not_101() -> None:
    signer = _signer()
    signed = note.sign("x\n", [signer])
    stranger_line = note.sign("x\n", [_signer("s.example")]).split("\n\n", 1)[1]
    verifier = note.Verifier(signer.verifier_key)
    assert note.open_note(signed + stranger_line * 99, [verifier]).text == "x\n"
    with pytest.raises(MalformedError, match="more than 100"):
        note.open_note(signed + stranger_line * 100, [verifier])


# --- Malformed verifier keys and notes --------------------------------------------------

MALFORMED_VKEYS = [
    "",
    "example.com/foo",
    "example.com/foo+530d903a",
    "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k+extra",
    "example.com/foo+530d903g+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  # not hex
    "example.com/foo+530d903+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  # 7 digits
    "example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  # wrong ID
    "example.com/bar+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  # wrong name
    "example.com/foo+530d903a+AkyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  # not base64
    "example.com/foo+530d903a+AukyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  # algorithm 0x02
    "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2l",  # non-canonical
    "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2kAA==",  # too long
]


@pytest.mark.parametrize("vkey", MALFORMED_VKEYS)
def test_malformed_verifier_key_is_refused(vkey: str) -> None:
    with pytest.raises(MalformedError):
        note.Verifier(vkey)


_SIG = EXAMPLE_SIG.split(" ")[2].strip()

# (description, note) pairs: each must raise MalformedError, before any signature check.
MALFORMED_NOTES: list[tuple[str, str | bytes]] = [
    ("no blank line before signatures", EXAMPLE_TEXT + EXAMPLE_SIG),
    ("no final newline", EXAMPLE_NOTE[:-1]),
    ("no signatures", EXAMPLE_TEXT + "\n"),
    ("empty message", ""),
    ("hyphen instead of em dash", EXAMPLE_TEXT + "\n- example.com/foo " + _SIG + "\n"),
    ("en dash instead of em dash", EXAMPLE_TEXT + "\n– example.com/foo " + _SIG + "\n"),
    ("em dash without space", EXAMPLE_TEXT + "\n—example.com/foo " + _SIG + "\n"),
    ("no signature after name", EXAMPLE_TEXT + "\n— example.com/foo\n"),
    ("two spaces before signature", EXAMPLE_TEXT + "\n— example.com/foo  " + _SIG + "\n"),
    ("trailing space", EXAMPLE_TEXT + "\n— example.com/foo " + _SIG + " \n"),
    ("bad base64", EXAMPLE_TEXT + "\n— example.com/foo " + _SIG[:-2] + "!=\n"),
    ("base64 without padding", EXAMPLE_TEXT + "\n— example.com/foo " + _SIG.rstrip("=") + "\n"),
    ("non-canonical base64", EXAMPLE_TEXT + "\n— example.com/foo " + _SIG[:-2] + "R=\n"),
    ("url-safe base64 alphabet", EXAMPLE_TEXT + "\n— example.com/foo -" + _SIG[1:] + "\n"),
    ("signature shorter than key ID", EXAMPLE_TEXT + "\n— example.com/foo AAAAAA==\n"),
    ("plus in key name", EXAMPLE_TEXT + "\n— example.com+foo " + _SIG + "\n"),
    ("carriage returns", EXAMPLE_NOTE.replace("\n", "\r\n")),
    ("control character in text", "This is\tan example message.\n\n" + EXAMPLE_SIG),
    ("blank line after signatures", EXAMPLE_NOTE + "\n"),
    ("garbage after signatures", EXAMPLE_NOTE + "garbage"),
    ("not UTF-8", EXAMPLE_NOTE.encode().replace(b"This", b"Th\xffs")),
    ("NEL in signature block", EXAMPLE_TEXT + "\n— example.com/foo " + _SIG + "\u0085\n"),
]


@pytest.mark.parametrize(
    "message", [m for _, m in MALFORMED_NOTES], ids=[d for d, _ in MALFORMED_NOTES]
)
def test_malformed_note_is_rejected(message: str | bytes, example: note.Verifier) -> None:
    with pytest.raises(MalformedError):
        note.open_note(message, [example])


def test_opened_note_is_immutable(example: note.Verifier) -> None:
    opened = note.open_note(EXAMPLE_NOTE, [example])
    with pytest.raises(AttributeError):
        opened.text = "changed\n"  # type: ignore[misc]
