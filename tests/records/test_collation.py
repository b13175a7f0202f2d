"""Names in alphabetical order of the reader's language (sprava.collation)."""

from __future__ import annotations

import pytest
from django.utils import translation

from sprava.collation import sort_key, sorted_by


def ordered(names: list[str], language: str) -> list[str]:
    return sorted(names, key=lambda name: sort_key(name, language))


def test_belarusian_letters_sit_in_the_belarusian_alphabet() -> None:
    # Code points put "і", "ў" and "ё" after "я"; the alphabet: е ё ж з і й ... у ў ф ... я.
    names = ["Яўе", "Іванава", "Ёды", "Жодзіна", "Еўе", "Ўла", "Уза", "Фа", "Зэльва", "Йод"]
    assert ordered(names, "be") == ["Еўе", "Ёды", "Жодзіна", "Зэльва", "Іванава", "Йод",
                                    "Уза", "Ўла", "Фа", "Яўе"]


def test_belarusian_words_by_letters_within_them() -> None:
    assert ordered(["Мядзель", "Магілёў", "Мазыр", "Маладзечна", "Мінск", "Міёры"], "be") == [
        "Магілёў", "Мазыр", "Маладзечна", "Міёры", "Мінск", "Мядзель"]
    # "ё" is a letter after "е" in Belarusian: "Лёзна" after every "Ле...".
    assert ordered(["Лёзна", "Лельчыцы", "Лепель"], "be") == ["Лельчыцы", "Лепель", "Лёзна"]


def test_russian_sorts_yo_as_ye() -> None:
    # Russian dictionaries sort "ё" as "е": "Берёза" between "Берег" and "Берестье" (by code
    # point it would come after both).
    assert ordered(["Берестье", "Берёза", "Берег"], "ru") == ["Берег", "Берёза", "Берестье"]
    assert ordered(["ёж", "еж"], "ru") == ["еж", "ёж"]  # a tie broken by the letter


def test_russian_places_belarusian_letters_beside_their_neighbours() -> None:
    assert ordered(["Йошкар", "Иваново", "Іванава", "Кобрин"], "ru") == [
        "Иваново", "Іванава", "Йошкар", "Кобрин"]
    assert ordered(["Фаниполь", "Ўзда", "Узда"], "ru") == ["Узда", "Ўзда", "Фаниполь"]


def test_case_does_not_count() -> None:
    assert ordered(["минск", "Могилёв", "Мозырь"], "ru") == ["минск", "Могилёв", "Мозырь"]
    assert ordered(["brest", "Minsk", "Babruisk"], "en") == ["Babruisk", "brest", "Minsk"]


def test_latin_letters_sort_without_their_accents() -> None:
    assert ordered(["Mahilioŭ", "Mahiliov", "Mahiliox", "Mazyr"], "en") == [
        "Mahilioŭ", "Mahiliov", "Mahiliox", "Mazyr"]


def test_a_shorter_name_before_a_longer_and_numbers_by_value() -> None:
    assert ordered(["Minsk region", "Minskaja", "Minsk"], "en") == [
        "Minsk", "Minsk region", "Minskaja"]
    assert ordered(["Penal colony No. 11", "Penal colony No. 2", "Penal colony No. 1"], "en") == [
        "Penal colony No. 1", "Penal colony No. 2", "Penal colony No. 11"]


@pytest.mark.parametrize(("language", "expected"), [
    ("en", ["Minsk", "Мінск"]),  # the reader's script first
    ("be", ["Мінск", "Minsk"]),
    ("ru", ["Мінск", "Minsk"]),
])
def test_the_readers_script_comes_first(language: str, expected: list[str]) -> None:
    assert ordered(["Мінск", "Minsk"], language) == expected


def test_the_active_language_by_default() -> None:
    names = ["Іванава", "Жодзіна", "Якаўшчына"]
    with translation.override("be"):
        assert sorted_by(names, str) == ["Жодзіна", "Іванава", "Якаўшчына"]
    with translation.override("en"):  # any sensible order; "і" no longer after "я"
        assert sorted_by(names, str)[0] == "Жодзіна"
    with translation.override("de"):  # a language with no alphabet here: as English
        assert sorted_by(["b", "A"], str) == ["A", "b"]
