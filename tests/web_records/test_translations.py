"""The interface in Belarusian and Russian: complete catalogues, compiled, and pages in them.

The catalogues are read here with a small reader of our own (no third-party package): every entry
translated, none fuzzy, the python-format placeholders of each translation those of its source,
three plural forms, and the committed .mo holding exactly what the .po says.
"""

from __future__ import annotations

import errno
import gettext
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

import sprava
from sprava.ledger.models import Entry
from sprava.records import services
from sprava.vault import Vault
from sprava.web.accounts import middleware
from tests.web_records.conftest import PNG, World, put, text

LOCALE = Path(sprava.__file__).resolve().parent / "locale"
LANGUAGES = ("be", "ru")
# gettext's (and CLDR's) rule for Belarusian and Russian: one (1, 21, ...), few (2-4, 22-24, ...),
# many (0, 5-20, 25-30, ...).
PLURAL_FORMS = ("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
                "(n%100<10 || n%100>=20) ? 1 : 2);")


# --- Reading a .po file ---------------------------------------------------------------------------

@dataclass
class Message:
    line: int
    flags: set[str] = field(default_factory=set)
    context: str | None = None
    msgid: str = ""
    plural: str | None = None
    msgstr: str = ""
    forms: dict[int, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """The key gettext files it under: the context, EOT, then the message."""
        return self.msgid if self.context is None else f"{self.context}\x04{self.msgid}"

    def __str__(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+"(.*)"$')


def unquote(body: str) -> str:
    return re.sub(r"\\(.)", lambda m: ESCAPES[m.group(1)], body)


def read_po(path: Path) -> list[Message]:
    """The live messages of a .po file, the header (msgid "") first; obsolete ones left out."""
    messages: list[Message] = []
    current: Message | None = None
    target: tuple[str, int | None] = ("", None)
    flags: set[str] = set()
    awaiting_msgid = False  # a msgctxt opened the current message; its msgid comes next
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        match = KEYWORD.match(line)
        if match:
            keyword, index, body = match.groups()
            if keyword == "msgctxt" or (keyword == "msgid" and not awaiting_msgid):
                current = Message(line=number, flags=flags)
                messages.append(current)
                flags = set()
            awaiting_msgid = keyword == "msgctxt"
            assert current is not None
            target = (keyword, int(index) if index is not None else None)
            append(current, target, unquote(body), reset=True)
        elif line.startswith('"') and current is not None:
            append(current, target, unquote(line[1:-1]), reset=False)
        else:
            raise AssertionError(f"{path}:{number}: cannot read {raw!r}")
    return messages


def append(message: Message, target: tuple[str, int | None], value: str, *, reset: bool) -> None:
    keyword, index = target
    if keyword == "msgctxt":
        message.context = value if reset else (message.context or "") + value
    elif keyword == "msgid":
        message.msgid = value if reset else message.msgid + value
    elif keyword == "msgid_plural":
        message.plural = value if reset else (message.plural or "") + value
    elif index is not None:
        message.forms[index] = value if reset else message.forms[index] + value
    else:
        message.msgstr = value if reset else message.msgstr + value


def catalogue(language: str) -> list[Message]:
    return read_po(LOCALE / language / "LC_MESSAGES" / "django.po")


# python-format specifications: %(name)s, %d, %% ...
SPEC = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?"
                  r"(?P<conversion>[diouxXeEfFgGcrsa%])")


def placeholders(text: str) -> tuple[dict[str, str], list[str]]:
    """Named placeholders (name: conversion) and positional conversions, in order."""
    named: dict[str, str] = {}
    positional: list[str] = []
    for match in SPEC.finditer(text):
        conversion = match.group("conversion")
        if conversion == "%":
            continue
        if match.group("name") is not None:
            named[match.group("name")] = conversion
        else:
            positional.append(conversion)
    return named, positional


def test_the_reader_reads_contexts_plurals_and_continuations(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: be\\n"\n\n#, fuzzy\nmsgctxt "thing"\n'
                  'msgid "Name"\nmsgstr "Назва"\n\nmsgid ""\n"Long "\n"text"\n'
                  'msgid_plural "%(n)s texts"\nmsgstr[0] "a"\nmsgstr[1] "b"\n\n'
                  '#~ msgid "gone"\n#~ msgstr "x"\n', encoding="utf-8")
    header, name, long = read_po(po)
    assert header.msgid == "" and header.msgstr == "Language: be\n"
    assert (name.context, name.msgid, name.msgstr, name.flags) == ("thing", "Name", "Назва",
                                                                   {"fuzzy"})
    assert name.key == "thing\x04Name"
    assert (long.msgid, long.plural, long.forms) == ("Long text", "%(n)s texts", {0: "a", 1: "b"})
    assert placeholders("%(n)s of %(total)d, %s and 100%%") == ({"n": "s", "total": "d"}, ["s"])


# --- The catalogues -------------------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language: str) -> None:
    header, *messages = catalogue(language)
    assert header.msgid == "" and "fuzzy" not in header.flags
    fields = dict(line.split(": ", 1) for line in header.msgstr.splitlines() if ": " in line)
    assert fields["Language"] == language
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
    assert fields["Plural-Forms"] == PLURAL_FORMS
    assert len(messages) > 500  # the pages' strings are all there, not just the header's few
    problems = []
    for message in messages:
        if "fuzzy" in message.flags:
            problems.append(f"fuzzy: {message}")
        if message.plural is None and not message.msgstr:
            problems.append(f"untranslated: {message}")
        if message.plural is not None and (sorted(message.forms) != [0, 1, 2]
                                           or not all(message.forms.values())):
            problems.append(f"needs exactly three plural forms: {message}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_of_their_source(language: str) -> None:
    problems = []
    for message in catalogue(language)[1:]:
        if message.plural is None:
            pairs = [(message.msgid, message.msgstr)]
        else:  # every form may stand for many numbers, so each takes the plural's placeholders
            pairs = [(message.plural, form) for form in message.forms.values()]
        for source, translated in pairs:
            if "python-format" in message.flags:
                if placeholders(translated) != placeholders(source):
                    problems.append(f"{message}: {translated!r}")
            elif set(re.findall(r"%\((\w+)\)", translated)) - set(
                    re.findall(r"%\((\w+)\)", source)):
                problems.append(f"{message}: {translated!r}")
    assert not problems, "\n".join(problems)


def without_creation_date(header: str) -> str:
    # msgfmt leaves the template's creation date out of the .mo, so that builds are reproducible.
    return re.sub(r"^POT-Creation-Date: .*\n", "", header, flags=re.M)


def mo_catalogue(path: Path) -> dict[Any, str]:
    with path.open("rb") as handle:
        found = dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]
    found[""] = without_creation_date(found.get("", ""))
    return found


def po_catalogue(messages: list[Message]) -> dict[Any, str]:
    """What msgfmt makes of the messages: a plural is filed under (singular, form)."""
    expected: dict[Any, str] = {}
    for message in messages:
        if message.msgid == "":
            expected[""] = without_creation_date(message.msgstr)
        elif message.plural is None:
            expected[message.key] = message.msgstr
        else:
            expected.update({(message.key, i): form for i, form in message.forms.items()})
    return expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_the_source_catalogue(language: str, tmp_path: Path) -> None:
    folder = LOCALE / language / "LC_MESSAGES"
    committed = mo_catalogue(folder / "django.mo")
    expected = po_catalogue(catalogue(language))
    stale = sorted(str(key) for key in committed.keys() ^ expected.keys())
    stale += sorted(str(key) for key in committed.keys() & expected.keys()
                    if committed[key] != expected[key])
    assert not stale, f"django.mo is out of date; run compilemessages. First: {stale[:5]}"
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return  # the comparison above needs no gettext tools; msgfmt's own checks do
    fresh = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check", "-o", str(fresh), str(folder / "django.po")], check=True)
    assert mo_catalogue(fresh) == committed


@pytest.mark.parametrize(("language", "forms"), [
    ("be", ["1 інцыдэнт", "2 інцыдэнты", "5 інцыдэнтаў", "11 інцыдэнтаў", "21 інцыдэнт",
            "22 інцыдэнты", "112 інцыдэнтаў"]),
    ("ru", ["1 инцидент", "2 инцидента", "5 инцидентов", "11 инцидентов", "21 инцидент",
            "22 инцидента", "112 инцидентов"]),
])
def test_counts_take_the_right_plural_form(language: str, forms: list[str]) -> None:
    with translation.override(language):
        assert [translation.ngettext("%(count)d incident", "%(count)d incidents", n)
                % {"count": n} for n in (1, 2, 5, 11, 21, 22, 112)] == forms


# --- The pages ------------------------------------------------------------------------------------

def visible(html: str) -> str:
    """The words a reader sees: no tags, attributes, scripts or styles; spaces collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# Per page: what must appear in each language, and English that must not be left over.
PAGES: dict[str, tuple[dict[str, list[str]], list[str]]] = {
    "evidence list": ({
        "be": ["Доказы", "Загрузіць файлы", "У сховішчы 2 доказы, спачатку новыя.",
               "Назва файла", "Упершыню атрымана (UTC)"],
        "ru": ["Доказательства", "Загрузить файлы",
               "В хранилище 2 доказательства, сначала новые.", "Имя файла",
               "Впервые получено (UTC)"],
    }, ["Evidence items", "Upload files", "in the locker", "File name", "Receipts"]),
    "record list": ({
        "be": ["Новы запіс: інцыдэнт", "Запісаў (інцыдэнты): 1.", "Назва", "Фільтраваць",
               "Націсніце на загаловак слупка, каб сартаваць.", "Экспартаваць у CSV",
               "з імёнамі абароненых асоб"],
        "ru": ["Новая запись: инцидент", "Записей (инциденты): 1.", "Название",
               "Фильтровать", "Нажмите на заголовок столбца, чтобы отсортировать.",
               "Экспортировать в CSV", "с именами защищённых лиц"],
    }, ["New incident", "Click a column heading", "Filter", "Title", "Anywhere",
        "Export as CSV", "protected persons"]),
    "record detail": ({
        "be": ["Апісанне падзей", "Удакладненне месца", "Дзеянні", "Сведчанні", "Гісторыя",
               "Доказы пакуль не прывязаныя.", "Рэдагаваць"],
        "ru": ["Описание событий", "Уточнение места", "Деяния", "Показания", "История",
               "Доказательства пока не привязаны.", "Изменить"],
    }, ["Narrative", "Place detail", "History", "No evidence linked yet.", "Edit"]),
    "person": ({
        "be": ["Храналогія ўтрымання пад вартай", "Дата нараджэння", "Ролі ў справах",
               "Прызнана ўладамі: не", "месцазнаходжанне не прызнана"],
        "ru": ["Хронология содержания под стражей", "Дата рождения", "Роли в делах",
               "Признано властями: нет", "местонахождение не признано"],
    }, ["Custody timeline", "Born", "Roles in cases", "Acknowledged by the authorities"]),
    "form": ({
        "be": ["Змяніць: ", "Тып дзеяння", "Дата пачатку", "Дакладнасць даты",
               "Прычына змены", "Захаваць", "Адмена", "неабавязкова"],
        "ru": ["Изменить: ", "Тип деяния", "Дата начала", "Точность даты",
               "Причина изменения", "Сохранить", "Отмена", "необязательно"],
    }, ["Change ", "Act type", "Start date", "Date precision", "Reason for the change",
        "optional", "Save"]),
    "search": ({
        "be": ["Пошук", "Імёны супастаўляюцца паміж пісьменствамі", "Інцыдэнты", "Усе"],
        "ru": ["Поиск", "Имена сопоставляются между письменностями", "Инциденты", "Все"],
    }, ["Names are matched", "Incidents", "Search"]),
    "dashboard": ({
        "be": ["Дзеянні па тыпах", "Інцыдэнты па днях", "Карта", "Пацярпелыя",
               "Месцы ў выглядзе табліцы"],
        "ru": ["Деяния по типам", "Инциденты по дням", "Карта", "Потерпевшие",
               "Места в виде таблицы"],
    }, ["Acts by type", "Incidents by day", "Victims", "The places as a table"]),
}


def url_of(page: str, world: World) -> str:
    return {
        "evidence list": "/evidence/",
        "record list": "/incidents/",
        "record detail": f"/incidents/{world.incident.pk}/",
        "person": f"/persons/{world.victim.pk}/",
        "form": f"/acts/{world.act.pk}/edit/",
        "search": "/search/?q=Akrestsina",
        "dashboard": f"/cases/{world.case.reference}/dashboard/",
    }[page]


@pytest.fixture
def lead_in(world: World, client_of: Any) -> Any:
    """`lead_in("be")`: the lead of the case, signed in, with that language chosen."""
    put(PNG, "photo.png", case=world.case.reference)
    put(b"a statement", "statement.txt", case=world.case.reference)

    def choose(language: str) -> Client:
        client: Client = client_of("lead")
        response = client.post("/i18n/setlang/", {"language": language, "next": "/evidence/"})
        assert response.status_code == 302
        return client

    return choose


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", list(PAGES))
def test_the_main_pages_speak_the_chosen_language(language: str, page: str, world: World,
                                                   lead_in: Any) -> None:
    response = lead_in(language).get(url_of(page, world))
    assert response.status_code == 200
    html = text(response)
    assert f'<html lang="{language}">' in html
    words = visible(html)
    wanted, english = PAGES[page]
    assert [phrase for phrase in wanted[language] if phrase not in words] == []
    assert [phrase for phrase in english if re.search(rf"\b{re.escape(phrase)}", words)] == []


@pytest.mark.parametrize(("language", "expected"), [
    ("be", "Дзеянне: новы запіс унесены."), ("ru", "Деяние: новая запись внесена."),
])
def test_messages_after_a_change_are_translated(language: str, expected: str, world: World,
                                                lead_in: Any) -> None:
    client = lead_in(language)
    response = client.post(f"/acts/new/?incident={world.incident.pk}", {
        "incident": str(world.incident.pk), "act_type": world.beating.pk,
        "victim": world.victim.reference, "date_precision": "day", "reason": "test",
    }, follow=True)
    assert response.status_code == 200
    assert expected in visible(text(response))


# --- Messages from the domain, the accounts pages and the upload script --------------------------

CYRILLIC = re.compile("[\u0400-\u04ff]")


@pytest.fixture(autouse=True)
def _english_afterwards() -> Any:
    """A request leaves its language active in the test's thread; later tests expect English."""
    yield
    translation.deactivate()


def choose_language(client: Client, language: str) -> Client:
    response = client.post("/i18n/setlang/", {"language": language, "next": "/login/"})
    assert response.status_code == 302
    return client


@pytest.mark.parametrize("language", LANGUAGES)
def test_brace_placeholders_of_the_upload_script_are_kept(language: str) -> None:
    # The script fills {count}, {size} and {max} itself; gettext knows nothing of them.
    problems = [f"{message}: {message.msgstr!r}" for message in catalogue(language)[1:]
                if set(re.findall(r"\{(\w+)\}", message.msgid))
                != set(re.findall(r"\{(\w+)\}", message.msgstr or ""))
                and message.plural is None]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("language", "refusal"), [
    ("be", "выдаліць немагчыма: ад яго залежаць іншыя запісы (дзеянне)"),
    ("ru", "удалить нельзя: от него зависят другие записи (деяние)"),
])
def test_a_delete_refusal_speaks_the_chosen_language(language: str, refusal: str, world: World,
                                                     lead_in: Any) -> None:
    before = Entry.objects.count()
    response = lead_in(language).post(f"/incidents/{world.incident.pk}/delete/",
                                      {"reason": "entered twice"})
    assert response.status_code == 409
    words = visible(text(response))
    assert refusal in words and "depend on it" not in words
    assert Entry.objects.count() == before  # a refusal writes nothing


