"""What an element is assessed (or concluded) for: an act, a perpetrator in a case, or the case's
context, and whether that element may be assessed for it.

The rule, for assessments and conclusions alike (`check_target`):

- an act: the crime is one of the act type's candidate crimes (`ActType.legal_refs`, read by
  `Framework.crimes_at`) or one the case charges; the element is one of that crime's (or one
  of its alternatives), the contextual ones included;
- a perpetrator: the mode is one claimed against them in the case (an involvement of theirs,
  with that mode, in an act of the case); the element is one of that mode's;
- the case's context: the element is a contextual one (`ctx-1`, `ctx-2`).

Everything named is of the target's case: an act or a perpetrator of another case is refused,
whatever the caller resolved.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext

from sprava.accounts import permissions
from sprava.cases.models import Case
from sprava.law.errors import NotAssessable, UnknownElement
from sprava.law.framework import Crime, Element, Framework
from sprava.law.models import Charge, Targeted
from sprava.records.models import Act, Involvement, Person
from sprava.records.references import reference


class TargetKind(StrEnum):
    ACT = "act"
    PERPETRATOR = "perpetrator"
    CONTEXT = "context"


@dataclass(frozen=True)
class Target:
    """One element of one act, perpetrator or case context. The constructor checks the shape;
    `check_target` checks it against the framework and the records."""

    case: Case
    element: str
    act: Act | None = None
    crime: str = ""
    perpetrator: Person | None = None
    mode: str = ""

    def __post_init__(self) -> None:
        if not self.element:
            raise NotAssessable(gettext("name the element to assess"))
        if self.act is not None and (self.perpetrator is not None or self.mode
                                     or not self.crime):
            raise NotAssessable(gettext("an act's element is assessed for one of its crimes"))
        if self.perpetrator is not None and (self.act is not None or self.crime
                                             or not self.mode):
            raise NotAssessable(gettext(
                "a perpetrator's element is assessed for a mode of liability"))
        if self.act is None and self.perpetrator is None and (self.crime or self.mode):
            raise NotAssessable(gettext(
                "a crime's element is assessed for an act, a mode's for a perpetrator"))

    @classmethod
    def of_act(cls, act: Act, crime: str, element: str) -> Target:
        return cls(case=act.incident.case, act=act, crime=crime, element=element)

    @classmethod
    def of_perpetrator(cls, case: Case, perpetrator: Person, mode: str, element: str) -> Target:
        return cls(case=case, perpetrator=perpetrator, mode=mode, element=element)

    @classmethod
    def of_context(cls, case: Case, element: str) -> Target:
        return cls(case=case, element=element)

    @classmethod
    def of_row(cls, row: Targeted) -> Target:
        return cls(case=row.case, act=row.act, crime=row.crime, perpetrator=row.perpetrator,
                   mode=row.mode, element=row.element)

    @property
    def kind(self) -> TargetKind:
        if self.act is not None:
            return TargetKind.ACT
        if self.perpetrator is not None:
            return TargetKind.PERPETRATOR
        return TargetKind.CONTEXT

    def fields(self) -> dict[str, Any]:
        """The target's columns of an assessment or conclusion."""
        return {"case": self.case, "act": self.act, "perpetrator": self.perpetrator,
                "crime": self.crime, "mode": self.mode, "element": self.element}

    def q(self) -> Q:
        """The rows about exactly this target."""
        return Q(case_id=self.case.pk, act_id=self.act.pk if self.act else None,
                 perpetrator_id=self.perpetrator.pk if self.perpetrator else None,
                 crime=self.crime, mode=self.mode, element=self.element)


def charged(case: Case | int) -> set[str]:
    """The ids of the crimes the case charges."""
    case_id = case if isinstance(case, int) else case.pk
    return set(Charge.objects.filter(case_id=case_id).values_list("crime", flat=True))


def candidate_crimes(act: Act, framework: Framework) -> tuple[Crime, ...]:
    """The crimes the act's type names (an article the framework does not know is left out)."""
    return framework.crimes_at(tuple(act.act_type.legal_refs or ()))


def assessable_crimes(act: Act, framework: Framework,
                      charged_ids: set[str] | None = None) -> tuple[Crime, ...]:
    """The crimes an act's elements may be assessed for: its candidates and the case's charged
    crimes, in the framework's order. `charged_ids`: the case's, when the caller has them."""
    ids = {c.id for c in candidate_crimes(act, framework)}
    ids |= charged(act.incident.case_id) if charged_ids is None else charged_ids
    return tuple(c for c in framework.crimes if c.id in ids)


def claimed_modes(case: Case, perpetrator: Person) -> set[str]:
    """The modes of liability claimed against the person in the case's acts."""
    involvements = Involvement.objects.filter(permissions.in_cases(Involvement, case),
                                              perpetrator=perpetrator)
    return set(involvements.values_list("mode", flat=True))


def check_target(target: Target, framework: Framework) -> Element:
    """The element the target names, or NotAssessable saying why it may not be assessed."""
    case = target.case
    if target.act is not None:
        act = target.act
        if permissions.case_ids_of(act) != {case.pk}:
            raise NotAssessable(gettext("act %(act)s is not an act of case %(case)s") % {
                "act": reference("records.act", act.pk), "case": case.reference})
        crime = _known(framework.crime, target.crime,
                       gettext("the framework defines no crime %(crime)r"), "crime")
        if crime not in assessable_crimes(act, framework):
            raise NotAssessable(gettext(
                "%(crime)s is neither a candidate crime of this act's type nor charged in the "
                "case: charge it first") % {"crime": crime.name.text()})
        return _element_of(crime.element, target.element, crime.name.text())
    if target.perpetrator is not None:
        person = target.perpetrator
        mode = _known(framework.mode, target.mode,
                      gettext("the framework defines no mode of liability %(mode)r"), "mode")
        if mode.id not in claimed_modes(case, person):
            raise NotAssessable(gettext(
                "%(mode)s is not claimed against %(person)s in this case: record their "
                "involvement in an act with that mode first") % {
                "mode": mode.name.text(), "person": reference("records.person", person.pk)})
        return _element_of(mode.element, target.element, mode.name.text())
    contextual = {e.id: e for e in framework.contextual()}
    if target.element not in contextual:
        raise NotAssessable(gettext(
            "the case's context has only the contextual elements (%(ids)s), not %(element)r")
            % {"ids": ", ".join(contextual), "element": target.element})
    return contextual[target.element]


def _known(find: Any, key: str, message: str, name: str) -> Any:
    try:
        return find(key)
    except UnknownElement:
        raise NotAssessable(message % {name: key}) from None


def _element_of(find: Any, element_id: str, owner: str) -> Element:
    try:
        element: Element = find(element_id)
    except UnknownElement:
        raise NotAssessable(gettext("%(owner)s has no element %(element)r") % {
            "owner": owner, "element": element_id}) from None
    return element
