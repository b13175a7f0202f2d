"""The legal layer's errors."""

from sprava.integrity.errors import SpravaError


class LawError(SpravaError):
    """Something of the legal layer could not be done as asked."""


class FrameworkError(LawError):
    """A framework file does not hold to its schema or to its own references (an element
    named twice, a crime naming a contextual element that is not defined)."""


class UnknownElement(LawError):
    """An element, crime, mode, venue or standard the framework does not define."""


class NotAssessable(LawError):
    """An element that cannot be assessed for that target: a crime that is neither a candidate
    of the act nor charged in the case, a mode not claimed against the perpetrator, an element
    of another crime or mode, an act or person of another case."""


class ForeignSource(LawError):
    """A source the case does not reach (an evidence item, testimony or record of another
    case), or one the reader does not see."""


class InvalidAssessment(LawError):
    """An assessment or conclusion whose values break a rule: no reasoning, a pinpoint that
    says nowhere, an unknown direction, strength or standard."""


class LawConflict(LawError):
    """A change that conflicts with what is recorded: a crime charged twice, an assessment
    withdrawn twice."""
class RulesError(LawError):
    """The rules of derived support do not hold to their schema or to the framework (a rule
    naming an element its crime does not have, a list no rule can find)."""
class UnknownProposal(LawError):
    """A decision names a proposal the rules do not make now, from what the reader may see:
    it never existed, or the records it rested on have changed since."""




class JurisdictionDataError(LawError):
    """The jurisdiction facts file (`data/jurisdiction.json`) breaks its schema or a rule its
    schema cannot express."""
