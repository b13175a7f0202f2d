"""The rules file, the dates read at their precision, and the charges as documenters type them:
no database."""

from __future__ import annotations

import copy
import datetime
import json
from importlib import resources
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from sprava.law import rules
from sprava.law.errors import RulesError
from sprava.law.spans import Certainty, Span, continues, covers, held_from, longer_than
from sprava.records import charges

D = datetime.date
TODAY = D(2025, 1, 1)


def shipped() -> dict[str, Any]:
    text = resources.files("sprava.law").joinpath("data/rules.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


# --- the rules file --------------------------------------------------------------------------


def test_the_shipped_rules_load_and_name_the_framework_they_are_written_for():
    ruleset = rules.current()
    assert ruleset.id == "sprava-derived-support" and ruleset.version == shipped()[
        "ruleset"]["version"]
    assert ruleset.framework.id == "sprava-rome-statute-art7"
    assert {r.id for r in ruleset.rules} == {"custody-covers-act", "unacknowledged-custody",
                                             "long-detention-political-charge",
                                             "superior-position"}
    targets = {(t.crime or t.mode, t.element) for r in ruleset.rules for t in r.targets}
    assert targets == {("torture", "torture-2"),
                       ("enforced-disappearance", "enforced-disappearance-1b"),
                       ("enforced-disappearance", "enforced-disappearance-2"),
                       ("imprisonment", "imprisonment-1"), ("imprisonment", "imprisonment-2"),
                       ("superior", "superior-1")}


def test_the_political_articles_are_data_marked_to_verify():
    political = rules.current().lists["political-articles"]
    assert political.verify
    assert {"CC 342", "CC 361-1", "CC 130", "CC 369", "CC 368", "CAO 24.23",
            "CAO 19.11"} <= political.articles
    detention = rules.current().rule("long-detention-political-charge")
    assert detention.params.more_than_days == 3 and detention.params.verify


def _refused(document: dict[str, Any], words: str) -> None:
    with pytest.raises(RulesError, match=words):
        rules.from_document(document)


def test_a_rule_naming_an_element_of_another_crime_is_refused():
    document = shipped()
    document["rules"][0]["targets"][0]["element"] = "murder-1"
    _refused(document, "torture has no element 'murder-1'")


def test_a_rule_reading_a_list_not_defined_is_refused():
    document = shipped()
    document["rules"][2]["params"]["charges"] = "no-such-list"
    _refused(document, "undefined list")


def test_a_mode_target_on_an_act_rule_is_refused():
    document = shipped()
    document["rules"][0]["targets"] = [{"mode": "superior", "element": "superior-1"}]
    _refused(document, "targets crimes only")


@pytest.mark.parametrize(("change", "words"), [
    (lambda d: d["ruleset"].update(version="1"), "ruleset/version"),
    (lambda d: d["rules"][0].update(kind="guess"), "rules/0/kind"),
    (lambda d: d["rules"][1]["params"].update(max_gap_days=-1), "max_gap_days"),
    (lambda d: d["lists"][0]["items"].append({"id": "art. 342"}), "lists/0/items"),
    (lambda d: d["rules"][0]["targets"][0].update(mode="superior"), "targets/0"),
    (lambda d: d.update(extra=True), "(top)"),
])
def test_the_schema_refuses_a_malformed_file(change, words):
    document = copy.deepcopy(shipped())
    change(document)
    _refused(document, words.replace("(", r"\(").replace(")", r"\)"))


def test_rules_for_another_framework_are_refused():
    document = shipped()
    document["ruleset"]["framework"] = "another-framework"
    _refused(document, "written for framework")


# --- dates at their precision ----------------------------------------------------------------


def span(start: D | None, end: D | None = None, precision: str = "day", *,
         ongoing: bool = True) -> Span:
    return Span.of(start, end, precision, margin=30, today=TODAY, ongoing=ongoing)


def act(start: D | None, precision: str = "day") -> Span:
    return span(start, None, precision, ongoing=False)


@pytest.mark.parametrize(("outer", "inner", "expected"), [
    (span(D(2020, 8, 9), D(2020, 8, 14)), act(D(2020, 8, 10)), Certainty.CERTAIN),
    (span(D(2020, 8, 9), D(2020, 8, 14)), act(D(2020, 8, 14)), Certainty.CERTAIN),
    (span(D(2020, 8, 9), D(2020, 8, 14)), act(D(2020, 8, 15)), None),
    (span(D(2020, 8, 9), D(2020, 8, 14)), act(D(2020, 8, 8)), None),
    (span(D(2020, 8, 1), D(2020, 8, 1), "month"), act(D(2020, 8, 10)), Certainty.UNCERTAIN),
    (span(D(2020, 7, 1), D(2020, 9, 1), "month"), act(D(2020, 8, 31)), Certainty.CERTAIN),
    (span(D(2020, 1, 1), D(2020, 1, 1), "year"), act(D(2020, 8, 10)), Certainty.UNCERTAIN),
    (span(D(2019, 1, 1), D(2019, 1, 1), "year"), act(D(2020, 8, 10)), None),
    (span(D(2018, 1, 1), D(2022, 1, 1), "year"), act(D(2020, 1, 1), "year"), Certainty.CERTAIN),
    (span(D(2020, 8, 9)), act(D(2024, 8, 10)), Certainty.CERTAIN),  # still held
    (span(D(2020, 8, 9), D(2020, 8, 14)), act(None), Certainty.UNCERTAIN),  # date unknown
    (span(D(2020, 8, 9), D(2020, 8, 14), "unknown"), act(D(2020, 8, 10)), Certainty.UNCERTAIN),
    (span(D(2020, 6, 1), D(2020, 12, 1), "approximate"), act(D(2020, 8, 10)),
     Certainty.CERTAIN),
    (span(D(2020, 8, 1), D(2020, 8, 20), "approximate"), act(D(2020, 8, 10)),
     Certainty.UNCERTAIN),
])
def test_a_span_covers_an_act_certainly_possibly_or_not(outer, inner, expected):
    assert covers(outer, inner) is expected


def test_held_from_an_arrest_allows_the_gap_of_the_rules():
    arrest = act(D(2020, 8, 9))
    assert held_from(arrest, span(D(2020, 8, 10), D(2020, 9, 1)), 1) is Certainty.CERTAIN
    assert held_from(arrest, span(D(2020, 8, 11), D(2020, 9, 1)), 1) is None
    assert held_from(arrest, span(D(2020, 8, 1), D(2020, 8, 8)), 1) is None


def test_a_transfer_continues_custody_a_release_does_not():
    first = span(D(2020, 8, 9), D(2020, 8, 14))
    assert continues(first, span(D(2020, 8, 14), D(2021, 1, 1)), 1) is Certainty.CERTAIN
    assert continues(first, span(D(2020, 8, 15), D(2021, 1, 1)), 1) is Certainty.CERTAIN
    assert continues(first, span(D(2020, 8, 20), D(2021, 1, 1)), 1) is None
    assert continues(first, span(D(2020, 8, 1), D(2020, 8, 1), "month"), 1) is (
        Certainty.UNCERTAIN)


@pytest.mark.parametrize(("held", "expected"), [
    (span(D(2020, 8, 9), D(2020, 8, 13)), Certainty.CERTAIN),
    (span(D(2020, 8, 9), D(2020, 8, 12)), None),  # 72 hours at most
    (span(D(2020, 8, 1), D(2020, 8, 1), "month"), Certainty.UNCERTAIN),
    (span(D(2020, 8, 9)), Certainty.CERTAIN),  # still held in 2025
])
def test_longer_than_three_days(held, expected):
    assert longer_than(held, 3) is expected


# --- charges -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "stored"), [
    ("", None), ("  ", None), ("none", []), ("None", []), ("няма", []), ("нет", []),
    ("CC 342", ["CC 342"]), ("cc 342 (1), cao  24.23", ["CC 342(1)", "CAO 24.23"]),
    ("CC 361-1, CC 361-1", ["CC 361-1"]),
])
def test_charges_as_typed_and_as_stored(typed, stored):
    assert charges.parse(typed) == stored
    if stored is not None:
        charges.validate(stored)
        assert charges.parse(charges.show(stored)) == stored


@pytest.mark.parametrize("value", [["art. 342"], ["CC"], "CC 342", ["CC 342", "CC 342"],
                                   [1], ["CC 342"] * 21])
def test_charges_not_in_the_stored_form_are_refused(value):
    with pytest.raises(ValidationError):
        charges.validate(value)


def test_a_charge_falls_under_its_article_whatever_the_part():
    assert charges.article("CC 342(1)") == "CC 342" and charges.article("CAO 24.23") == (
        "CAO 24.23")


def test_an_end_recorded_before_its_start_reads_as_the_start_alone():
    # The dates rule refuses it on every write; a row from before the rule must not fail a page.
    held = span(D(2020, 8, 14), D(2020, 8, 9))
    assert (held.start, held.end) == (held.start, held.start)
    assert covers(held, act(D(2020, 8, 14))) is Certainty.CERTAIN
