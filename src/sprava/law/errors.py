"""The legal layer's errors."""

from sprava.integrity.errors import SpravaError


class LawError(SpravaError):
    """Something of the legal layer could not be done as asked."""


class FrameworkError(LawError):
    """A framework file does not hold to its schema or to its own references (an element
    named twice, a crime naming a contextual element that is not defined)."""


class UnknownElement(LawError):
    """An element, crime, mode, venue or standard the framework does not define."""


class JurisdictionDataError(LawError):
    """The jurisdiction facts file (`data/jurisdiction.json`) breaks its schema or a rule its
    schema cannot express."""
