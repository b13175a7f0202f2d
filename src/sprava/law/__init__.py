"""The law as data: the legal framework, assessments and conclusions, the proof matrix, gaps,
jurisdiction per venue, and responsibility up the chain of command.

The framework (`framework.py`, from `data/framework.json`) is versioned data: every assessment
and conclusion records the version it was made under, so a revised file never silently changes
an old analysis.
"""