def test_a_delete_refusal_outside_a_page_is_english(world: World) -> None:
    # The command line, and the API unless asked for another: the default language, English.
    with translation.override("en"), pytest.raises(
            services.RecordError, match=r"^cannot delete: other records depend on it \(act\)$"):
        services.delete_record(world.incident, actor="test")
    with translation.override("be"), pytest.raises(services.RecordError, match="немагчыма"):
        services.delete_record(world.incident, actor="test")


@pytest.mark.parametrize(("language", "refusal"), [
    ("be", "Не захавана: файл пусты; пусты файл нічога не даказвае і не захоўваецца"),
    ("ru", "Не сохранено: файл пуст; пустой файл ничего не доказывает и не сохраняется"),
])
def test_an_upload_refusal_speaks_the_chosen_language(language: str, refusal: str, world: World,
                                                      lead_in: Any) -> None:
    # The refusal is shown in the page's language; the receipt of the other file is written to
    # the ledger in English.
    before = Entry.objects.order_by("seq").values_list("seq", flat=True).last()
    files = [SimpleUploadedFile("empty.txt", b""), SimpleUploadedFile("note.txt", b"a note")]
    response = lead_in(language).post("/evidence/upload/", {"files": files},
                                      follow=True)
    assert response.redirect_chain == [("/evidence/upload/result/", 302)]
    words = visible(text(response))
    assert refusal in words and "proves nothing" not in words
    written = [bytes(entry.body).decode("utf-8")
               for entry in Entry.objects.filter(seq__gt=before)]
    assert len(written) == 1 and '"source_path":"web upload"' in written[0]
    assert not CYRILLIC.search(written[0])


