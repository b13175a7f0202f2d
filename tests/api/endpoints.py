"""Every record type of the API with a record of the world and valid bodies to write with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.api.conftest import World

Body = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Kind:
    path: str
    record: Callable[[World], int]
    create: Body | None = None
    change: dict[str, Any] | None = None
    scope: str = "case"  # case | person | reference | cases


def _ref(world: World) -> str:
    return world.personas.case.reference


KINDS: dict[str, Kind] = {
    "cases": Kind("/cases", lambda w: w.personas.case.pk,
                  lambda w: {"reference": "new-case", "title": "A new case"},
                  {"title": "Renamed"}, scope="cases"),
    "incidents": Kind("/incidents", lambda w: w.incident.pk,
                      lambda w: {"case": _ref(w), "title": "Night search",
                                 "start_date": "2020-08-11"}, {"title": "Changed"}),
    "acts": Kind("/acts", lambda w: w.act.pk,
                 lambda w: {"incident": w.incident.pk, "act_type": "beating",
                            "victim": w.victim.pk}, {"description": "Changed"}),
    "involvements": Kind("/involvements", lambda w: w.involvement.pk,
                         lambda w: {"act": w.act.pk, "perpetrator": w.perpetrator.pk,
                                    "mode": "ordering"}, {"basis": "He gave the order"}),
    "persons": Kind("/persons", lambda w: w.victim.pk,
                    lambda w: {"case": _ref(w), "role": "victim",
                               "names": [{"text": "Nova Asoba", "script": "latin"}]},
                    {"gender": "male"}, scope="person"),
    "positions": Kind("/positions", lambda w: w.position.pk,
                      lambda w: {"person": w.perpetrator.pk, "organisation": w.organisation.pk,
                                 "title": "Deputy"}, {"rank": "Major"}, scope="person"),
    "custody-periods": Kind("/custody-periods", lambda w: w.custody.pk,
                            lambda w: {"person": w.victim.pk, "place": w.place.code,
                                       "acknowledged": True}, {"place_detail": "Cell 5"},
                            scope="person"),
    "testimonies": Kind("/testimonies", lambda w: w.testimony.pk,
                        lambda w: {"case": _ref(w), "kind": "written",
                                   "given_by": w.witness.pk, "incidents": [w.incident.pk]},
                        {"language": "be"}),
    "consents": Kind("/consents", lambda w: w.consent.pk,
                     lambda w: {"person": w.witness.pk, "case": _ref(w), "use": "peoples",
                                "granted": True, "given_on": "2021-02-01"},
                     {"scope": "Public hearing only"}),
    "organisations": Kind("/organisations", lambda w: w.organisation.pk,
                          lambda w: {"label_en": "New unit", "kind": "police"},
                          {"abbreviation": "NU"}, scope="reference"),
    "act-types": Kind("/act-types", lambda w: w.act_type.pk, scope="reference"),
    "places": Kind("/places", lambda w: w.place.pk, scope="reference"),
}

# Record types that evidence items are linked to: /<path>/{id}/evidence[/{item_id}].
LINKABLE = ("incidents", "acts", "persons", "testimonies")

MEMBERS = ("viewer", "analyst", "investigator", "lawyer", "lead")
EDITORS = ("investigator", "lawyer", "lead")
READERS_ONLY = ("viewer", "analyst")
STRANGERS = ("outsider", "administrator", "other_lead")
