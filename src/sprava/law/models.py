"""The legal layer's models. Derived support's decisions live in `derived_models`."""

from sprava.law.derived_models import DerivedDecision

__all__ = ["DerivedDecision"]
