"""A small case whose proof matrix and gaps are counted by hand (in the tests, not by the code).

On top of the law conftest's world (act b1 = `world.act`, a beating of a public victim; b2 =
`world.hidden_act`, a beating of a protected one; the public perpetrator P1 commits b1; the
protected insider P2 aids in it):

    acts          b1 b2 b3 b4 beating (type names torture, other inhumane acts)
                  d1 d2 detention (imprisonment, persecution)
                  r1 refusal to disclose whereabouts (enforced disappearance)
    charged       torture, imprisonment, enforced disappearance, deportation (no act reaches it)
    perpetrators  P1 commission in b1 (with the riot police company); P2 (protected) aiding
                  in b1, superior in b2; P3 superior in b3, head of the riot police company
                  (a post of authority) since 1 Aug 2020

    marks
      b1 torture-1    supports + contradicts              -> contradicted
      b2 torture-1    supports, met (reasonable grounds)  -> met
      d2 torture-1    supports (torture is charged, not of its type: d2 counts for torture)
      b3 torture-2    supports, not met (beyond reasonable doubt) -> contradicted
      b4 torture-2    supports, withdrawn                 -> nothing
      context ctx-1   supports                            -> every act's ctx-1 at least supported
      b1 torture ctx-1 contradicts                        -> contradicted
      d1 imprisonment ctx-1: an open conclusion           -> nothing (the context's supported)
      r1 enforced-disappearance-1b supports               -> element 1 supported
      P1 commission-1 contradicts; P2 superior-1 supports; P3 superior-3 met (reasonable grounds)

    derived support (the rules of `law/data/rules.json` on the world's custody periods: the
    public victim held, unacknowledged, at Akrestsina from the day of the acts; the protected
    victim's custody, seen only with identity access)
      torture-2 for b1 b3 b4, and b2 for a reader with identity access
      enforced-disappearance-1b and -2 for d1 d2 r1: d1 and d2 then count for enforced
        disappearance; the lawyer accepted r1's -2 and rejected d1's -1b
      superior-1 for P3 (the post over the unit involved in b1)
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sprava.law.assessments import assess, withdraw_assessment
from sprava.law.charges import charge
from sprava.law.conclusions import Finding, conclude
from sprava.law.decisions import decide
from sprava.law.derived import case_proposals
from sprava.law.sources import Source
from sprava.law.targets import Target
from sprava.records.models import Act, ActType, Involvement, Person, Position
from sprava.records.reader import Reader
from tests.law.conftest import World, appraisal, page_of, person, save

P3_NAME = "Siarhei Superiorau"


@dataclass
class Proof:
    world: World
    acts: dict[str, Act]
    p1: Person
    p2: Person
    p3: Person

    def ids(self, *names: str) -> list[int]:
        return sorted(self.acts[name].pk for name in names)


def make_proof(world: World) -> Proof:
    analyst = Reader.of_user(world.personas.analyst)
    lawyer = Reader.of_user(world.personas.lawyer)
    case = world.case
    incident = world.act.incident
    beating = ActType.objects.get(code="beating")
    detention = ActType.objects.get(code="detention")
    refusal = ActType.objects.get(code="refusal-to-disclose-whereabouts")

    def act(kind: ActType) -> Act:
        return save(Act(incident=incident, act_type=kind, victim=world.victim,
                        start_date=world.act.start_date))

    acts = {"b1": world.act, "b2": world.hidden_act, "b3": act(beating), "b4": act(beating),
            "d1": act(detention), "d2": act(detention), "r1": act(refusal)}
    p3 = person(P3_NAME, case, "perpetrator")
    superior_b2 = save(Involvement(act=acts["b2"], perpetrator=world.insider, mode="superior"))
    superior_b3 = save(Involvement(act=acts["b3"], perpetrator=p3, mode="superior"))
    save(Position(person=p3, organisation=world.involvement.organisation, title="Head",
                  superior_responsibility=True, start_date=datetime.date(2020, 8, 1)))
    for crime in ("torture", "imprisonment", "enforced-disappearance", "deportation"):
        charge(lawyer, case, crime)
    item = page_of(world.item)

    def on(name: str, crime: str, element: str, direction: str = "supports") -> None:
        assess(analyst, Target.of_act(acts[name], crime, element), item,
               appraisal(direction=direction))

    on("b1", "torture", "torture-1")
    on("b1", "torture", "torture-1", "contradicts")
    on("b2", "torture", "torture-1")
    conclude(lawyer, Target.of_act(acts["b2"], "torture", "torture-1"),
             Finding("met", "reasonable-grounds", "The report and two witnesses."))
    on("d2", "torture", "torture-1")
    on("b3", "torture", "torture-2")
    conclude(lawyer, Target.of_act(acts["b3"], "torture", "torture-2"),
             Finding("not-met", "beyond-reasonable-doubt", "One source, not corroborated."))
    withdrawn = assess(analyst, Target.of_act(acts["b4"], "torture", "torture-2"), item,
                       appraisal())
    withdraw_assessment(analyst, withdrawn, reason="the wrong act")
    assess(analyst, Target.of_context(case, "ctx-1"), item, appraisal(category="context"))
    on("b1", "torture", "ctx-1", "contradicts")
    conclude(lawyer, Target.of_act(acts["d1"], "imprisonment", "ctx-1"),
             Finding("open", "reasonable-grounds", "To be argued."))
    on("r1", "enforced-disappearance", "enforced-disappearance-1b")
    assess(analyst, Target.of_perpetrator(case, world.perpetrator, "commission", "commission-1"),
           Source(involvement=world.involvement), appraisal(direction="contradicts",
                                                            category="linkage"))
    assess(analyst, Target.of_perpetrator(case, world.insider, "superior", "superior-1"),
           Source(involvement=superior_b2), appraisal(category="linkage"))
    conclude(lawyer, Target.of_perpetrator(case, p3, "superior", "superior-3"),
             Finding("met", "reasonable-grounds", "The complaints reached him."))
    assert superior_b3.pk
    keys = {(p.target.act_id, p.target.element_id): p.key
            for p in case_proposals(lawyer, case.pk).items}
    decide(lawyer, case.pk, keys[(acts["r1"].pk, "enforced-disappearance-2")], accepted=True)
    decide(lawyer, case.pk, keys[(acts["d1"].pk, "enforced-disappearance-1b")], accepted=False,
           reason="Acknowledged the next day.")
    return Proof(world, acts, world.perpetrator, world.insider, p3)


# The matrix by act, by hand, for a reader without identity access: per element, (no evidence,
# derived only, supported, contradicted, concluded met).
TORTURE = {"torture-1": (2, 0, 1, 1, 1), "torture-2": (2, 2, 0, 1, 0),
           "torture-3": (5, 0, 0, 0, 0), "ctx-1": (0, 0, 4, 1, 0), "ctx-2": (5, 0, 0, 0, 0)}
IMPRISONMENT = {"imprisonment-1": (2, 0, 0, 0, 0), "imprisonment-2": (2, 0, 0, 0, 0),
                "imprisonment-3": (2, 0, 0, 0, 0), "ctx-1": (0, 0, 2, 0, 0),
                "ctx-2": (2, 0, 0, 0, 0)}
DISAPPEARANCE = {"enforced-disappearance-1": (1, 1, 1, 0, 0),
                 "enforced-disappearance-2": (0, 2, 1, 0, 0),
                 **{f"enforced-disappearance-{n}": (3, 0, 0, 0, 0) for n in range(3, 7)},
                 "ctx-1": (0, 0, 3, 0, 0), "ctx-2": (3, 0, 0, 0, 0)}
DEPORTATION = {e: (0, 0, 0, 0, 0) for e in
               ("deportation-1", "deportation-2", "deportation-3", "ctx-1", "ctx-2")}
BY_ACT = {"torture": (5, TORTURE), "imprisonment": (2, IMPRISONMENT),
          "deportation": (0, DEPORTATION), "enforced-disappearance": (3, DISAPPEARANCE)}
# With identity access, the protected victim's custody adds b2's torture-2 proposal.
TORTURE_2_WITH_IDENTITY = (1, 3, 0, 1, 0)
