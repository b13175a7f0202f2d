"""What an assessment or conclusion page is for: an act, a perpetrator in a case, or a case's
context (`targets.TargetKind`). One form and one view serve all three; the subject gives them
the elements to choose, the sources it reaches, the `Target` a choice names, and the page to go
back to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext

from sprava.cases.models import Case
from sprava.law.framework import Framework
from sprava.law.sources import Source
from sprava.law.targets import Target, TargetKind, assessable_crimes, claimed_modes
from sprava.records.models import Act, Person
from sprava.web.law.reach import OptionGroups, Reachable, element_options
from sprava.web.records import presenters
from sprava.web.records.config import KINDS
from sprava.web.records.context import Ctx, url_of

ACT_ANCHOR = "legal-analysis"
PERSON_ANCHOR = "command"  # the person page's "Positions and command"
CONTEXT_ANCHOR = "policy"  # the contextual figures' "Policy evidence"


@dataclass(frozen=True)
class Subject:
    """An act, or a perpetrator in `case`, or (neither) `case`'s context."""

    case: Case
    act: Act | None = None
    perpetrator: Person | None = None

    @classmethod
    def of_act(cls, act: Act) -> Subject:
        return cls(case=act.incident.case, act=act)

    @property
    def kind(self) -> TargetKind:
        if self.act is not None:
            return TargetKind.ACT
        if self.perpetrator is not None:
            return TargetKind.PERPETRATOR
        return TargetKind.CONTEXT

    def element_choices(self, framework: Framework) -> OptionGroups:
        """Grouped by crime (an act), by mode claimed (a perpetrator), or the contextual
        elements."""
        if self.act is not None:
            return [(f"{crime.article} {crime.name.text()}", element_options(crime.id,
                                                                               crime.elements))
                    for crime in assessable_crimes(self.act, framework)]
        if self.perpetrator is not None:
            claimed = claimed_modes(self.case, self.perpetrator)
            return [(f"{mode.article} {mode.name.text()}", element_options(mode.id,
                                                                             mode.elements))
                    for mode in framework.modes if mode.id in claimed]
        return [(gettext("Contextual elements"), element_options("", framework.contextual()))]

    def target(self, key: str) -> Target:
        if self.act is not None:
            crime, _, element = key.partition(":")
            return Target.of_act(self.act, crime, element)
        if self.perpetrator is not None:
            mode, _, element = key.partition(":")
            return Target.of_perpetrator(self.case, self.perpetrator, mode, element)
        return Target.of_context(self.case, key)

    def initial(self, query: QueryDict) -> dict[str, Any]:
        """The element named by `?crime=&element=`, `?mode=&element=` or `?element=`."""
        element = query.get("element", "")
        owner = query.get("crime" if self.act is not None else "mode", "")
        if not element:
            return {}
        if self.kind == TargetKind.CONTEXT:
            return {"element": element}
        return {"element": f"{owner}:{element}"} if owner else {}

    def reachable(self, ctx: Ctx, current: Source | None = None,
                  current_label: str = "") -> Reachable:
        if self.act is not None:
            return Reachable.of(ctx, self.act, current, current_label)
        return Reachable.of_case(ctx, self.case, self.perpetrator, current, current_label)

    def back_url(self) -> str:
        if self.act is not None:
            return presenters.detail_url(KINDS["act"], self.act) + f"#{ACT_ANCHOR}"
        if self.perpetrator is not None:
            return url_of("records:person-detail", self.perpetrator.pk) + f"#{PERSON_ANCHOR}"
        return reverse("analysis:case-context", args=[self.case.reference]) + \
            f"#{CONTEXT_ANCHOR}"

    def back_label(self) -> str:
        if self.act is not None:
            return gettext("Back to the act")
        if self.perpetrator is not None:
            return gettext("Back to the person")
        return gettext("Back to the contextual figures")

    def titles(self, ctx: Ctx) -> tuple[str, str]:
        """The assessment page's title and the conclusion page's."""
        if self.act is not None:
            values: dict[str, Any] = {"number": self.act.pk}
            return (gettext("Assess an element of act #%(number)s") % values,
                    gettext("Conclude on an element of act #%(number)s") % values)
        if self.perpetrator is not None:
            values = {"person": ctx.person_label(self.perpetrator), "case": self.case.reference}
            return (gettext("Assess a mode of liability of %(person)s in case %(case)s") % values,
                    gettext("Conclude on a mode of liability of %(person)s in case %(case)s")
                    % values)
        values = {"case": self.case.reference}
        return (gettext("Assess the context of case %(case)s") % values,
                gettext("Conclude on the context of case %(case)s") % values)
