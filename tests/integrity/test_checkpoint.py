"""C2SP tlog-checkpoint bodies and their signed-note form."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from sprava.integrity import merkle, note
from sprava.integrity.checkpoint import Checkpoint, open_checkpoint, sign_checkpoint
from sprava.integrity.errors import MalformedError, VerificationError

# The body of the example in the C2SP tlog-checkpoint specification.
SPEC_BODY = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
ROOT = merkle.root([merkle.leaf_hash(b"entry")])
ROOT_B64 = base64.b64encode(ROOT).decode()


def test_spec_example_body_parses() -> None:
    cp = Checkpoint.parse(SPEC_BODY)
    assert cp.origin == "example.com/behind-the-sofa"
    assert cp.size == 20852163
    assert cp.root_hash == base64.b64decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=")
    assert cp.extensions == ()
    assert cp.body() == SPEC_BODY


def test_body_round_trips_with_extension_lines_kept_verbatim() -> None:
    cp = Checkpoint("sprava.example/log", 1, ROOT, ("ext one", "  spaced — ext  "))
    assert cp.body() == f"sprava.example/log\n1\n{ROOT_B64}\next one\n  spaced — ext  \n"
    assert Checkpoint.parse(cp.body()) == cp


def test_empty_tree_checkpoint_has_size_zero() -> None:
    cp = Checkpoint("sprava.example/log", 0, merkle.EMPTY_ROOT)
    assert cp.body().splitlines()[1] == "0"
    assert Checkpoint.parse(cp.body()) == cp


MALFORMED_BODIES = [
    ("no final newline", f"o\n1\n{ROOT_B64}"),
    ("missing root line", "o\n1\n"),
    ("empty body", ""),
    ("empty origin", f"\n1\n{ROOT_B64}\n"),
    ("leading zero", f"o\n01\n{ROOT_B64}\n"),
    ("double zero", f"o\n00\n{ROOT_B64}\n"),
    ("plus sign", f"o\n+1\n{ROOT_B64}\n"),
    ("negative", f"o\n-1\n{ROOT_B64}\n"),
    ("space before size", f"o\n 1\n{ROOT_B64}\n"),
    ("space after size", f"o\n1 \n{ROOT_B64}\n"),
    ("non-ASCII digit", f"o\n\u0661\n{ROOT_B64}\n"),
    ("exponent", f"o\n1e3\n{ROOT_B64}\n"),
    ("underscore digits", f"o\n1_000\n{ROOT_B64}\n"),
    ("size beyond uint64", f"o\n{2**64}\n{ROOT_B64}\n"),
    ("size of 5000 digits", f"o\n{'9' * 5000}\n{ROOT_B64}\n"),
    ("root not base64", "o\n1\nnot base64!\n"),
    ("root of 31 bytes", f"o\n1\n{base64.b64encode(ROOT[:31]).decode()}\n"),
    ("root of 33 bytes", f"o\n1\n{base64.b64encode(ROOT + b'x').decode()}\n"),
    ("root without padding", f"o\n1\n{ROOT_B64.rstrip('=')}\n"),
    ("root in hex", f"o\n1\n{ROOT.hex()}\n"),
    ("empty extension line", f"o\n1\n{ROOT_B64}\n\next\n"),
    ("trailing blank line", f"o\n1\n{ROOT_B64}\n\n"),
    ("carriage returns", f"o\r\n1\r\n{ROOT_B64}\r\n"),
    ("control character in origin", f"o\x00\n1\n{ROOT_B64}\n"),
]


@pytest.mark.parametrize(
    "body", [b for _, b in MALFORMED_BODIES], ids=[d for d, _ in MALFORMED_BODIES]
)
def test_malformed_body_is_rejected(body: str) -> None:
    with pytest.raises(MalformedError):
        Checkpoint.parse(body)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"origin": ""},
        {"origin": "two\nlines"},
        {"size": -1},
        {"size": True},
        {"size": 2**64},
        {"root_hash": ROOT[:31]},
        {"root_hash": ROOT.hex()},
        {"extensions": ["list", "not tuple"]},
        {"extensions": ("",)},
        {"extensions": ("two\nlines",)},
    ],
)
def test_constructor_refuses_invalid_fields(kwargs: dict[str, Any]) -> None:
    fields: dict[str, Any] = {"origin": "o", "size": 1, "root_hash": ROOT, "extensions": ()}
    fields.update(kwargs)
    with pytest.raises(MalformedError):
        Checkpoint(**fields)


def test_checkpoint_is_immutable() -> None:
    cp = Checkpoint("o", 1, ROOT)
    with pytest.raises(AttributeError):
        cp.size = 2  # type: ignore[misc]


# --- Signed checkpoints -------------------------------------------------------------------


@pytest.fixture
def log_key() -> tuple[note.Signer, note.Verifier]:
    key, vkey = note.generate("sprava.example/log")
    return note.Signer("sprava.example/log", key), note.Verifier(vkey)


def test_signed_checkpoint_round_trips(log_key: tuple[note.Signer, note.Verifier]) -> None:
    signer, verifier = log_key
    cp = Checkpoint("sprava.example/log", 1, ROOT, ("ext",))
    signed = sign_checkpoint(cp, signer)
    assert signed.startswith(cp.body() + "\n— sprava.example/log ")
    assert open_checkpoint(signed, verifier) == cp
    assert open_checkpoint(signed.encode(), verifier, origin="sprava.example/log") == cp


def test_checkpoint_signed_by_another_key_is_rejected(
    log_key: tuple[note.Signer, note.Verifier],
) -> None:
    signer, _ = log_key
    _, other_vkey = note.generate("sprava.example/log")
    signed = sign_checkpoint(Checkpoint("sprava.example/log", 1, ROOT), signer)
    with pytest.raises(VerificationError):
        open_checkpoint(signed, note.Verifier(other_vkey))


def test_tampered_tree_size_is_rejected(log_key: tuple[note.Signer, note.Verifier]) -> None:
    signer, verifier = log_key
    signed = sign_checkpoint(Checkpoint("sprava.example/log", 1, ROOT), signer)
    with pytest.raises(VerificationError):
        open_checkpoint(signed.replace("\n1\n", "\n2\n", 1), verifier)


def test_checkpoint_of_another_log_is_rejected_when_origin_is_given(
    log_key: tuple[note.Signer, note.Verifier],
) -> None:
    signer, verifier = log_key
    signed = sign_checkpoint(Checkpoint("sprava.example/other-log", 1, ROOT), signer)
    assert open_checkpoint(signed, verifier).origin == "sprava.example/other-log"
    with pytest.raises(VerificationError, match="expected"):
        open_checkpoint(signed, verifier, origin="sprava.example/log")


def test_signed_note_with_malformed_body_is_rejected(
    log_key: tuple[note.Signer, note.Verifier],
) -> None:
    signer, verifier = log_key
    signed = note.sign("sprava.example/log\n01\n" + ROOT_B64 + "\n", [signer])
    with pytest.raises(MalformedError):
        open_checkpoint(signed, verifier)
