"""Printing for people and for machines, and turning Sprava errors into exit codes."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any

from sprava.integrity.errors import SpravaError

EXIT_PROBLEMS = 1
EXIT_ERROR = 2
EXIT_READER_GONE = 128 + 13  # as a tool that SIGPIPE ended: `sprava log | head`

# What a command needs of the instance keys, given with `set_defaults(keys=...)`. The default
# is to write: a command that appends to the custody log signs a checkpoint when it ends, so
# its key is unlocked before it runs (SPRAVA_PASSPHRASE, or asked), never found locked after.
KEYS_SIGN = "sign"
KEYS_NONE = "none"  # it only reads
KEYS_OWN = "own"  # it makes or unlocks the keys itself (init, serve)


def run_command(args: argparse.Namespace) -> int:
    from sprava.home import keys, signing

    try:
        try:
            if getattr(args, "keys", KEYS_SIGN) == KEYS_SIGN:
                keys.unlock_keys()
            code = int(args.handler(args) or 0)
        except SpravaError as exc:
            _error(args, exc)
            code = EXIT_ERROR
    except BrokenPipeError:
        # Whoever read the output went away (`sprava import ... | head`): not an error of the
        # command, and what it committed before is still signed below.
        code = reader_gone()
    except KeyboardInterrupt:
        print("\nsprava: interrupted", file=sys.stderr)
        code = 130
    # What the command committed, even if it then failed, is signed before it exits.
    try:
        signing.sign_appended()
    except SpravaError as exc:
        print(f"sprava: what this command recorded is covered by no signed checkpoint: {exc}",
              file=sys.stderr)
        return code or EXIT_ERROR
    return code


def reader_gone() -> int:
    """Standard output's reader has gone: write nothing more to it, quietly, as other tools do.

    Python ignores SIGPIPE and raises BrokenPipeError instead; dying of the signal, as a C
    tool does, would skip the signing of what the command recorded. What is still buffered,
    and any later write, goes to the null device, so that the exit is not one more traceback.
    """
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):  # no file behind sys.stdout (a test's capture): nothing to do
        pass
    return EXIT_READER_GONE


def _error(args: argparse.Namespace, exc: SpravaError) -> None:
    if getattr(args, "json", False):
        emit_json({"ok": False, "error": str(exc), "kind": type(exc).__name__})
    else:
        print(f"sprava: {exc}", file=sys.stderr)


def emit_json(document: Any) -> None:
    json.dump(document, sys.stdout, indent=2, ensure_ascii=False, sort_keys=False)
    sys.stdout.write("\n")


def human_size(size: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if size < 1024 or unit == "TiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} B"


class ProgressBar:
    """A one-line progress bar on stderr, for a terminal only, redrawn at most 10 times a second."""

    def __init__(self, label: str, total: int | None = None, enabled: bool | None = None) -> None:
        self.label = label
        self.total = total
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._last = 0.0

    def update(self, done: int, detail: str = "", force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.1:
            return
        self._last = now
        if self.total:
            width = 30
            filled = int(width * min(done, self.total) / self.total)
            bar = "#" * filled + "." * (width - filled)
            line = f"{self.label} [{bar}] {done}/{self.total} {detail}"
        else:
            line = f"{self.label} {done} {detail}"
        sys.stderr.write("\r" + line[:120].ljust(120))
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r" + " " * 120 + "\r")
            sys.stderr.flush()
