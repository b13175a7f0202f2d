"""Sprava: an evidence locker and case-file platform for crimes against humanity."""

__version__ = "0.1.0"