@pytest.mark.parametrize(("language", "refusal"), [
    ("be", "на дыску сховішча не засталося месца; нічога не захавана"),
    ("ru", "на диске хранилища не осталось места; ничего не сохранено"),
])
def test_a_refusal_from_the_upload_thread_speaks_the_chosen_language(
    language: str, refusal: str, world: World, lead_in: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The upload handler stages each file in a thread of its own, which has no language of its
    # own: it speaks the request's.
    def full(vault: Vault, source: Any) -> Any:
        source.read(1)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Vault, "stage", full)
    response = lead_in(language).post("/evidence/upload/",
                                      {"files": [SimpleUploadedFile("photo.png", PNG)]},
                                      follow=True)
    assert refusal in visible(text(response))


@pytest.mark.parametrize(("language", "expected"), [
    ("be", ["Выбрана файлаў: {count}, усяго {size}.", "байт КБ МБ ГБ ТБ", "Загрузка…",
            "за адну загрузку можна не больш за {max}."]),
    ("ru", ["Выбрано файлов: {count}, всего {size}.", "байт КБ МБ ГБ ТБ", "Загрузка…",
            "за одну загрузку можно не более {max}."]),
])
def test_the_upload_script_gets_its_words_from_the_page(language: str, expected: list[str],
                                                        world: World, lead_in: Any,
                                                        settings: Any) -> None:
    settings.DEBUG = False
    response = lead_in(language).get("/evidence/upload/")
    html = text(response)
    match = re.search(r'<form[^>]*id="upload-form"[^>]*>', html)
    assert match is not None
    assert [phrase for phrase in expected if phrase not in match.group()] == []
    # No inline script carries them: the policy allows scripts from this server only.
    assert "script-src" not in response["Content-Security-Policy"]
    assert "'self'" in response["Content-Security-Policy"]
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []


