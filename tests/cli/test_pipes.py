"""Output piped into a reader that stops early (`sprava log | head -1`) ends quietly.

Python raises BrokenPipeError where a C tool would die of SIGPIPE; the command line catches it
once, exits 141 as such a tool does, and prints no traceback. What the command recorded before
its reader went away is still covered by a signed checkpoint.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import Instance

pytestmark = pytest.mark.slow


def piped(child: Instance, command: str, reader: str) -> subprocess.CompletedProcess[str]:
    """`sprava COMMAND | READER` in a shell; the status is sprava's (pipefail)."""
    sprava = f"{shlex.quote(sys.executable)} -m sprava.cli"
    return subprocess.run(["bash", "-o", "pipefail", "-c", f"{sprava} {command} | {reader}"],
                          env=child.env, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("command", ["log", "log --json", "--help"])
def test_a_reader_that_stops_reading_gets_no_traceback(child: Instance, command: str) -> None:
    child.run("user", "add", "dana")  # something in the log to print
    # `true` reads nothing and has exited long before Python starts: every write fails.
    result = piped(child, command, "true")
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert result.stderr == ""
    # (argparse itself ignores a failed write of the help, and exits 0)
    assert result.returncode == (0 if command == "--help" else 141)


def test_sprava_log_into_head_prints_one_line_and_no_traceback(child: Instance) -> None:
    child.run("user", "add", "dana")
    child.run("user", "add", "ales")
    result = piped(child, "log", "head -1")
    assert len(result.stdout.splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 141)  # 0 when the whole log fitted the pipe before head quit


def test_what_a_command_recorded_before_its_reader_went_away_is_signed(
        child: Instance, tmp_path: Path) -> None:
    child.run("user", "add", "dana")
    child.run("case", "add", "hrodna-2021", "Hrodna")
    result = piped(child, "member add hrodna-2021 dana lead --json", "true")
    assert result.returncode == 141 and result.stderr == ""
    members = json.loads(child.run("member", "list", "hrodna-2021", "--json").stdout)
    assert [m["user"] for m in members["members"]] == ["dana"]
    size = json.loads(child.run("checkpoint", "--json").stdout)["size"]
    entries = json.loads(child.run("log", "--json").stdout)
    assert size == len(entries)  # the membership's entry is under the latest checkpoint
