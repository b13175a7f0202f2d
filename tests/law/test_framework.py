"""The legal framework file, against the ICC Elements of Crimes and against itself."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from sprava.cli import main
from sprava.law.errors import FrameworkError, UnknownElement
from sprava.law.framework import current, from_document, load

# Elements per crime, the two contextual ones included, counted from the Elements of Crimes.
EOC_COUNTS = {
    "7(1)(a)": ("murder", 3), "7(1)(b)": ("extermination", 4), "7(1)(c)": ("enslavement", 3),
    "7(1)(d)": ("deportation", 5), "7(1)(e)": ("imprisonment", 5), "7(1)(f)": ("torture", 5),
    "7(1)(g)-1": ("rape", 4), "7(1)(g)-2": ("sexual-slavery", 4),
    "7(1)(g)-3": ("enforced-prostitution", 4), "7(1)(g)-4": ("forced-pregnancy", 3),
    "7(1)(g)-5": ("enforced-sterilization", 4), "7(1)(g)-6": ("sexual-violence", 5),
    "7(1)(h)": ("persecution", 6), "7(1)(i)": ("enforced-disappearance", 8),
    "7(1)(j)": ("apartheid", 7), "7(1)(k)": ("other-inhumane-acts", 5),
}


def shipped() -> dict[str, Any]:
    return json.loads(resources.files("sprava.law").joinpath("data/framework.json")
                      .read_text("utf-8"))


def test_every_art_7_act_is_a_crime_with_its_eoc_element_count() -> None:
    framework = current()
    assert {c.article: (c.id, len(c.elements)) for c in framework.crimes} == EOC_COUNTS


def test_the_contextual_elements_close_every_crime_numbered_after_its_own() -> None:
    for crime in current().crimes:
        last = crime.elements[-2:]
        assert [e.id for e in last] == ["ctx-1", "ctx-2"]
        assert [e.type for e in last] == ["circumstance", "mental"]
        assert all(e.contextual for e in last)
        assert not any(e.contextual for e in crime.elements[:-2])
        assert [e.number for e in crime.elements] == list(range(1, len(crime.elements) + 1))
    torture = current().crime("torture")
    assert [(e.number, e.id) for e in torture.elements][-2:] == [(4, "ctx-1"), (5, "ctx-2")]


def test_superior_responsibility_has_its_elements() -> None:
    framework = current()
    assert len(framework.mode("commander").elements) == 4
    assert framework.mode("commander").article == "28(a)"
    assert len(framework.mode("superior").elements) == 5
    assert framework.mode("superior").article == "28(b)"
    articles = {m.article for m in framework.modes}
    assert {"25(3)(a)", "25(3)(b)", "25(3)(c)", "25(3)(d)", "25(3)(f)"} <= articles
    forms = {m.form for m in framework.modes if m.article == "25(3)(a)"}
    assert forms == {"alone", "jointly", "through another person"}


def test_modes_are_the_liability_modes_an_involvement_records() -> None:
    from sprava.records.models import LiabilityMode

    assert {m.id for m in current().modes} == set(LiabilityMode.values)


def test_element_types_are_the_four_of_the_eoc() -> None:
    types = {e.type for owner in current().owners() for e in owner.elements}
    assert types == {"conduct", "consequence", "circumstance", "mental"}


def test_enforced_disappearance_names_its_alternatives() -> None:
    crime = current().crime("enforced-disappearance")
    assert crime.element("enforced-disappearance-1b").number == 1
    assert crime.element("enforced-disappearance-2a").number == 2
    assert current().element("enforced-disappearance-1a").id == "enforced-disappearance-1"


def test_national_provisions_map_to_crimes_and_carry_the_verify_marks_of_legal_md() -> None:
    framework = current()
    by_country = {n.country: n for n in framework.national}
    assert set(by_country) == {"LT", "DE", "PL"}
    assert "art. 100" in by_country["LT"].provision
    assert "art. 7" in by_country["LT"].jurisdiction_provision
    assert "§7" in by_country["DE"].provision and "§1" in by_country["DE"].jurisdiction_provision
    assert "§4" in by_country["DE"].provision
    assert "118a" in by_country["PL"].provision and "113" in by_country["PL"].jurisdiction_provision
    assert by_country["PL"].verify and by_country["DE"].verify
    assert "153f" in by_country["DE"].note
    for national in framework.national:
        assert national.covers and all(framework.crime(c) for c in national.covers)


def test_venues_name_the_sections_and_the_jurisdiction_each_needs() -> None:
    framework = current()
    assert [v.id for v in framework.venues] == ["icc", "lt", "de", "pl", "peoples-tribunal"]
    icc = framework.venue("icc")
    assert icc.jurisdiction == "icc-territorial" and icc.languages == ("en",)
    assert {"jurisdiction", "contextual-elements", "admissibility"} <= {s.id for s in icc.sections}
    assert framework.venue("peoples-tribunal").jurisdiction == "none"
    assert framework.venue("peoples-tribunal").public
    assert framework.venue("lt").national == "lt-100"


def test_standards_of_proof_rise_from_reasonable_grounds() -> None:
    assert [(s.id, s.articles) for s in current().standards] == [
        ("reasonable-grounds", ("15", "58")), ("substantial-grounds", ("61(7)",)),
        ("beyond-reasonable-doubt", ("66(3)",))]


@pytest.mark.parametrize("language", ["en", "be", "ru"])
def test_every_label_is_in_the_three_languages(language: str) -> None:
    framework = current()
    with translation.override(language):
        labels = [c.name.text() for c in framework.crimes]
        labels += [e.label.text() for o in framework.owners() for e in o.elements]
    assert all(labels)
    if language != "en":
        assert all(any("\u0400" <= ch <= "\u04ff" for ch in label) for label in labels)


def test_every_act_type_names_crimes_the_framework_defines() -> None:
    data = json.loads(resources.files("sprava.records").joinpath("data/act_types.json")
                      .read_text("utf-8"))
    framework = current()
    for act_type in data["act_types"]:
        for article in act_type["legal_refs"]:
            framework.crime_at(article)  # raises for an article it does not know


def test_the_vocabulary_maps_the_acts_the_issue_names_to_their_crimes() -> None:
    data = {a["code"]: a["legal_refs"] for a in json.loads(
        resources.files("sprava.records").joinpath("data/act_types.json").read_text("utf-8")
    )["act_types"]}
    crimes = {code: {current().crime_at(r).id for r in refs} for code, refs in data.items()}
    assert {"torture", "other-inhumane-acts"} <= crimes["beating"]
    assert {"imprisonment", "persecution"} <= crimes["arbitrary-arrest"]
    assert "enforced-disappearance" in crimes["refusal-to-disclose-whereabouts"]
    assert "deportation" in crimes["forced-exile"]


def test_unknown_identifiers_raise_rather_than_guess() -> None:
    with pytest.raises(UnknownElement):
        current().crime("genocide")
    with pytest.raises(UnknownElement):
        current().crime("torture").element("murder-1")
    with pytest.raises(UnknownElement):
        current().crime_at("7(1)(z)")
    assert current().crimes_at(["7(1)(f)", "7(1)(zz)"]) == (current().crime("torture"),)


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        target: Any = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


def _duplicate_element(doc: dict[str, Any]) -> None:
    doc["crimes"][1]["elements"][0]["id"] = doc["crimes"][0]["elements"][0]["id"]


def _duplicate_crime(doc: dict[str, Any]) -> None:
    doc["crimes"].append(copy.deepcopy(doc["crimes"][0]))


BROKEN: dict[str, Callable[[dict[str, Any]], None]] = {
    "no version": lambda doc: doc["framework"].pop("version"),
    "a version that is not YYYY.N": _set(["framework", "version"], "latest"),
    "an unknown element type": _set(["crimes", 0, "elements", 0, "type"], "motive"),
    "a missing Belarusian label": lambda doc: doc["crimes"][0]["name"].pop("be"),
    "an empty Russian label": _set(["crimes", 0, "name", "ru"], ""),
    "an article outside art. 7(1)": _set(["crimes", 0, "article"], "8(2)(a)"),
    "an undefined contextual element": _set(["crimes", 0, "contextual"], ["ctx-1", "ctx-9"]),
    "an element defined twice": _duplicate_element,
    "a crime defined twice": _duplicate_crime,
    "a national provision covering an unknown crime": _set(["national", 0, "covers"], ["genocide"]),
    "a venue naming an unknown provision": _set(["venues", 1, "national"], "fr-212-1"),
    "an unknown jurisdiction rule": _set(["venues", 0, "jurisdiction"], "anywhere"),
    "an unexpected field": _set(["crimes", 0, "penalty"], "life"),
    "an identifier with a path in it": _set(["crimes", 0, "id"], "../murder"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_framework_file_is_refused_with_a_reason(name: str) -> None:
    doc = shipped()
    BROKEN[name](doc)
    with pytest.raises(FrameworkError) as refused:
        from_document(doc)
    assert str(refused.value)


def test_a_file_that_is_not_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "framework.json"
    path.write_bytes(b"\xff\xfe{not json")
    with pytest.raises(FrameworkError, match="cannot read"):
        load(path)
    path.write_text("[]")
    with pytest.raises(FrameworkError, match="one JSON object"):
        load(path)


def test_a_revised_file_loads_with_its_own_version(tmp_path: Path) -> None:
    doc = shipped()
    doc["framework"]["version"] = "2027.1"
    path = tmp_path / "framework.json"
    path.write_text(json.dumps(doc))
    assert load(path).version == "2027.1"
    assert current().version == shipped()["framework"]["version"]


def test_law_show_json_is_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["law", "show", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == {"framework", "crimes", "modes", "national", "venues", "standards"}
    assert doc["framework"] == {"id": current().id, "version": current().version,
                                "title": current().title.en}
    torture = next(c for c in doc["crimes"] if c["article"] == "7(1)(f)")
    assert torture["name"] == "Torture"
    assert {k for e in torture["elements"] for k in e} >= {"id", "number", "type",
                                                          "contextual", "text"}
    assert [e["contextual"] for e in torture["elements"]] == [False] * 3 + [True] * 2
    articles = [c["article"] for c in doc["crimes"]]
    assert [a for a in articles if a.startswith("7(1)(g)")] == [f"7(1)(g)-{n}" for n in range(1, 7)]
    superior = next(m for m in doc["modes"] if m["article"] == "28(b)")
    assert len(superior["elements"]) == 5


def test_law_show_prints_every_crime_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["law", "show"]) == 0
    out = capsys.readouterr().out
    for article in EOC_COUNTS:
        assert f"art. {article} " in out
    assert "[ctx-1]" in out and "28(b)" in out


@pytest.mark.django_db
def test_the_api_answers_the_same_document(client: Client, django_user_model: Any) -> None:
    from sprava.accounts.tokens import create_token

    user = django_user_model.objects.create_user("reader", password="x" * 20)
    token = create_token(user, "test", actor=user)
    answer = client.get("/api/v1/law/framework", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 200
    assert answer.json() == json.loads(json.dumps(current().as_json()))


@pytest.mark.django_db
def test_the_api_framework_needs_a_token(client: Client) -> None:
    assert client.get("/api/v1/law/framework").status_code == 401
