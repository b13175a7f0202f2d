"""The legal framework as frozen values, read from `data/framework.json` and checked on load.

Loading goes in two steps, and refuses the file at the first failure:
1. the JSON Schema beside the file (`framework.schema.json`): shapes, types, identifiers;
2. the constructors below: identifiers unique across the whole framework, every contextual
   element a crime names defined once, every crime a national provision covers defined, every
   national provision a venue names defined.

What the framework holds is law, so nothing here guesses: an unknown identifier raises
`UnknownElement`. The framework's `version` is recorded with every assessment and conclusion.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from django.utils.translation import get_language

from sprava.law.errors import FrameworkError, UnknownElement

ElementType = Literal["conduct", "consequence", "circumstance", "mental"]
ELEMENT_TYPES: tuple[ElementType, ...] = ("conduct", "consequence", "circumstance", "mental")
LANGUAGES = ("en", "be", "ru")


@dataclass(frozen=True)
class Labels:
    """A short text in the three interface languages."""

    en: str
    be: str
    ru: str

    def __post_init__(self) -> None:
        if not all(isinstance(v, str) and v.strip() for v in (self.en, self.be, self.ru)):
            raise FrameworkError("a label needs English, Belarusian and Russian text")

    def text(self, language: str | None = None) -> str:
        """In `language`, else the active one; English for any other."""
        code = (language or get_language() or "en")[:2]
        return str(getattr(self, code)) if code in LANGUAGES else self.en

    def __str__(self) -> str:
        return self.text()

    def as_json(self) -> dict[str, str]:
        return {"en": self.en, "be": self.be, "ru": self.ru}


@dataclass(frozen=True)
class Alternative:
    """One of the ways an element can be met (enforced disappearance 1(a) or 1(b))."""

    id: str
    text: str
    label: Labels


@dataclass(frozen=True)
class Element:
    id: str
    number: int
    type: ElementType
    contextual: bool
    text: str
    label: Labels
    alternatives: tuple[Alternative, ...] = ()

    def __post_init__(self) -> None:
        if self.type not in ELEMENT_TYPES:
            raise FrameworkError(f"element {self.id}: unknown type {self.type!r}")
        if self.number < 1:
            raise FrameworkError(f"element {self.id}: numbers start at 1")

    def ids(self) -> tuple[str, ...]:
        """The element's identifier and those of its alternatives: an assessment may name any."""
        return (self.id, *(a.id for a in self.alternatives))

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "number": self.number, "type": self.type,
                "contextual": self.contextual, "text": self.text, "label": self.label.as_json(),
                "alternatives": [{"id": a.id, "text": a.text, "label": a.label.as_json()}
                                 for a in self.alternatives]}


def _check_numbered(owner: str, elements: tuple[Element, ...]) -> None:
    if [e.number for e in elements] != list(range(1, len(elements) + 1)):
        raise FrameworkError(f"{owner}: elements must be numbered 1, 2, 3 ... in order")


@dataclass(frozen=True)
class Crime:
    id: str
    article: str
    name: Labels
    elements: tuple[Element, ...]  # the crime's own first, then the contextual ones

    def __post_init__(self) -> None:
        _check_numbered(self.id, self.elements)
        if any(e.contextual for e in self.elements[: len(self.own)]):
            raise FrameworkError(f"{self.id}: contextual elements come last")

    @property
    def own(self) -> tuple[Element, ...]:
        return tuple(e for e in self.elements if not e.contextual)

    def element(self, element_id: str) -> Element:
        """The element named `element_id` or one of its alternatives."""
        for element in self.elements:
            if element_id in element.ids():
                return element
        raise UnknownElement(f"{self.id} has no element {element_id!r}")

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "article": self.article, "name": self.name.en,
                "label": self.name.as_json(), "elements": [e.as_json() for e in self.elements]}


@dataclass(frozen=True)
class Mode:
    """A mode of liability; `id` is the value an involvement records (`LiabilityMode`)."""

    id: str
    article: str
    form: str
    name: Labels
    elements: tuple[Element, ...]
    verify: bool
    source: str

    def __post_init__(self) -> None:
        _check_numbered(self.id, self.elements)

    def element(self, element_id: str) -> Element:
        for element in self.elements:
            if element_id in element.ids():
                return element
        raise UnknownElement(f"mode {self.id} has no element {element_id!r}")

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "article": self.article, "form": self.form, "name": self.name.en,
                "label": self.name.as_json(), "verify": self.verify, "source": self.source,
                "elements": [e.as_json() for e in self.elements]}


