"""The jurisdiction facts file: what ../shared/LEGAL.md says, checked against its schema and
its own rules on load; every broken sample of assets/broken_jurisdiction.json refused."""

from __future__ import annotations

import copy
import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from sprava.law import jurisdiction_data
from sprava.law.errors import JurisdictionDataError, LawError
from sprava.law.framework import current
from sprava.law.jurisdiction_data import DATA_FILE, Declaration, Referral, parse

ASSETS = Path(__file__).with_name("assets")
DOCUMENT: dict[str, Any] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
SAMPLES = json.loads((ASSETS / "broken_jurisdiction.json").read_text(encoding="utf-8"))["samples"]
D = datetime.date


def test_the_shipped_file_holds_the_facts_of_legal_md() -> None:
    data = jurisdiction_data.current()
    assert data.version >= 1
    in_force = {p.country: p.in_force for p in data.states_parties}
    assert in_force == {"LT": D(2003, 8, 1), "LV": D(2002, 9, 1), "PL": D(2002, 7, 1),
                        "DE": D(2002, 7, 1), "GE": D(2003, 12, 1), "MD": D(2011, 1, 1),
                        "UA": D(2025, 1, 1)}
    assert all(p.verify for p in data.states_parties)  # LEGAL.md: [verify each date]
    assert {n.country for n in data.non_parties} == {"BY", "RU"}
    assert [(d.start, d.end) for d in data.declarations] == [
        (D(2013, 11, 21), D(2014, 2, 22)), (D(2014, 2, 20), None)]
    [referral] = data.referrals
    assert (referral.by, referral.date, referral.articles, referral.start) == (
        "LT", D(2024, 9, 30), ("13(a)", "14"), D(2020, 5, 1))
    assert referral.crimes == ("deportation", "persecution", "other-inhumane-acts")
    assert data.ruling().id == "ICC-RoC46(3)-01/18-37"
    assert data.ruling().date == D(2018, 9, 6)


def test_it_names_only_crimes_and_rules_the_framework_has() -> None:
    framework = current()
    data = jurisdiction_data.current()
    for crime in data.referrals[0].crimes:
        framework.crime(crime)  # raises for an unknown one
    universal = {v.jurisdiction for v in framework.venues if v.jurisdiction.endswith("-universal")}
    assert universal == {u.rule for u in data.universal}
    for basis in data.universal:
        venue = next(v for v in framework.venues if v.jurisdiction == basis.rule)
        assert venue.national is not None
        assert framework.national_provision(venue.national).country == basis.country
    germany, poland = data.universal_basis("de-universal"), data.universal_basis("pl-universal")
    assert germany is not None and germany.discretion == "StPO §153f" and germany.verify
    assert poland is not None and poland.verify
    lithuania = data.universal_basis("lt-universal")
    assert lithuania is not None and lithuania.in_absentia


def test_the_thresholds_are_every_day_the_rules_compare_with() -> None:
    thresholds = jurisdiction_data.current().thresholds()
    assert list(thresholds) == sorted(set(thresholds))
    assert {D(2003, 8, 1), D(2014, 2, 23), D(2014, 2, 20), D(2020, 5, 1),
            D(2025, 1, 1)} <= set(thresholds)


def _apply(sample: dict[str, Any]) -> dict[str, Any]:
    document = copy.deepcopy(DOCUMENT)
    if "set" in sample:
        path, value = sample["set"]
        *parents, last = path
        target: Any = document
        for step in parents:
            target = target[step]
        target[last] = value
    if "append" in sample:
        key, entry = sample["append"]
        document[key].append(entry)
    return document


@pytest.mark.parametrize("sample", SAMPLES, ids=[s["name"] for s in SAMPLES])
def test_a_broken_file_is_refused_saying_where(sample: dict[str, Any]) -> None:
    with pytest.raises(JurisdictionDataError, match=sample["error"].replace("(", r"\(")
                       .replace(")", r"\)")):
        parse(_apply(sample))


def test_the_errors_are_the_legal_layers(tmp_path: Path) -> None:
    assert issubclass(JurisdictionDataError, LawError)
    broken = tmp_path / "jurisdiction.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(JurisdictionDataError, match="cannot read"):
        jurisdiction_data.load(broken)


def test_values_refuse_what_they_cannot_be() -> None:
    with pytest.raises(JurisdictionDataError):
        Declaration(country="UA", lodged=D(2014, 4, 17), start=D(2014, 2, 22),
                    end=D(2013, 11, 21), verify=True)
    with pytest.raises(JurisdictionDataError):
        Declaration(country="Ukraine", lodged=D(2014, 4, 17), start=D(2013, 11, 21),
                    end=None, verify=True)
    situation = jurisdiction_data.current().referrals[0].situation
    with pytest.raises(JurisdictionDataError):
        Referral(id="x", by="LT", date=D(2024, 9, 30), articles=(), situation=situation,
                 crimes=("deportation",), start=D(2020, 5, 1), verify=False)
