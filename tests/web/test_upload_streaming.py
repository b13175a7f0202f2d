"""Uploads stream into the vault: no plaintext copy on disk, no leftover on any failure."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sprava.evidence.models import Item
from sprava.integrity.hashing import digest_bytes
from tests.web.test_upload import upload


def vault_temporaries(home: Path) -> list[Path]:
    return [p for p in (home / "vault" / "tmp").glob("*") if p.is_file()]


def test_a_large_upload_never_touches_disk_in_clear(
    documenter_client: Client, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an upload was spooled to a plaintext temporary file")

    monkeypatch.setattr("django.core.files.uploadedfile.TemporaryUploadedFile.__init__", refuse)
    content = os.urandom(5 * 1024 * 1024 + 17)
    response = upload(documenter_client, ("video.mp4", content))
    assert response.status_code == 200
    item = Item.objects.get()
    assert item.sha256 == digest_bytes(content).sha256_hex
    assert item.size == len(content)
    assert vault_temporaries(home) == []


def test_an_upload_refused_by_csrf_leaves_no_temporary(
    django_user_model, home: Path  # type: ignore[no-untyped-def]
) -> None:
    user = django_user_model.objects.create_user("csrf-victim", password="a long password 1")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post("/evidence/upload/",
                           {"files": [SimpleUploadedFile("a.bin", os.urandom(3_000_000))]})
    assert response.status_code == 403
    assert Item.objects.count() == 0
    assert vault_temporaries(home) == []


def test_a_truncated_upload_leaves_no_temporary(documenter_client: Client, home: Path) -> None:
    boundary = "----sprava-test"
    body = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="files"; filename="cut.bin"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode() + os.urandom(2_500_000)  # the connection drops: no closing boundary
    documenter_client.generic("POST", "/evidence/upload/", body,
                              content_type=f"multipart/form-data; boundary={boundary}")
    assert Item.objects.count() == 0
    assert vault_temporaries(home) == []
