"""The page of the contextual element: drawings with their tables, every number linked to its
acts, in English, Belarusian and Russian."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

import sprava
from tests.analysis.context.conftest import URL, World
from tests.analysis.context.messages import from_python, from_template

SOURCE = Path(sprava.__file__).resolve().parent
TEMPLATES = ["web/templates/analysis/context.html", "web/templates/analysis/numbers.html",
             "web/templates/records/sections/case_numbers.html"]
MODULES = ["web/analysis/charts.py", "web/analysis/presenters.py", "web/records/filters.py",
           "web/insight/charts.py"]


def page(client: Any) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return str(response.content.decode())


def drawing(html: str, name: str) -> str:
    found = re.search(rf'<svg class="{name}".*?</svg>', html, re.S)
    assert found is not None, name
    return found.group()


def links(svg: str) -> list[tuple[str, str]]:
    return [(unescape(url), unescape(title)) for url, title in re.findall(
        r'<a href="([^"]+)" tabindex="-1"><(?:rect|path)[^>]*><title>([^<]+)</title>', svg)]


def test_the_case_page_links_to_it(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    html = client_of("viewer").get("/cases/akrestsina-2020/").content.decode()
    assert f'href="{URL}"' in html


def test_the_timeline_links_each_month_to_its_acts(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    svg = drawing(page(client_of("viewer")), "timeline")
    assert links(svg) == [
        ("/acts/?case=akrestsina-2020&month=2020-08", "August 2020: 3 acts, 2 victims"),
        ("/acts/?case=akrestsina-2020&month=2020-09", "September 2020: 2 acts, 1 victim"),
        ("/acts/?case=akrestsina-2020&month=2020-10", "October 2020: 3 acts, 2 victims"),
    ]
    assert svg.count('<rect class="bar"') == 3 and '<polyline class="series"' in svg
    assert 'role="img" aria-labelledby="timeline-caption"' in svg


def test_the_growth_is_cumulative(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    html = page(client_of("viewer"))
    growth = re.findall(r'<svg class="timeline".*?</svg>', html, re.S)[1]
    assert [title for _, title in links(growth)] == [
        "By the end of August 2020: 3 acts, 2 victims in all",
        "By the end of September 2020: 5 acts, 3 victims in all",
        "By the end of October 2020: 8 acts, 4 victims in all"]


def test_the_choropleth_shades_and_links_each_region(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    svg = drawing(page(client_of("viewer")), "belarus choropleth")
    found = dict((title, url) for url, title in links(svg))
    assert found["Minsk: 4 acts, 3 victims"] == "/acts/?case=akrestsina-2020&region=minsk"
    assert found["Homiel region: 0 acts, 0 victims"] == \
        "/acts/?case=akrestsina-2020&region=homiel-region"
    assert len(found) == 7
    # Minsk (4 acts) darkest; Minsk region (3) a step lighter; Homiel (none) unshaded.
    assert re.search(r'class="area city level-5"', svg)
    assert re.search(r'class="area region level-4"', svg)
    assert svg.count("level-0") == 3


def test_the_heat_map_links_each_cell_with_acts(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    svg = drawing(page(client_of("viewer")), "heat")
    assert [url for url, _ in links(svg)] == [
        "/acts/?case=akrestsina-2020&at=akrestsina&month=2020-08",
        "/acts/?case=akrestsina-2020&at=akrestsina&month=2020-09",
        "/acts/?case=akrestsina-2020&at=prison-8-zhodzina&month=2020-10",
        "/acts/?case=akrestsina-2020&at=brest&month=2020-09",
    ]
    assert svg.count('<rect class="cell') == 9


def test_every_count_of_acts_in_the_tables_is_a_link_to_them(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    html = page(client_of("viewer"))
    tables = re.findall(r'<table class="records figures">.*?</table>', html, re.S)
    # Types, periods, regions, the heat map's table, places, prisons, units, patterns.
    assert len(tables) == 8
    for table in tables:
        for row in re.findall(r"<tr><th scope=\"row\">.*?</tr>", table, re.S):
            cells = re.findall(r'<td class="num">(.*?)</td>', row)
            # The acts (the first number, and in the heat map every one) open their list.
            for cell in cells if "heat" in table or len(cells) > 6 else cells[:1]:
                assert cell == "0" or cell.startswith('<a href="/acts/?case=akrestsina-2020'), row
    assert html.count('href="/acts/?case=akrestsina-2020') > 60


def test_a_case_without_acts_has_a_page_of_zeros(client_of, personas) -> None:  # type: ignore[no-untyped-def]
    html = page(client_of("viewer"))
    assert "No acts recorded in this case yet." in html
    assert "No act of this case has a date known to the month." in html
    assert '<svg class="belarus choropleth"' in html and '<svg class="heat"' not in html


def test_no_inline_style_for_the_content_security_policy(client_of, world: World) -> None:  # type: ignore[no-untyped-def]
    html = page(client_of("viewer"))
    assert " style=" not in html and "<script" not in html.split("</header>")[-1]


# --- Languages ----------------------------------------------------------------------------------


def messages() -> set[tuple[str | None, str, str | None]]:
    found: set[tuple[str | None, str, str | None]] = set()
    for template in TEMPLATES:
        found |= from_template(SOURCE / template)
    for module in MODULES:
        found |= from_python(SOURCE / module)
    return found


@pytest.mark.parametrize("language", ["be", "ru"])
def test_every_string_of_the_page_is_translated(language: str) -> None:
    found = messages()
    assert len(found) > 60
    untranslated = []
    with translation.override(language):
        for context, msgid, plural in sorted(found, key=lambda m: m[1]):
            if context is not None:
                done = translation.pgettext(context, msgid) != msgid
            elif plural is not None:
                done = translation.ngettext(msgid, plural, 5) not in (msgid, plural)
            else:
                done = translation.gettext(msgid) != msgid
            if not done and not re.fullmatch(r"[%()a-z:, ]*", msgid):  # placeholders only
                untranslated.append(msgid)
    assert untranslated == []


def visible(html: str) -> str:
    html = re.sub(r"<(script|style|title)\b.*?</\1>", " ", html, flags=re.S)
    words = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    return re.sub(r" ([,.;:])", r"\1", words)  # "1 act</a>, <a>1 victim" reads "1 act, 1 victim"


LEFT_IN_ENGLISH = ["Contextual element", "Widespread", "Systematic", "By region", "By unit",
                   "Recurring patterns", "Policy evidence", "Growth over time",
                   "victims", "Victims held there", "Date not precise enough"]


@pytest.mark.parametrize(("language", "phrases"), [
    ("en", ["Contextual element: Akrestsina detention centre", "Acts and victims by month",
            "By place of detention", "Date known only to the year: 1 act, 1 victim",
            "Regions (of 7)"]),
    ("be", ["Кантэкстуальны элемент", "Дзеянні і пацярпелыя па месяцах",
            "Па месцах зняволення", "Шырокамаштабны характар", "Сістэматычны характар",
            "Дата вядомая толькі з дакладнасцю да года: 1 дзеянне, 1 пацярпелы",
            "Рэгіёны (з 7)", "Жнівень 2020 г."]),
    ("ru", ["Контекстуальный элемент", "Деяния и потерпевшие по месяцам",
            "По местам заключения", "Широкомасштабный характер", "Систематический характер",
            "Дата известна лишь с точностью до года: 1 деяние, 1 потерпевший",
            "Регионы (из 7)", "Август 2020 г."]),
])
def test_the_page_speaks_the_readers_language(client_of, world: World, language: str,  # type: ignore[no-untyped-def]
                                              phrases: list[str]) -> None:
    client = client_of("viewer")
    assert client.post("/i18n/setlang/", {"language": language, "next": URL}).status_code == 302
    try:
        html = page(client)
    finally:
        translation.deactivate()
    assert f'<html lang="{language}">' in html
    words = visible(html)
    assert [phrase for phrase in phrases if phrase not in words] == []
    if language != "en":
        assert [p for p in LEFT_IN_ENGLISH if re.search(rf"\b{re.escape(p)}\b", words)] == []
