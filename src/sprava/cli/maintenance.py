"""Keeping the instance: `sprava sweep` (vault leftovers) and `sprava analyze` (the planner)."""

from __future__ import annotations

import argparse
import time
from typing import Any

from sprava.cli.output import KEYS_NONE, emit_json
from sprava.home.vault import open_vault


def register(commands: Any) -> None:
    sweep = commands.add_parser("sweep", help="remove vault leftovers of interrupted ingests")
    sweep.add_argument(
        "--older-than",
        type=int,
        default=3600,
        metavar="SECONDS",
        help="only leftovers at least this old (default 3600): a younger one "
        "may belong to an ingest still running",
    )
    sweep.add_argument("--json", action="store_true")
    sweep.set_defaults(handler=cmd_sweep, keys=KEYS_NONE)

    analyze = commands.add_parser(
        "analyze", help="refresh the database planner's statistics (after a bulk change)"
    )
    analyze.add_argument("--json", action="store_true")
    analyze.set_defaults(handler=cmd_analyze, keys=KEYS_NONE)


def cmd_analyze(args: argparse.Namespace) -> int:
    from sprava.home.planner import refresh_statistics

    started = time.monotonic()
    refresh_statistics()
    took = time.monotonic() - started
    if args.json:
        emit_json({"ok": True, "seconds": round(took, 3)})
    else:
        print(f"Refreshed the planner's statistics in {took:.1f} s")
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    from sprava.evidence.audit import sweep_leftovers

    removed_temps, removed_blobs = sweep_leftovers(open_vault(), args.older_than)
    if args.json:
        emit_json({"ok": True, "temporaries": removed_temps, "blobs": removed_blobs})
    else:
        print(f"Removed {len(removed_temps)} temporaries and {len(removed_blobs)} unused blobs")
    return 0
