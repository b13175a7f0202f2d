"""The charges a person was held on, as articles of Belarus's codes: "CC 342", "CC 361-1",
"CAO 24.23", a part in brackets where known ("CC 342(1)").

A custody period's `charge_articles` is None when nobody knows the charge, an empty list when
the person was held on no charge at all: the two say different things (a detention without
any charge is what the imprisonment rule of `sprava.law` reads), so they stay apart in every
front end. CC is the Criminal Code, CAO the Code of Administrative Offences.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy

ARTICLE = re.compile(r"^(CC|CAO) [0-9]{1,4}(\.[0-9]{1,3})?(-[0-9]{1,2})?(\([0-9]{1,2}\))?$")
MAX_CHARGES = 20
# What a person types for "held on no charge", in each interface language (`show` writes the
# active language's word: "none" has these translations).
NONE_WORDS = frozenset({"none", "няма", "нет"})
FORMAT_HELP = gettext_lazy(
    "Articles separated by commas, e.g. \"CC 342, CAO 24.23\" (CC: Criminal Code, CAO: Code "
    "of Administrative Offences; a part in brackets, \"CC 342(1)\"). Write \"none\" if the "
    "person was held on no charge; leave empty if the charge is not known.")


def normalise(text: str) -> str:
    """One article as stored: "cc  342 (1)" → "CC 342(1)"."""
    words = " ".join(text.replace("(", " (").split()).split(" ")
    code, rest = words[0].upper(), "".join(words[1:])
    return f"{code} {rest}" if rest else code


def validate(value: Any) -> None:
    """The model's rule: None, or a list of distinct articles in the stored form."""
    if value is None:
        return
    if not isinstance(value, list) or len(value) > MAX_CHARGES:
        raise ValidationError(gettext("Charges are a list of at most %(count)d articles.")
                              % {"count": MAX_CHARGES}, code="charges")
    for item in value:
        if not isinstance(item, str) or not ARTICLE.match(item):
            raise ValidationError(
                gettext("%(article)r is not an article such as \"CC 342\" or \"CAO 24.23\".")
                % {"article": item}, code="charges")
    if len(set(value)) != len(value):
        raise ValidationError(gettext("An article is named twice."), code="charges")


def parse(text: str) -> list[str] | None:
    """What a person typed: "" → None (unknown), "none" → [] (no charge), else the articles."""
    text = text.strip()
    if not text:
        return None
    if text.casefold() in NONE_WORDS:
        return []
    articles = [normalise(part) for part in text.split(",") if part.strip()]
    return list(dict.fromkeys(articles))


def show(value: list[str] | None) -> str:
    """The charges as a form shows them: the inverse of `parse`."""
    if value is None:
        return ""
    return ", ".join(value) if value else gettext("none")


def article(charge: str) -> str:
    """The article a charge falls under, without its part: "CC 342(1)" → "CC 342"."""
    return charge.split("(", 1)[0]