@dataclass(frozen=True)
class National:
    """A national provision equivalent to art. 7, and the crimes it covers."""

    id: str
    country: str
    name: Labels
    provision: str
    jurisdiction_provision: str
    covers: tuple[str, ...]
    verify: bool
    note: str

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "country": self.country, "name": self.name.en,
                "label": self.name.as_json(), "provision": self.provision,
                "jurisdiction_provision": self.jurisdiction_provision,
                "covers": list(self.covers), "verify": self.verify, "note": self.note}


@dataclass(frozen=True)
class Section:
    id: str
    title: str


@dataclass(frozen=True)
class Venue:
    id: str
    name: Labels
    languages: tuple[str, ...]
    jurisdiction: str  # the rule `sprava.law.jurisdiction` applies
    national: str | None
    public: bool  # what goes there is published: redaction and consent are mandatory
    sections: tuple[Section, ...]

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name.en, "label": self.name.as_json(),
                "languages": list(self.languages), "jurisdiction": self.jurisdiction,
                "national": self.national, "public": self.public,
                "sections": [{"id": s.id, "title": s.title} for s in self.sections]}


@dataclass(frozen=True)
class Standard:
    """A standard of proof, from the lowest to the highest."""

    id: str
    articles: tuple[str, ...]
    name: Labels

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "articles": list(self.articles), "name": self.name.en,
                "label": self.name.as_json()}


@dataclass(frozen=True)
class Framework:
    id: str
    version: str
    title: Labels
    crimes: tuple[Crime, ...]
    modes: tuple[Mode, ...]
    national: tuple[National, ...]
    venues: tuple[Venue, ...]
    standards: tuple[Standard, ...]
    _index: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Every identifier once across the framework, so an assessment naming one cannot be read
        # two ways. The contextual elements are the one exception: shared by every crime.
        seen: dict[str, object] = {}
        shared = {e.id: e for c in self.crimes for e in c.elements if e.contextual}
        for kind, items in (("crime", self.crimes), ("mode", self.modes),
                            ("national", self.national), ("venue", self.venues),
                            ("standard", self.standards)):
            for item in items:
                key = f"{kind}:{item.id}"
                if key in seen:
                    raise FrameworkError(f"{kind} {item.id} is defined twice")
                seen[key] = item
        elements: dict[str, Element] = {}
        owners: tuple[Crime | Mode, ...] = (*self.crimes, *self.modes)
        for owner in owners:
            for element in owner.elements:
                for element_id in element.ids():
                    if element_id in elements and element_id not in shared:
                        raise FrameworkError(f"element {element_id} is defined twice")
                    elements[element_id] = element
        crime_ids = {c.id for c in self.crimes}
        for national in self.national:
            unknown = set(national.covers) - crime_ids
            if unknown:
                raise FrameworkError(f"{national.id} covers unknown crimes {sorted(unknown)}")
        national_ids = {n.id for n in self.national}
        for venue in self.venues:
            if venue.national is not None and venue.national not in national_ids:
                raise FrameworkError(f"venue {venue.id} names unknown {venue.national!r}")
        self._index.update(seen)
        self._index.update({f"element:{k}": v for k, v in elements.items()})
        self._index.update({f"article:{c.article}": c for c in self.crimes})

    def _get(self, kind: str, key: str) -> Any:
        try:
            return self._index[f"{kind}:{key}"]
        except KeyError:
            raise UnknownElement(f"the framework defines no {kind} {key!r}") from None

    def crime(self, crime_id: str) -> Crime:
        return self._get("crime", crime_id)  # type: ignore[no-any-return]

    def crime_at(self, article: str) -> Crime:
        """The crime of an article as act types name it: "7(1)(f)", "7(1)(g)-1"."""
        return self._get("article", article)  # type: ignore[no-any-return]

    def crimes_at(self, articles: list[str] | tuple[str, ...]) -> tuple[Crime, ...]:
        """The crimes of the articles the framework knows, in the framework's order; an article
        it does not know (a typo in edited vocabulary) is left out, not guessed."""
        wanted = set(articles)
        return tuple(c for c in self.crimes if c.article in wanted)

    def mode(self, mode_id: str) -> Mode:
        return self._get("mode", mode_id)  # type: ignore[no-any-return]

    def venue(self, venue_id: str) -> Venue:
        return self._get("venue", venue_id)  # type: ignore[no-any-return]

    def national_provision(self, national_id: str) -> National:
        return self._get("national", national_id)  # type: ignore[no-any-return]

    def standard(self, standard_id: str) -> Standard:
        return self._get("standard", standard_id)  # type: ignore[no-any-return]

    def element(self, element_id: str) -> Element:
        return self._get("element", element_id)  # type: ignore[no-any-return]

    def contextual(self) -> tuple[Element, ...]:
        """The contextual elements, as the first crime numbers them (numbers differ by crime)."""
        return tuple(e for e in self.crimes[0].elements if e.contextual)

    def owners(self) -> Iterator[Crime | Mode]:
        yield from self.crimes
        yield from self.modes

    def as_json(self) -> dict[str, Any]:
        """The document `sprava law show --json` prints and `/api/v1/law/framework` answers."""
        return {"framework": {"id": self.id, "version": self.version, "title": self.title.en},
                "crimes": [c.as_json() for c in self.crimes],
                "modes": [m.as_json() for m in self.modes],
                "national": [n.as_json() for n in self.national],
                "venues": [v.as_json() for v in self.venues],
                "standards": [s.as_json() for s in self.standards]}


