"""The venue rules on the facts of one act, with no database: dates against the data's
thresholds, imprecise dates, and the counting by groups the database does (`representative`)."""

from __future__ import annotations

import datetime
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sprava.law import jurisdiction_data
from sprava.law.framework import current
from sprava.law.jurisdiction import _ceil, _floor, _Key
from sprava.law.venue_rules import (
    ActFacts,
    Context,
    Cover,
    Finding,
    Label,
    Overlap,
    Reason,
    Status,
    Window,
    decide,
    representative,
)

D = datetime.date
DATA = jurisdiction_data.current()
VILNIUS = Label("Vilnius", "Вільнюс", "Вильнюс")


def icc(facts: ActFacts) -> Finding:
    return decide(facts, Context(current().venue("icc"), current(), DATA))


def deportation(window: Window | None, country: str = "LT",
                place: Label | None = VILNIUS) -> ActFacts:
    return ActFacts(crimes=("deportation",), place=place, country=country, window=window)


def on(day: str, precision: str = "day", end: str | None = None) -> Window | None:
    return Window.of(D.fromisoformat(day), D.fromisoformat(end) if end else None, precision)


# --- windows ---------------------------------------------------------------------------------


def test_a_window_is_as_wide_as_the_date_is_known() -> None:
    assert on("2021-06-05") == Window(D(2021, 6, 5), D(2021, 6, 5), True)
    assert on("2021-02-01", "month") == Window(D(2021, 2, 1), D(2021, 2, 28), False)
    assert on("2020-12-01", "month") == Window(D(2020, 12, 1), D(2020, 12, 31), False)
    assert on("2021-06-05", "year") == Window(D(2021, 1, 1), D(2021, 12, 31), False)
    assert on("2021-06-05", "approximate", "2022-03-01") == Window(D(2021, 1, 1),
                                                                   D(2022, 12, 31), False)
    assert on("2021-06-05", "unknown") is None
    assert Window.of(None, D(2021, 1, 1), "day") is None
    # An end before the start (the date rule refuses one) counts as the start.
    assert on("2021-06-05", end="2021-06-01") == Window(D(2021, 6, 5), D(2021, 6, 5), True)


def test_a_window_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError):
        Window(D(2021, 1, 2), D(2021, 1, 1), True)


def test_against_a_period() -> None:
    window = Window(D(2003, 7, 1), D(2003, 9, 1), True)
    assert window.against(D(2003, 8, 1)) is Overlap.PART
    assert window.against(D(2003, 1, 1)) is Overlap.ALL
    assert window.against(D(2004, 1, 1)) is Overlap.NONE
    assert window.against(D(2003, 1, 1), D(2003, 6, 30)) is Overlap.NONE
    assert window.against(D(2003, 1, 1), D(2003, 12, 31)) is Overlap.ALL


# --- the ICC, fact by fact ---------------------------------------------------------------------


def test_the_day_the_statute_entered_into_force_is_within_it() -> None:
    assert icc(deportation(on("2003-08-01"))).status is Status.LINK
    assert icc(deportation(on("2003-07-31"))).status is Status.NO_LINK


def test_a_precise_span_across_entry_into_force_is_linked_for_the_later_part() -> None:
    found = icc(deportation(on("2003-07-01", end="2003-09-01")))
    assert found.status is Status.LINK
    assert "icc-partly-before" in [r.code for r in found.reasons]


@pytest.mark.parametrize(("window", "status"), [
    (on("2003-08-01", "month"), Status.LINK),  # August 2003: every day of it is in force
    (on("2003-07-01", "month"), Status.NO_LINK),
    (on("2003-01-01", "year"), Status.UNKNOWN),
    (on("2004-01-01", "year"), Status.LINK),
    (on("2002-05-05", "approximate"), Status.NO_LINK),
])
def test_an_imprecise_date_is_decided_only_when_its_whole_window_is(
        window: Window, status: Status) -> None:
    assert icc(deportation(window)).status is status


def test_the_referral_covers_from_the_first_of_may_2020() -> None:
    assert icc(deportation(on("2020-05-01"))).referral is Cover.COVERED
    assert icc(deportation(on("2020-04-30"))).referral is Cover.NOT_COVERED
    assert icc(deportation(on("2020-04-01", end="2020-06-01"))).referral is Cover.PARTLY
    assert icc(deportation(on("2020-01-01", "year"))).referral is Cover.UNKNOWN
    imprisonment = ActFacts(("imprisonment",), VILNIUS, "LT", on("2021-01-01"))
    assert icc(imprisonment).referral is Cover.NOT_COVERED