@pytest.mark.parametrize(("language", "error", "title"), [
    ("be", "код няправільны; праверце гадзіннік на вашай прыладзе",
     "QR-код для праграмы-аўтэнтыфікатара"),
    ("ru", "код неверный; проверьте часы на вашем устройстве",
     "QR-код для приложения-аутентификатора"),
])
def test_two_factor_errors_speak_the_chosen_language(language: str, error: str, title: str,
                                                     world: World, lead_in: Any) -> None:
    client = lead_in(language)
    page = text(client.get("/account/two-factor/"))
    assert f"<title>{title}</title>" in page
    before = Entry.objects.count()
    response = client.post("/account/two-factor/", {"action": "confirm", "code": "000000"})
    assert response.status_code == 400
    assert error in visible(text(response))
    assert Entry.objects.count() == before


@pytest.mark.parametrize(("language", "wrong", "locked"), [
    ("be", "Гэтыя імя карыстальніка і пароль не адпавядаюць",
     "Уваход спынены да"),
    ("ru", "Это имя пользователя и пароль не соответствуют",
     "Вход приостановлен до"),
])
def test_sign_in_errors_speak_the_chosen_language(language: str, wrong: str, locked: str,
                                                  personas: Any, settings: Any) -> None:
    settings.SPRAVA_LOCKOUT_ATTEMPTS = 2
    client = choose_language(Client(), language)
    attempt = {"username": "viewer", "password": "wrong password"}
    first = client.post("/login/", attempt)
    assert first.status_code == 200 and wrong in visible(text(first))
    second = client.post("/login/", attempt)
    assert second.status_code == 429 and locked in visible(text(second))
    # The lock's ledger entry says what happened in English, whatever the page spoke.
    assert not any(CYRILLIC.search(bytes(entry.body).decode("utf-8"))
                   for entry in Entry.objects.all())


