"""Recording acts, through the page and through the API alike (`sprava.records.acts`).

The same request through either front end makes the same rows and the same ledger entries;
each rule below holds for both; and neither lets a member of another case in, nor tells them
what exists there.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

import pytest

from sprava.ledger.models import Entry
from sprava.records import acts, services
from sprava.records.models import Act, Involvement, Person, PersonRole
from sprava.records.services import RecordError
from tests.accounts.conftest import Personas
from tests.parity.acts.conftest import Front, Row, ref
from tests.web_records.conftest import World, person

# --- what a change left behind, without ids and times ---------------------------------------

MODELS = (Act, Involvement, PersonRole, Person)


def _record_entries() -> int:
    """Record entries in the ledger (a token's first use writes one of its own)."""
    return Entry.objects.filter(action__startswith="records:").count()


def _baseline() -> dict[str, Any]:
    tops = {model: max(model.objects.values_list("pk", flat=True), default=0)
            for model in MODELS}
    return {"seq": max(Entry.objects.values_list("seq", flat=True), default=0), "tops": tops}


def _made(base: dict[str, Any], cast: dict[str, Person]) -> dict[str, Any]:
    """The rows and record entries made since `base`: each new row named by its order, each
    person of the request's `cast` by their part in it."""
    tops = base["tops"]
    part = {p.pk: name for name, p in cast.items()}
    new_acts = list(Act.objects.filter(pk__gt=tops[Act]).order_by("pk"))
    order = {act.pk: n for n, act in enumerate(new_acts)}
    names: dict[str, dict[int, int]] = {}

    def subject(text: str) -> str:
        label, _, pk = text.rpartition(":")
        model = next((m for m in MODELS if label.endswith(m._meta.model_name or "?")), None)
        if model is None or not pk.isdigit() or int(pk) <= tops[model]:
            return text
        seen = names.setdefault(label, {})
        return f"{label}:new{seen.setdefault(int(pk), len(seen))}"

    entries = [(e.action, subject(e.subject), e.case, json.loads(bytes(e.body)).get("reason"))
               for e in Entry.objects.filter(seq__gt=base["seq"], action__startswith="records:")
               .order_by("seq")]
    return {
        "acts": [{"incident": a.incident_id, "act_type": a.act_type_id,
                  "victim": part.get(a.victim_id or 0), "start": a.start_date,
                  "end": a.end_date, "precision": a.date_precision, "place": a.place_id,
                  "description": a.description} for a in new_acts],
        "roles": sorted((part[r.person_id], r.case_id, r.role) for r in
                        PersonRole.objects.filter(pk__gt=tops[PersonRole])),
        "involvements": sorted((order[i.act_id], part[i.perpetrator_id], i.organisation_id,
                                i.mode, i.basis) for i in
                               Involvement.objects.filter(pk__gt=tops[Involvement])),
        "entries": entries,
    }


def _cast(world: World, run: str) -> dict[str, Person]:
    """The people of one request: a victim, a witness who becomes a victim, a perpetrator and
    a witness who becomes one (the last two get their role in the case)."""
    return {"victim": person(f"Victim {run}", world.case, "victim"),
            "newcomer": person(f"Newcomer {run}", world.case, "witness"),
            "perpetrator": person(f"Perpetrator {run}", world.case, "perpetrator"),
            "helper": person(f"Helper {run}", world.case, "witness")}


def _through(front: Front, world: World, cast: dict[str, Person]) -> dict[str, Any]:
    front.prepare("investigator")  # its token is made before, not by, the request
    base = _baseline()
    answer = front.new_acts(
        "investigator", world.incident, world.detention, [cast["victim"], cast["newcomer"]],
        [Row(cast["perpetrator"], "ordering", world.unit), Row(cast["helper"], "aiding")],
        description="Held in the yard overnight.", reason="from the interviews")
    assert answer.status == 201, answer.text
    return _made(base, cast)


def test_the_page_and_the_api_make_the_same_acts_and_the_same_ledger_entries(
    world: World, personas: Personas
) -> None:
    page = _through(Front("page", personas), world, _cast(world, "one"))
    api = _through(Front("api", personas), world, _cast(world, "two"))
    assert page == api
    assert [a["victim"] for a in page["acts"]] == ["victim", "newcomer"]
    assert page["roles"] == [("helper", world.case.pk, "perpetrator"),
                             ("newcomer", world.case.pk, "victim")]
    assert len(page["involvements"]) == 4
    assert ("records:involvement:created", "records.involvement:new3", "akrestsina-2020",
            "from the interviews") in page["entries"]


# --- the rules, for both front ends ---------------------------------------------------------


def test_an_act_takes_the_incidents_dates_and_place_when_none_are_given(
    world: World, front: Front
) -> None:
    assert front.new_acts("investigator", world.incident, world.detention,
                          [world.victim]).status == 201
    act = Act.objects.order_by("-pk").first()
    assert act is not None
    assert (act.start_date, act.end_date, act.date_precision, act.place) == (
        world.incident.start_date, world.incident.end_date, world.incident.date_precision,
        world.akrestsina)


def test_dates_and_a_place_given_are_kept(world: World, front: Front) -> None:
    assert front.new_acts("investigator", world.incident, world.detention, [world.victim],
                          start_date="2020-08-12", place="minsk").status == 201
    act = Act.objects.order_by("-pk").first()
    assert act is not None
    assert (act.start_date, act.place) == (datetime.date(2020, 8, 12), world.minsk)


def test_a_victim_gets_the_victim_role_in_the_case(world: World, front: Front) -> None:
    witness = person("Pavel Novy", world.case, "witness")
    assert front.new_acts("investigator", world.incident, world.detention,
                          [witness]).status == 201
    assert set(PersonRole.objects.filter(person=witness).values_list("role", flat=True)) == {
        "witness", "victim"}


def test_several_victims_get_one_act_each(world: World, front: Front) -> None:
    others = [person(f"Detainee {n}", world.case, "witness") for n in range(3)]
    before = Act.objects.count()
    assert front.new_acts("investigator", world.incident, world.detention, others,
                          [Row(world.perpetrator, "commission")]).status == 201
    made = Act.objects.filter(pk__gt=world.other_act.pk).order_by("pk")
    assert Act.objects.count() == before + 3
    assert [a.victim_id for a in made] == [p.pk for p in others]
    assert all(a.involvements.get().perpetrator == world.perpetrator for a in made)


def test_the_same_perpetrator_twice_with_the_same_mode_is_refused_and_nothing_is_written(
    world: World, front: Front
) -> None:
    before = (Act.objects.count(), Involvement.objects.count(), _record_entries())
    answer = front.new_acts("investigator", world.incident, world.detention, [world.victim],
                            [Row(world.perpetrator, "ordering"),
                             Row(world.perpetrator, "ordering")])
    assert answer.status == 400
    assert f"{ref(world.perpetrator)} is named twice with the same mode" in answer.text
    assert (Act.objects.count(), Involvement.objects.count(), _record_entries()) == before


def test_the_same_perpetrator_with_two_modes_is_two_involvements(
    world: World, front: Front
) -> None:
    assert front.new_acts("investigator", world.incident, world.detention, [world.victim],
                          [Row(world.perpetrator, "ordering"),
                           Row(world.perpetrator, "aiding")]).status == 201
    act = Act.objects.order_by("-pk").first()
    assert act is not None
    assert sorted(act.involvements.values_list("mode", flat=True)) == ["aiding", "ordering"]


def test_an_unknown_victim_changes_nothing(world: World, front: Front) -> None:
    before = (Act.objects.count(), PersonRole.objects.count(), _record_entries())
    answer = front.new_acts("investigator", world.incident, world.detention,
                            [world.victim, 999_999])
    assert answer.status == 400
    assert (Act.objects.count(), PersonRole.objects.count(), _record_entries()) == before


# --- attacks --------------------------------------------------------------------------------


def test_a_member_of_another_case_cannot_add_an_act_to_this_cases_incident(
    world: World, front: Front
) -> None:
    before = (Act.objects.count(), _record_entries())
    answer = front.new_acts("other_lead", world.incident, world.beating, [world.other_person])
    # Not found, or refused: never recorded, and the incident's title is not shown.
    assert answer.status in (400, 403, 404)
    assert world.incident.title not in answer.text
    assert (Act.objects.count(), _record_entries()) == before


def test_a_viewer_cannot_add_an_act(world: World, front: Front) -> None:
    before = Act.objects.count()
    assert front.new_acts("viewer", world.incident, world.beating,
                          [world.victim]).status == 403
    assert Act.objects.count() == before


def _errors_without(text: str, reference: str, number: int) -> list[str]:
    """What the answer says is wrong (the page's error messages, the API's detail), with the
    reference asked about taken out."""
    said = re.findall(r'<p class="field-error"[^>]*>(.*?)</p>', text) or [text]
    return [s.replace(reference, "REF").replace(str(number), "REF") for s in said]


def test_a_victim_only_another_case_sees_is_answered_like_one_that_does_not_exist(
    world: World, front: Front
) -> None:
    answers = []
    for number in (world.other_person.pk, 999_999):
        answer = front.new_acts("investigator", world.incident, world.beating, [number])
        assert answer.status == 400
        answers.append(_errors_without(answer.text, ref(number), number))
    assert answers[0] == answers[1]
    assert not PersonRole.objects.filter(person=world.other_person, case=world.case).exists()


# --- the page alone: fifty detainees in one post --------------------------------------------


def _detainees(world: World, count: int) -> list[Person]:
    return [person(f"Detainee {n}", world.case, "witness") for n in range(count)]


def test_fifty_victims_in_one_form_post_make_fifty_acts(
    world: World, personas: Personas
) -> None:
    detainees = _detainees(world, 50)
    before = Act.objects.count()
    answer = Front("page", personas).new_acts("investigator", world.incident, world.detention,
                                              detainees, [Row(world.perpetrator, "ordering")])
    assert answer.status == 201
    assert Act.objects.count() == before + 50
    assert PersonRole.objects.filter(person__in=detainees, role="victim").count() == 50
    assert Involvement.objects.filter(act__victim__in=detainees).count() == 50


def test_fifty_victims_are_one_transaction_a_refusal_at_the_last_writes_nothing(
    world: World, personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    detainees = _detainees(world, 50)
    save = services.save_record

    def refuse_the_last(obj: Any, **kwargs: Any) -> Any:
        if isinstance(obj, Act) and obj.victim_id == detainees[-1].pk:
            raise RecordError("refused for the test")
        return save(obj, **kwargs)

    monkeypatch.setattr(services, "save_record", refuse_the_last)
    before = (Act.objects.count(), PersonRole.objects.count(), _record_entries())
    answer = Front("page", personas).new_acts("investigator", world.incident, world.detention,
                                              detainees)
    assert answer.status == 400 and "refused for the test" in answer.text
    assert (Act.objects.count(), PersonRole.objects.count(), _record_entries()) == before


# --- the domain function itself -------------------------------------------------------------


def test_the_domain_function_refuses_a_perpetrator_twice_before_writing(
    world: World, personas: Personas
) -> None:
    before = _record_entries()
    twice = [acts.Perpetrator(world.perpetrator, "commission")] * 2
    with pytest.raises(RecordError, match="named twice"):
        acts.create_acts(acts.NewActs(incident=world.incident, act_type=world.beating,
                                      victims=[world.victim], perpetrators=twice),
                         user=personas.investigator, actor="test")
    assert _record_entries() == before
