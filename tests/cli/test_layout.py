"""The command line is a front end of its own: it calls the domain, never another front end."""

from __future__ import annotations

import ast
from pathlib import Path

import sprava

SOURCE = Path(sprava.__file__).parent
FRONT_ENDS = ("sprava.web", "sprava.api")


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at its top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_command_module_imports_the_web_pages_or_the_api() -> None:
    offending = {
        path.name: sorted(n for n in imported_modules(path) if n.startswith(FRONT_ENDS))
        for path in sorted((SOURCE / "cli").glob("*.py"))
    }
    assert {name: found for name, found in offending.items() if found} == {}


def test_the_web_server_runner_is_not_part_of_the_web_pages() -> None:
    assert not (SOURCE / "web" / "server.py").exists()
    assert not any(n.startswith(FRONT_ENDS) for n in imported_modules(SOURCE / "server.py"))
    assert "sprava.server" in imported_modules(SOURCE / "cli" / "serve.py")


def test_command_modules_are_named_after_their_command_groups() -> None:
    """`cli/records.py` held tokens and members, `cli/admin.py` users and the server."""
    from sprava.cli import build_parser

    modules = {path.stem for path in (SOURCE / "cli").glob("*.py")}
    assert {"records", "admin"}.isdisjoint(modules)
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for group, module in {"token": "tokens", "member": "members", "user": "users",
                          "case": "cases", "serve": "serve", "ingest": "evidence"}.items():
        handler = commands[group].get_default("handler")
        if handler is None:  # a group of actions: the handler is on each action
            actions = commands[group]._subparsers._group_actions[0].choices
            handler = next(iter(actions.values())).get_default("handler")
        assert handler.__module__ == f"sprava.cli.{module}", group