@pytest.mark.parametrize(("language", "message"), [
    ("be", "Сеанс завершаны пасля 30 хвілін без актыўнасці."),
    ("ru", "Сеанс завершён после 30 минут без активности."),
])
def test_the_idle_sign_out_speaks_the_chosen_language(language: str, message: str,
                                                      world: World, lead_in: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    client = lead_in(language)
    assert client.get("/evidence/").status_code == 200
    later = time.time() + 30 * 60 + 5
    monkeypatch.setattr(middleware, "time", SimpleNamespace(time=lambda: later))
    response = client.get("/evidence/", follow=True)
    assert message in visible(text(response))


def test_dates_on_pages_are_translated_and_the_api_s_are_not(world: World) -> None:
    act = world.act
    act.date_precision = "approximate"
    unknown = world.act2
    unknown.date_precision = "unknown"
    with translation.override("be"):
        assert (act.when, unknown.when) == ("c. 2020-08-11", "unknown")
        assert (act.display_when, unknown.display_when) == ("каля 2020-08-11", "невядома")
    with translation.override("ru"):
        assert (act.display_when, unknown.display_when) == ("около 2020-08-11", "неизвестно")
    with translation.override("en"):
        assert (act.display_when, unknown.display_when) == ("c. 2020-08-11", "unknown")