def _labels(raw: dict[str, str]) -> Labels:
    return Labels(en=raw["en"], be=raw["be"], ru=raw["ru"])


def _element(raw: dict[str, Any], number: int, contextual: bool) -> Element:
    return Element(
        id=raw["id"], number=number, type=raw["type"], contextual=contextual, text=raw["text"],
        label=_labels(raw["label"]),
        alternatives=tuple(Alternative(id=a["id"], text=a["text"], label=_labels(a["label"]))
                           for a in raw.get("alternatives", ())))


def from_document(document: dict[str, Any]) -> Framework:
    """The framework of a parsed file: step 1 the schema, step 2 the constructors."""
    import jsonschema

    # 1. The schema.
    schema = json.loads(resources.files("sprava.law").joinpath(
        "data/framework.schema.json").read_text("utf-8"))
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(document),
                    key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "(top)"
        raise FrameworkError(f"framework file invalid at {where}: {first.message}"
                             + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""))
    # 2. The constructors, which check what a schema cannot: references and uniqueness.
    shared = {raw["id"]: raw for raw in document["contextual"]}
    crimes = []
    for raw in document["crimes"]:
        own = [_element(e, n, False) for n, e in enumerate(raw["elements"], 1)]
        missing = [c for c in raw["contextual"] if c not in shared]
        if missing:
            raise FrameworkError(f"{raw['id']} names undefined contextual elements {missing}")
        context = [_element(shared[c], len(own) + n, True)
                   for n, c in enumerate(raw["contextual"], 1)]
        crimes.append(Crime(id=raw["id"], article=raw["article"], name=_labels(raw["name"]),
                            elements=(*own, *context)))
    modes = [Mode(id=raw["id"], article=raw["article"], form=raw["form"],
                  name=_labels(raw["name"]), verify=raw["verify"], source=raw["source"],
                  elements=tuple(_element(e, n, False) for n, e in enumerate(raw["elements"], 1)))
             for raw in document["modes"]]
    national = [National(id=raw["id"], country=raw["country"], name=_labels(raw["name"]),
                         provision=raw["provision"],
                         jurisdiction_provision=raw["jurisdiction_provision"],
                         covers=tuple(raw["covers"]), verify=raw["verify"], note=raw["note"])
                for raw in document["national"]]
    venues = [Venue(id=raw["id"], name=_labels(raw["name"]), languages=tuple(raw["languages"]),
                    jurisdiction=raw["jurisdiction"], national=raw["national"],
                    public=raw["public"],
                    sections=tuple(Section(id=s["id"], title=s["title"])
                                   for s in raw["sections"]))
              for raw in document["venues"]]
    standards = [Standard(id=raw["id"], articles=tuple(raw["articles"]),
                          name=_labels(raw["name"])) for raw in document["standards"]]
    meta = document["framework"]
    return Framework(id=meta["id"], version=meta["version"], title=_labels(meta["title"]),
                     crimes=tuple(crimes), modes=tuple(modes), national=tuple(national),
                     venues=tuple(venues), standards=tuple(standards))


def load(path: Path | None = None) -> Framework:
    """The framework in `path`, or the one shipped with Sprava."""
    try:
        text = (path.read_text("utf-8") if path is not None else
                resources.files("sprava.law").joinpath("data/framework.json").read_text("utf-8"))
        document = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FrameworkError(f"cannot read the framework file: {exc}") from exc
    if not isinstance(document, dict):
        raise FrameworkError("a framework file holds one JSON object")
    return from_document(document)


@functools.cache
def current() -> Framework:
    """The shipped framework, read once per process."""
    return load()
