"""The legal analysis of the demo cases: what a team's lawyers would have begun to record.

Loaded with the records' demo data (`sprava demo`, `serve`'s first start), in the same
transaction, as the demo's lead, through the same domain functions as real analysis (ledger
events included): the crimes each case charges, testimonies and custody records assessed
against the elements of some of its acts, a few conclusions, the contextual element assessed
for the case, and a lawyer's decision on some of what the rules propose. Like the records, it
is fiction: every reasoning says so.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence

from django.contrib.auth.base_user import AbstractBaseUser

from sprava.accounts.permissions import in_cases
from sprava.cases.models import Case
from sprava.evidence.models import Item, Receipt
from sprava.evidence.visibility import visible_items
from sprava.law import assessments, charges, conclusions, decisions, derived
from sprava.law.assessments import Appraisal
from sprava.law.conclusions import Finding
from sprava.law.crimes import acts_per_crime
from sprava.law.framework import Framework, current
from sprava.law.sources import Pinpoint, Source
from sprava.law.targets import Target
from sprava.records.models import Act, CustodyPeriod, Testimony
from sprava.records.reader import Reader

DEMO = "(Demo analysis of fictional records.)"
CHARGED = 4  # the crimes with the most acts, per case
ASSESSED = 40  # acts per case whose elements are assessed
DECIDED = 12  # rule proposals decided per case


def load_analysis(cases: Sequence[Case], lead: AbstractBaseUser, *, seed: int = 2020
                  ) -> dict[str, int]:
    """Record the demo analysis of `cases` as `lead`; how many of each thing were made."""
    framework = current()
    reader = Reader.of_user(lead, channel="sprava-demo")  # type: ignore[arg-type]
    rng = random.Random(seed)  # noqa: S311 - reproducible fiction
    made: Counter[str] = Counter()
    for case in cases:
        _charge(reader, case, framework, made)
        _assess_acts(reader, case, framework, rng, made)
        _assess_context(reader, case, made)
        _decide(reader, case, made)
    return {"charges": made["charge"], "assessments": made["assessment"],
            "conclusions": made["conclusion"], "rule decisions": made["decision"]}


def _charge(reader: Reader, case: Case, framework: Framework, made: Counter[str]) -> None:
    per_crime = acts_per_crime(framework, case)
    for crime_id, _count in sorted(per_crime.items(), key=lambda kv: (-kv[1], kv[0]))[:CHARGED]:
        charges.charge(reader, case, crime_id, framework=framework,
                       reason=f"Charged in the demo. {DEMO}")
        made["charge"] += 1


def _assess_acts(reader: Reader, case: Case, framework: Framework, rng: random.Random,
                 made: Counter[str]) -> None:
    charged = {row.crime for row in charges.of_case(case)}
    acts = list(Act.objects.filter(in_cases(Act, case), victim__isnull=False)
                .select_related("act_type", "incident").order_by("id")[:ASSESSED * 5])
    rng.shuffle(acts)
    done = 0
    for act in acts:
        crimes = [c for c in framework.crimes_at(list(act.act_type.legal_refs or []))
                  if c.id in charged]
        testimony = (Testimony.objects.filter(case=case, incidents=act.incident_id)
                     .order_by("id").first())
        if not crimes or testimony is None:
            continue
        crime = crimes[0]
        conduct = crime.own[0]
        target = Target.of_act(act, crime.id, conduct.id)
        assessments.assess(reader, target, Source(testimony=testimony, paragraph=1), Appraisal(
            direction="supports", category="crime-base", strength="direct",
            reliability=testimony.reliability,
            reasoning=f"The testimony describes the act as the element requires. {DEMO}"),
            framework=framework)
        made["assessment"] += 1
        custody = (CustodyPeriod.objects.filter(person=act.victim).order_by("id").first())
        if custody is not None and len(crime.own) > 1:
            assessments.assess(reader, Target.of_act(act, crime.id, crime.own[1].id),
                               Source(custody=custody), Appraisal(
                direction="supports", category="crime-base", strength="corroborating",
                reliability="B",
                reasoning=f"The victim's custody record places them there then. {DEMO}"),
                framework=framework)
            made["assessment"] += 1
        if done % 4 == 0:
            conclusions.conclude(reader, target, Finding(
                state="met", standard="reasonable-grounds",
                reasoning=f"Testimony and custody record agree. {DEMO}"), framework=framework)
            made["conclusion"] += 1
        elif done % 7 == 0:  # a witness who says otherwise: the matrix shows it
            assessments.assess(reader, target, Source(testimony=testimony, paragraph=2),
                               Appraisal(direction="contradicts", category="crime-base",
                                         strength="circumstantial", reliability="D",
                                         reasoning=f"A later paragraph disputes the account. "
                                                   f"{DEMO}"), framework=framework)
            made["assessment"] += 1
        done += 1
        if done >= ASSESSED:
            return


def _assess_context(reader: Reader, case: Case, made: Counter[str]) -> None:
    item = (visible_items(reader.user, Item.objects.filter(receipts__in=Receipt.objects.filter(
        case=case))).order_by("id").first())
    if item is None:
        return
    assessments.assess(reader, Target.of_context(case, "ctx-1"),
                       Source(item=item, pinpoint=Pinpoint("page", "1")), Appraisal(
        direction="supports", category="context", strength="circumstantial", reliability="C",
        reasoning=f"An official statement announcing the same measures across regions. {DEMO}"))
    made["assessment"] += 1


def _decide(reader: Reader, case: Case, made: Counter[str]) -> None:
    page = derived.case_proposals(reader, case.pk, limit=DECIDED)
    for number, proposal in enumerate(page.items):
        decisions.decide(reader, case.pk, proposal.key, accepted=number % 6 != 5,
                         reason=f"Checked against the custody record. {DEMO}")
        made["decision"] += 1