def test_ukraine_before_and_under_its_declarations_and_as_a_party() -> None:
    kyiv = Label("Kyiv")
    codes = {day: [r.code for r in icc(deportation(on(day), "UA", kyiv)).reasons]
             for day in ("2013-11-20", "2014-01-10", "2019-01-01", "2025-02-01")}
    assert codes["2013-11-20"] == ["icc-before"]
    assert codes["2014-01-10"][0] == "icc-declaration"
    assert codes["2019-01-01"][0] == "icc-declaration"
    assert codes["2025-02-01"][0] == "icc-state-party"


def test_russia_is_no_party_and_a_country_the_data_do_not_know_is_unknown() -> None:
    moscow = icc(deportation(on("2021-01-01"), "RU", Label("Moscow")))
    assert moscow.status is Status.NO_LINK
    assert "Russia" in moscow.reasons[0].text()
    paris = icc(deportation(on("2021-01-01"), "FR", Label("Paris")))
    assert paris.status is Status.UNKNOWN
    assert [r.code for r in paris.reasons] == ["country-not-listed"]


def test_missing_facts_are_unknown() -> None:
    assert icc(deportation(on("2021-01-01"), "")).reasons[0].code == "no-country"
    assert icc(deportation(on("2021-01-01"), place=None)).reasons[0].code == "no-place"
    assert icc(deportation(None)).reasons[0].code == "no-date"
    assert icc(ActFacts((), VILNIUS, "LT", on("2021-01-01"))).reasons[0].code == "no-crime"


def test_reasons_are_translated_with_their_facts() -> None:
    from django.utils import translation

    reason = icc(deportation(on("2021-01-01"))).reasons[0]
    for language, words in (("be", ("Вільнюс", "Літва", "Рымскага статута")),
                            ("ru", ("Вильнюс", "Литва", "Римского статута"))):
        with translation.override(language):
            text = reason.text()
        assert all(word in text for word in words), text
        assert "2003-08-01" in text
        assert text != reason.template


# --- values refuse what they cannot be ----------------------------------------------------------


def test_a_finding_is_consistent() -> None:
    why = (Reason("x", "because"),)
    with pytest.raises(ValueError):
        Finding(Status.LINK, ())
    with pytest.raises(ValueError):
        Finding(Status.NO_LINK, why, crimes=("torture",))
    with pytest.raises(ValueError):
        Finding(Status.NOT_NEEDED, why, referral=Cover.COVERED)
    with pytest.raises(ValueError):
        Reason("", "because")


def test_every_venue_of_the_framework_has_a_rule() -> None:
    facts = ActFacts(("torture",), VILNIUS, "LT", on("2021-01-01"))
    for venue in current().venues:
        assert isinstance(decide(facts, Context(venue, current(), DATA)), Finding)


# --- counting by groups ------------------------------------------------------------------------

THRESHOLDS = DATA.thresholds()
days = st.dates(min_value=D(2000, 1, 1), max_value=D(2026, 12, 31))


def _rank(day: D, precision: str, latest: bool) -> int:
    """What `jurisdiction._count_on_or_after` computes in SQL, in Python."""
    if precision == "day":
        bounds = THRESHOLDS
    else:
        unit = "month" if precision == "month" else "year"
        bounds = tuple((_floor if latest else _ceil)(t, unit) for t in THRESHOLDS)
    return sum(day >= bound for bound in bounds)


@given(start=days, length=st.integers(0, 800),
       precision=st.sampled_from(["day", "month", "year", "approximate"]),
       country=st.sampled_from(["LT", "UA", "PL", "BY"]))
def test_a_group_decides_as_each_of_its_acts(start: D, length: int, precision: str,
                                             country: str) -> None:
    end = start + datetime.timedelta(days=length)
    window = Window.of(start, end, precision)
    assert window is not None
    # The ranks the database computes from the stored dates are the window's own.
    earliest, latest = _rank(start, precision, False), _rank(end, precision, True)
    assert earliest == sum(window.earliest >= t for t in THRESHOLDS)
    assert latest == sum(window.latest >= t for t in THRESHOLDS)
    group = representative(THRESHOLDS, earliest, latest, precision == "day")
    assert icc(deportation(window, country)) == icc(deportation(group, country))


def test_a_key_packs_into_one_number_and_back() -> None:
    for act_type, place, dated, precise, first, last in itertools.product(
            (1, 40, 10**6), (None, 7), (False, True), (False, True), (0, 9), (0, 63)):
        key = _Key(act_type, place, dated, precise, first, last)
        assert _Key.unpack(place, key.code) == key
