"""A stand-in for `sprava.law.framework` while it is not on this branch: only the part of its
API the jurisdiction check reads (../BRIEF.md), with the facts of ../shared/LEGAL.md. Installed
by tests/law/conftest.py only when the real module is missing; never part of `src`."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language


@dataclass(frozen=True)
class Labels:
    en: str
    be: str
    ru: str

    def text(self) -> str:
        language = (get_language() or "en")[:2]
        return str(getattr(self, language)) if language in ("be", "ru") else self.en


@dataclass(frozen=True)
class Crime:
    id: str
    article: str
    name: Labels
    elements: tuple[object, ...] = ()


@dataclass(frozen=True)
class National:
    id: str
    country: str
    provision: str
    jurisdiction_provision: str
    covers: tuple[str, ...]
    verify: bool
    note: str = ""


@dataclass(frozen=True)
class Venue:
    id: str
    name: Labels
    languages: tuple[str, ...]
    sections: tuple[object, ...]
    jurisdiction: str
    national: str | None


@dataclass(frozen=True)
class Framework:
    id: str
    version: int
    crimes: tuple[Crime, ...]
    modes: tuple[object, ...]
    national: tuple[National, ...]
    venues: tuple[Venue, ...]
    standards: tuple[object, ...] = ()

    def crime(self, crime_id: str) -> Crime:
        for crime in self.crimes:
            if crime.id == crime_id:
                return crime
        raise KeyError(crime_id)

    def crime_at(self, article: str) -> Crime:
        for crime in self.crimes:
            if crime.article == article:
                return crime
        raise KeyError(article)

    def venue(self, venue_id: str) -> Venue:
        for venue in self.venues:
            if venue.id == venue_id:
                return venue
        raise KeyError(venue_id)


def _crime(crime_id: str, article: str, en: str, be: str, ru: str) -> Crime:
    return Crime(crime_id, article, Labels(en, be, ru))


CRIMES = (
    _crime("murder", "7(1)(a)", "Murder", "Забойства", "Убийство"),
    _crime("extermination", "7(1)(b)", "Extermination", "Вынішчэнне", "Истребление"),
    _crime("enslavement", "7(1)(c)", "Enslavement", "Заняволенне", "Порабощение"),
    _crime("deportation", "7(1)(d)", "Deportation or forcible transfer", "Дэпартацыя",
           "Депортация"),
    _crime("imprisonment", "7(1)(e)", "Imprisonment", "Пазбаўленне волі", "Заключение"),
    _crime("torture", "7(1)(f)", "Torture", "Катаванні", "Пытки"),
    _crime("rape", "7(1)(g)-1", "Rape", "Згвалтаванне", "Изнасилование"),
    _crime("sexual-violence", "7(1)(g)-6", "Sexual violence", "Сэксуальны гвалт",
           "Сексуальное насилие"),
    _crime("persecution", "7(1)(h)", "Persecution", "Пераслед", "Преследование"),
    _crime("enforced-disappearance", "7(1)(i)", "Enforced disappearance",
           "Гвалтоўнае знікненне", "Насильственное исчезновение"),
    _crime("apartheid", "7(1)(j)", "Apartheid", "Апартэід", "Апартеид"),
    _crime("other-inhumane-acts", "7(1)(k)", "Other inhumane acts", "Іншыя бесчалавечныя дзеянні",
           "Другие бесчеловечные деяния"),
)
NATIONAL = (
    # Art. 100 lists killing, torture, deportation, rape, persecution, unacknowledged
    # detention ... (LEGAL.md); imprisonment and other inhumane acts left out here, so that a
    # test sees a crime it does not cover.
    National("lt-100", "LT", "CC art. 100", "CC art. 7",
             ("murder", "torture", "deportation", "rape", "persecution",
              "enforced-disappearance"), verify=False),
    National("de-vstgb-7", "DE", "VStGB §7", "VStGB §1",
             tuple(c.id for c in CRIMES if c.id != "apartheid"), verify=False),
    National("pl-118a", "PL", "CC art. 118a", "CC art. 113",
             ("murder", "torture", "deportation", "imprisonment", "persecution"), verify=True),
)
VENUES = (
    Venue("icc", Labels("International Criminal Court", "Міжнародны крымінальны суд",
                        "Международный уголовный суд"), ("en", "fr"), (), "icc-territorial",
          None),
    Venue("lt", Labels("Lithuania", "Літва", "Литва"), ("lt", "en"), (), "lt-universal",
          "lt-100"),
    Venue("de", Labels("Germany", "Германія", "Германия"), ("de",), (), "de-universal",
          "de-vstgb-7"),
    Venue("pl", Labels("Poland", "Польшча", "Польша"), ("pl",), (), "pl-universal", "pl-118a"),
    Venue("peoples-tribunal", Labels("People's Tribunal", "Народны трыбунал",
                                     "Народный трибунал"), ("en", "be", "ru"), (), "none", None),
)
FRAMEWORK = Framework("rome-statute-art7-standin", 1, CRIMES, (), NATIONAL, VENUES)


def current() -> Framework:
    return FRAMEWORK
