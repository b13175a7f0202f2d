"""How a proposal reads: its target, its element, the records it rests on and the sentence that
says why, in the reader's language and as the reader may see the persons.

Only the proposals of the page shown are worded, from a fixed number of queries (their acts,
custody periods, posts, units and perpetrators, read together).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext, ngettext

from sprava.cases.models import Case
from sprava.law.framework import Labels
from sprava.law.matching import Found
from sprava.law.proposals import Proposal, RecordRef, Target, proposal_key, records_key
from sprava.law.rules import RuleSet, RuleTarget
from sprava.law.spans import Certainty
from sprava.records.identity import Fact
from sprava.records.models import Act, CustodyPeriod, Organisation, Person, Position
from sprava.records.reader import Reader


class Wording:
    """The labels of one page of proposals, read once."""

    def __init__(self, reader: Reader, ruleset: RuleSet, case: Case,
                 found: Sequence[Found]) -> None:
        self.reader, self.ruleset, self.case = reader, ruleset, case
        ids: dict[str, set[int]] = {model: set() for model in (
            "records.act", "records.custodyperiod", "records.position", "records.organisation")}
        perpetrators: set[int] = set()
        for item in found:
            for model, pk, _ in item.records:
                ids[model].add(pk)
            ids["records.act"].update(item.examples)
            if item.act_id is not None:
                ids["records.act"].add(item.act_id)
            if item.perpetrator_id is not None:
                perpetrators.add(item.perpetrator_id)
        self.acts = Act.objects.select_related("act_type").in_bulk(ids["records.act"])
        self.custody = CustodyPeriod.objects.select_related("place", "person").in_bulk(
            ids["records.custodyperiod"])
        self.posts = Position.objects.select_related("organisation").in_bulk(
            ids["records.position"])
        self.units = Organisation.objects.in_bulk(ids["records.organisation"])
        self.persons = Person.objects.prefetch_related("names").in_bulk(perpetrators)

    # --- records ---------------------------------------------------------------------------

    def act(self, pk: int) -> str:
        act = self.acts[pk]
        return gettext("act #%(number)d: %(type)s, %(when)s") % {
            "number": pk, "type": act.act_type.label, "when": act.display_when}

    def held(self, pk: int) -> str:
        period = self.custody[pk]
        # What the identity rule hides was left out when the case was read; a protected
        # victim's custody shown here is shown to one who may see it: a reveal, as on a page.
        self.reader.shows(period.person, Fact.CUSTODY)
        when = _ongoing(period)
        if period.place is None:
            return when
        return gettext("%(place)s, %(when)s") % {"place": period.place.label, "when": when}

    def post(self, pk: int) -> str:
        post = self.posts[pk]
        return gettext("%(post)s, %(unit)s, %(when)s") % {
            "post": post.title, "unit": post.organisation.label, "when": _ongoing(post)}

    def ref(self, model: str, pk: int) -> RecordRef:
        if model == "records.act":
            label = self.act(pk)
        elif model == "records.custodyperiod":
            label = gettext("custody period #%(number)d: %(held)s") % {
                "number": pk, "held": self.held(pk)}
        elif model == "records.position":
            label = gettext("post #%(number)d: %(post)s") % {"number": pk, "post": self.post(pk)}
        else:
            label = self.units[pk].label
        return RecordRef(model=model, id=pk, label=label)

    def element(self, target: RuleTarget) -> str:
        framework = self.ruleset.framework
        owner = (framework.crime(target.crime) if target.crime is not None
                 else framework.mode(target.mode or ""))
        element = owner.element(target.element)
        number, label = str(element.number), element.label
        for alternative in element.alternatives:
            if alternative.id == target.element:  # "enforced-disappearance-1b" is 1(b)
                number, label = f"{element.number}({alternative.id[-1]})", alternative.label
        return gettext("%(owner)s, element %(number)s: %(element)s") % {
            "owner": owner.name.text(), "number": number, "element": label.text()}

    # --- the proposal ----------------------------------------------------------------------

    def proposal(self, item: Found) -> Proposal:
        rule = item.rule
        wanted = rule.targets[item.target_index]
        if item.act_id is not None:
            target = Target(case_id=self.case.pk, element_id=wanted.element,
                            act_id=item.act_id, crime_id=wanted.crime)
            target_label = self.act(item.act_id)
        else:
            assert item.perpetrator_id is not None
            target = Target(case_id=self.case.pk, element_id=wanted.element,
                            perpetrator_id=item.perpetrator_id, mode_id=wanted.mode)
            target_label = self.reader.person_label(self.persons[item.perpetrator_id])
        key = records_key(item.records)
        return Proposal(
            key=proposal_key(target, rule.id, rule.version, key), rule_id=rule.id,
            rule_version=rule.version, rule_name=_text(rule.name),
            rules_version=self.ruleset.version,
            framework_version=self.ruleset.framework.version, target=target,
            target_label=target_label, element_label=self.element(wanted),
            records=tuple(self.ref(model, pk) for model, pk, _ in item.records),
            records_key=key, certainty=item.certainty, why=self.why(item, target_label),
            examples=tuple(self.ref("records.act", pk) for pk in item.examples),
            instances=item.instances)

    def why(self, item: Found, target_label: str) -> str:
        certain = item.certainty is Certainty.CERTAIN
        kind = item.rule.kind
        if kind == "superior_position":
            return self._why_superior(item, target_label, certain)
        assert item.act_id is not None and item.custody_id is not None
        values: dict[str, object] = {"act": self.acts[item.act_id].display_when,
                                     "custody": self.held(item.custody_id)}
        if kind == "custody_covers":
            return (gettext("At the time of the act (%(act)s) the victim was held: %(custody)s.")
                    if certain else
                    gettext("The victim was held about the time of the act (%(act)s): "
                            "%(custody)s. The dates are not precise enough to say that the act "
                            "fell within it.")) % values
        if kind == "held_unacknowledged":
            return (gettext("From the act (%(act)s) the victim was held without a break, and "
                            "the authorities did not acknowledge the detention: %(custody)s.")
                    if certain else
                    gettext("The authorities did not acknowledge the victim's detention "
                            "(%(custody)s); the dates are not precise enough to say that it "
                            "held the victim from the act (%(act)s) on without a break.")) % values
        return self._why_detention(item, values, certain)

    def _why_detention(self, item: Found, values: dict[str, object], certain: bool) -> str:
        days = item.rule.params.more_than_days
        values = {**values, "days": days, "articles": ", ".join(item.charged)}
        if item.charged:
            text = (ngettext("From the act (%(act)s) the victim was held for more than %(days)d "
                             "day on a charge under %(articles)s, of the list of political "
                             "charges: %(custody)s.",
                             "From the act (%(act)s) the victim was held for more than %(days)d "
                             "days on a charge under %(articles)s, of the list of political "
                             "charges: %(custody)s.", days)
                    if certain else
                    ngettext("The victim was held on a charge under %(articles)s, of the list "
                             "of political charges (%(custody)s); the dates are not precise "
                             "enough to say that it was for more than %(days)d day from the act "
                             "(%(act)s).",
                             "The victim was held on a charge under %(articles)s, of the list "
                             "of political charges (%(custody)s); the dates are not precise "
                             "enough to say that it was for more than %(days)d days from the "
                             "act (%(act)s).", days))
        else:
            text = (ngettext("From the act (%(act)s) the victim was held for more than %(days)d "
                             "day without any charge: %(custody)s.",
                             "From the act (%(act)s) the victim was held for more than %(days)d "
                             "days without any charge: %(custody)s.", days)
                    if certain else
                    ngettext("The victim was held without any charge (%(custody)s); the dates "
                             "are not precise enough to say that it was for more than %(days)d "
                             "day from the act (%(act)s).",
                             "The victim was held without any charge (%(custody)s); the dates "
                             "are not precise enough to say that it was for more than %(days)d "
                             "days from the act (%(act)s).", days))
        return text % values

    def _why_superior(self, item: Found, person: str, certain: bool) -> str:
        assert item.position_id is not None and item.unit_id is not None
        values = {"person": person, "post": self.post(item.position_id),
                  "unit": self.units[item.unit_id].label, "count": item.instances}
        return (ngettext("%(person)s held the post (%(post)s) while %(unit)s was involved in "
                         "%(count)d act of the case.",
                         "%(person)s held the post (%(post)s) while %(unit)s was involved in "
                         "%(count)d acts of the case.", item.instances)
                if certain else
                ngettext("%(person)s held the post (%(post)s) about the time %(unit)s was "
                         "involved in %(count)d act of the case; the dates are not precise "
                         "enough to say that it was at the time.",
                         "%(person)s held the post (%(post)s) about the time %(unit)s was "
                         "involved in %(count)d acts of the case; the dates are not precise "
                         "enough to say that it was at the time.", item.instances)) % values


def _ongoing(span: CustodyPeriod | Position) -> str:
    """A span with no end is still going on (`sprava.law.spans`): "since 2021-09-06"."""
    if span.end_date is None and span.start_date is not None:
        return gettext("since %(date)s") % {"date": span.display_when}
    return str(span.display_when)


def _text(labels: Labels) -> str:
    return labels.text()
