"""The messages a set of templates and Python modules ask gettext for, read as `makemessages`
reads them (Django's `templatize` for templates, calls with literal strings for Python), so
that a test can check each is translated without running `makemessages`."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.utils.translation.template import templatize

SINGULAR = {"gettext", "gettext_lazy", "_"}
PLURAL = {"ngettext", "ngettext_lazy"}
CONTEXT = {"pgettext", "pgettext_lazy"}
_STRING = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
_CALL = re.compile(rf"\b(gettext|ngettext|pgettext)\(({_STRING})(?:,\s*({_STRING}))?")


def from_template(path: Path) -> set[tuple[str | None, str, str | None]]:
    """(context, msgid, plural) of every message of a template."""
    found: set[tuple[str | None, str, str | None]] = set()
    for function, first, second in _CALL.findall(templatize(path.read_text(encoding="utf-8"))):
        one = ast.literal_eval(first.removeprefix("u"))
        two = ast.literal_eval(second.removeprefix("u")) if second else None
        if function == "pgettext":
            found.add((one, str(two), None))
        else:
            found.add((None, one, two if function == "ngettext" else None))
    return found


def from_python(path: Path) -> set[tuple[str | None, str, str | None]]:
    found: set[tuple[str | None, str, str | None]] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else \
            node.func.attr if isinstance(node.func, ast.Attribute) else ""
        strings = [arg.value for arg in node.args
                   if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
        if name in SINGULAR and strings:
            found.add((None, strings[0], None))
        elif name in PLURAL and len(strings) >= 2:
            found.add((None, strings[0], strings[1]))
        elif name in CONTEXT and len(strings) >= 2:
            found.add((strings[0], strings[1], None))
    return found
