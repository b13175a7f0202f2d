"""The proof matrix and its gaps in Belarusian and Russian: every string of their pages and of
the domain they show is translated, and the pages read in the chosen language."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation.template import templatize

import sprava
from tests.law.proof_world import Proof as World

SRC = Path(sprava.__file__).resolve().parent
# The files of the proof matrix and its gaps, and the act page's and case page's parts of it.
PYTHON = ["law/states.py", "law/hints.py", "law/gaps.py", "law/matrix.py",
          "law/matrix_perpetrators.py", "web/law/matrix.py"]
TEMPLATES = ["matrix.html", "matrix_heat.html", "matrix_pager.html", "matrix_cell.html",
             "gaps.html", "gap.html", "analysis.html", "charges.html"]
CALLS = {"gettext": 1, "gettext_lazy": 1, "_": 1, "ngettext": 2, "ngettext_lazy": 2}
QUOTED = r"""u(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
TEMPLATE_CALL = re.compile(r"(n?)gettext\((" + QUOTED + r")(?:, (" + QUOTED + r"))?")


def python_messages(path: Path) -> Iterator[tuple[str, ...]]:
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        wanted = CALLS.get(name, 0)
        args = node.args[:wanted]
        if wanted and len(args) == wanted and all(
                isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
            yield tuple(a.value for a in args)  # type: ignore[attr-defined]


def template_messages(path: Path) -> Iterator[tuple[str, ...]]:
    for found in TEMPLATE_CALL.finditer(templatize(path.read_text("utf-8"))):
        one = ast.literal_eval(found.group(2)[1:])
        yield (one, ast.literal_eval(found.group(3)[1:])) if found.group(1) else (one,)


def messages() -> list[tuple[str, ...]]:
    found = [m for p in PYTHON for m in python_messages(SRC / p)]
    found += [m for t in TEMPLATES for m in template_messages(SRC / "web/templates/law" / t)]
    return sorted(set(found))


def test_the_files_hold_the_messages_this_test_reads() -> None:
    found = messages()
    assert len(found) > 80
    assert ("Proof matrix",) in found and ("no evidence",) in found
    assert ("%(count)s perpetrator", "%(count)s perpetrators") in found


@pytest.mark.parametrize("language", ["be", "ru"])
def test_every_message_of_the_matrix_is_translated(language: str) -> None:
    untranslated = []
    with translation.override(language):
        for message in messages():
            if len(message) == 1:
                shown = translation.gettext(message[0])
            else:
                shown = translation.ngettext(message[0], message[1], 5)
            if shown in message:
                untranslated.append(message[0])
    assert not untranslated, untranslated


Clients = Callable[[str], Client]


@pytest.mark.parametrize(("language", "expected", "english"), [
    ("be", ["Матрыца доказаў", "Па дзеяннях", "Па выканаўцах", "Спампаваць у CSV",
            "няма доказаў", "выснова: выканана", "Катаванні", "Пад вартай або кантролем",
            "Разам: элементы кожнага дзеяння", "5 дзеянняў"],
     ["Proof matrix", "By perpetrator", "Download as CSV", "no evidence", "concluded met",
      "Custody or control", "Total: each act"]),
    ("ru", ["Матрица доказательств", "По деяниям", "По исполнителям", "Скачать в CSV",
            "нет доказательств", "вывод: выполнено", "Пытки", "Под стражей или контролем",
            "Итого: элементы каждого деяния", "5 деяний"],
     ["Proof matrix", "By perpetrator", "Download as CSV", "no evidence", "concluded met",
      "Custody or control", "Total: each act"]),
])
def test_the_pages_read_in_belarusian_and_russian(proof: World, language: str,
                                                  expected: list[str],
                                                  english: list[str]) -> None:
    client = Client()
    client.force_login(proof.world.personas.viewer)
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    ref = proof.world.case.reference
    matrix = client.get(f"/cases/{ref}/matrix/").content.decode()
    for text in expected:
        assert text in matrix, text
    for text in english:
        assert text not in matrix, text
    pages = [f"/cases/{ref}/matrix/?by=perpetrator", f"/cases/{ref}/gaps/",
             f"/cases/{ref}/matrix/acts/?crime=torture&element=torture-2&state=no-evidence",
             f"/cases/{ref}/matrix/perpetrators/?mode=superior&element=superior-2"
             "&state=no-evidence", f"/cases/{ref}/", f"/acts/{proof.acts['b1'].pk}/"]
    leftovers = ["Each perpetrator", "Gaps in the proof", "no evidence for", "Custody records",
                 "acts of the crime are in this state", "perpetrators the mode is claimed",
                 "Proof matrix: what is proven", "derived only", "State in the proof matrix"]
    for url in pages:
        text = client.get(url).content.decode()
        for leftover in leftovers:
            assert leftover not in text, (url, leftover)
