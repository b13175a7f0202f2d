"""What kind of source would close a gap in the proof of an element: advice of its own for the
elements most often missing, else advice by the element's type (conduct, consequence,
circumstance, mental). Shown beside each gap (`gaps`), in the reader's language.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sprava.law.framework import Element

BY_TYPE: dict[str, Promise] = {
    "conduct": _("Testimony of victims and witnesses describing what was done, medical and "
                 "forensic reports, photographs and video."),
    "consequence": _("Records of what followed: medical and forensic reports, official records "
                     "of the outcome, testimony."),
    "circumstance": _("Documents and testimony establishing the circumstance: official records "
                      "and registers, orders, court papers."),
    "mental": _("What shows knowledge or intent: orders and instructions, statements, the "
                "perpetrator's role and the pattern of conduct (intent and knowledge may be "
                "inferred from the facts and circumstances)."),
}

_CHAIN = _("Orders of appointment, organisation charts and staff lists showing the post and the "
           "units under it.")

# By element id, or by an alternative's id (enforced disappearance 1(a) and 1(b)): an element
# shows the advice of each of its alternatives.
BY_ELEMENT: dict[str, Promise] = {
    "torture-1": _("Medical and forensic reports, photographs of the injuries, the testimony of "
                   "the victim and of witnesses."),
    "torture-2": _("Custody records (detention protocols, registers of the place of detention) "
                   "or testimony placing the victim in custody or under the perpetrator's "
                   "control."),
    "other-inhumane-acts-1": _("Medical reports on the injury or the harm to health, testimony "
                               "of the victim and of fellow detainees on the conditions."),
    "imprisonment-1": _("Detention orders, court rulings, records of the arrest and of the term "
                        "served."),
    "imprisonment-2": _("What makes the deprivation of liberty grave: charges under political "
                        "articles, trials without due process, findings of UN bodies and "
                        "human-rights organisations."),
    "enforced-disappearance-1a": _("For 1(a), the deprivation of liberty: arrest and detention "
                                   "records, testimony of the arrest or abduction."),
    "enforced-disappearance-1b": _("For 1(b), the refusal: refusals to inform relatives, "
                                   "official replies denying or not acknowledging the "
                                   "detention."),
    "persecution-1": _("Records of the fundamental rights taken away: detention, searches, "
                       "confiscation, dismissal, expulsion from education."),
    "persecution-3": _("What shows the political grounds: the charges, the questions asked at "
                       "interrogation, official statements about the victims."),
    "deportation-1": _("Testimony of the forced departure, expulsion orders, records of the "
                       "border crossing."),
    "ctx-1": _("The contextual figures of the case (its dashboard: acts by month, region and "
               "place of detention) and policy documents: orders, instructions, official "
               "statements."),
    "ctx-2": _("What shows knowledge of the attack: its scale and notoriety, public statements, "
               "the perpetrator's post and role."),
    "superior-1": _CHAIN,
    "commander-1": _CHAIN,
    "superior-3": _("Reports, complaints and press coverage that reached the superior."),
    "superior-5": _("Refusals to open criminal cases on complaints, the absence of any "
                    "investigation or disciplinary measure."),
}

CONFIRM = _("Only rules propose it so far: accept or reject their proposals on the act pages, "
            "or assess a source.")


def hints(element: Element) -> tuple[str, ...]:
    """The advice for an element, in the active language: its own (or its alternatives'), else
    its type's."""
    own = [str(BY_ELEMENT[i]) for i in element.ids() if i in BY_ELEMENT]
    return tuple(own) or (str(BY_TYPE[element.type]),)


__all__ = ["BY_ELEMENT", "BY_TYPE", "CONFIRM", "hints"]
