"""`sprava demo` is all or nothing: a load that fails midway leaves nothing, and says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from sprava.cases.models import Case
from sprava.cli import main
from sprava.cli.output import EXIT_ERROR

pytestmark = pytest.mark.django_db


def test_a_failed_demo_keeps_nothing_says_so_and_the_next_one_loads(
        home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import sprava.records.demo as demo

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(demo, "_testimonies", full_disk)
        assert main(["demo", "--small"]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert "No space left on device" in err and "nothing of it was kept" in err
    assert "sprava demo" in err
    assert not Case.objects.exists()
    assert main(["verify"]) == 0
    out = capsys.readouterr().out
    assert "all checks passed" in out and "warning" not in out
    assert main(["demo", "--small"]) == 0
    assert Case.objects.filter(reference__startswith="demo-").count() == 4
    assert main(["verify"]) == 0
