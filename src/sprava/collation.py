"""Alphabetical order in the reader's language, for lists of names (places, units).

Python's own string order is the order of code points: in it every capital comes before every
small letter, "і" (U+0456) and "ё" (U+0451) come after "я", and "ў" after everything Cyrillic,
so a Belarusian list of places read "Мінск, Наваполацк, ..., Іванава". The database sorts the
same way (SQLite, and PostgreSQL under the "C" collation). The right tool would be ICU, but
PyICU is not installed and needs a C library; the locales of the C library are not there
either. The key below is small and documented instead, and good enough for names:

- case and accents do not count, except to break ties ("Minsk" and "minsk" sit together);
- each language has its alphabet: Belarusian а б в г д е ё ж з і й к л м н о п р с т у ў ф х
  ц ч ш ы ь э ю я, with "ё" a letter of its own after "е"; Russian а ... е ё ж з и й ... щ ъ
  ы ь э ю я, where "ё" sorts as "е" (as Russian dictionaries do) and only breaks ties;
- letters of the other Cyrillic alphabets sit beside their nearest letter: Russian "и" after
  Belarusian "і", "щ" after "ш" and "ъ" before "ы"; Belarusian "і" after Russian "и", "ў" after
  "у"; Ukrainian "ґ", "є", "ї" after "г", "е", "і";
- spaces and punctuation come first, then digits (by value, not by character: 2 before 10),
  then the reader's script (Cyrillic for be and ru, Latin for en), then the other one, then
  anything else by code point. Latin letters sort without their accents ("Mahilioŭ" as
  "Mahiliou").

Digraphs (Belarusian "дж", "дз") count as two letters, as most dictionaries and CLDR do.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.utils.translation import get_language

__all__ = ["sort_key", "sorted_by"]

T = TypeVar("T")

# Each alphabet lists the letters of the language and, at their places, the Cyrillic letters
# of its neighbours that names in it may contain.
_BELARUSIAN = "абвгґдеєёжзіїийклмнопрстуўфхцчшщъыьэюя"
_RUSSIAN = "абвгґдеєжзиіїйклмнопрстуўфхцчшщъыьэюя"
_CYRILLIC_ORDER = {
    "be": {letter: index for index, letter in enumerate(_BELARUSIAN)},
    "ru": {letter: index for index, letter in enumerate(_RUSSIAN)} | {"ё": _RUSSIAN.index("е")},
}
_CYRILLIC_ORDER["en"] = _CYRILLIC_ORDER["ru"]  # for an English reader any sensible order

_SPACE, _DIGIT, _FIRST, _SECOND, _OTHER = range(5)
_NUMBER = re.compile(r"\d+")

Weight = tuple[int, ...]


def _language(language: str | None) -> str:
    code = (language or get_language() or "en")[:2]
    return code if code in _CYRILLIC_ORDER else "en"


def _letter(char: str, language: str) -> Weight:
    cyrillic = _CYRILLIC_ORDER[language]
    first_script, second_script = (_FIRST, _SECOND) if language != "en" else (_SECOND, _FIRST)
    if char in cyrillic:
        return (first_script, cyrillic[char])
    if "a" <= char <= "z":
        return (second_script, ord(char))
    base = unicodedata.normalize("NFKD", char)[:1]  # a letter less its accent: "ŭ" → "u"
    if "a" <= base <= "z":
        return (second_script, ord(base))
    if base in cyrillic:
        return (first_script, cyrillic[base])
    if not char.isalnum():
        return (_SPACE, ord(char))
    return (_OTHER, ord(char))


def _primary(text: str, language: str) -> tuple[Weight, ...]:
    weights: list[Weight] = []
    position = 0
    folded = text.casefold()
    for match in _NUMBER.finditer(folded):
        weights += [_letter(char, language) for char in folded[position:match.start()]]
        digits = match.group()
        weights.append((_DIGIT, len(digits.lstrip("0")), int(digits)))
        position = match.end()
    weights += [_letter(char, language) for char in folded[position:]]
    return tuple(weights)


def sort_key(text: str, language: str | None = None) -> tuple[tuple[Weight, ...], str, str]:
    """The key that orders `text` alphabetically for a reader of `language` ("be", "ru",
    "en"; the active interface language when not given). Ties of letters are broken by the
    accents and letters themselves (Russian "е" before "ё"), then by case."""
    code = _language(language)
    return _primary(text, code), text.casefold(), text


def sorted_by(items: Iterable[T], name: Callable[[T], str],
              language: str | None = None) -> list[T]:
    """`items` in alphabetical order of `name(item)` for a reader of `language`."""
    code = _language(language)
    return sorted(items, key=lambda item: sort_key(name(item), code))
