"""What derived support hands to its readers: proposals, their targets, the records they rest
on, and the decision in force on each. Frozen values, checked in their constructors; built by
`sprava.law.derived` only.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sprava.law.errors import LawError, UnknownProposal
from sprava.law.spans import Certainty

# The records a proposal can rest on, by the ledger's name of their model.
RECORD_MODELS = frozenset({"records.act", "records.custodyperiod", "records.position",
                           "records.organisation", "records.person"})
TargetKind = Literal["act", "perpetrator"]
_KEY = re.compile(r"^(act|perpetrator)-([1-9][0-9]{0,18})-([0-9a-f]{40})$")


@dataclass(frozen=True)
class RecordRef:
    """A record a proposal names: its model, its id and how it reads to this reader."""

    model: str
    id: int
    label: str

    def __post_init__(self) -> None:
        if self.model not in RECORD_MODELS or self.id < 1:
            raise LawError(f"not a record a proposal can name: {self.model}:{self.id}")

    def as_json(self) -> dict[str, Any]:
        return {"model": self.model, "id": self.id, "label": self.label}


@dataclass(frozen=True)
class Target:
    """An element of a crime for an act, or of a mode of liability for a perpetrator in the
    case: the two kinds of target assessments and conclusions share."""

    case_id: int
    element_id: str
    act_id: int | None = None
    crime_id: str | None = None
    perpetrator_id: int | None = None
    mode_id: str | None = None

    def __post_init__(self) -> None:
        on_act = self.act_id is not None and self.crime_id is not None
        on_person = self.perpetrator_id is not None and self.mode_id is not None
        if on_act == on_person or (on_act and (self.perpetrator_id or self.mode_id)) \
                or (on_person and (self.act_id or self.crime_id)):
            raise LawError("a target is an act's crime or a perpetrator's mode, not both")
        if not self.element_id:
            raise LawError("a target names an element")

    @property
    def kind(self) -> TargetKind:
        return "act" if self.act_id is not None else "perpetrator"

    @property
    def record_id(self) -> int:
        return int(self.act_id if self.act_id is not None else self.perpetrator_id)  # type: ignore[arg-type]

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "case": self.case_id, "act": self.act_id,
                "crime": self.crime_id, "perpetrator": self.perpetrator_id,
                "mode": self.mode_id, "element": self.element_id}


def records_key(fingerprints: Sequence[tuple[str, int, tuple[Any, ...]]]) -> str:
    """The key of the records a proposal rests on: each one's model, id and the values the
    rule read of it. Any of them changed, and the key (so the proposal) is another."""
    document = sorted([model, pk, [_plain(v) for v in values]]
                      for model, pk, values in fingerprints)
    return hashlib.sha256(json.dumps(document, separators=(",", ":")).encode()).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def proposal_key(target: Target, rule_id: str, rule_version: int, records: str) -> str:
    """A proposal's key: its target's kind and record (so a decision can find the proposal
    again without the whole case), then a digest of everything it rests on."""
    document = [target.case_id, target.kind, target.record_id, target.crime_id or "",
                target.mode_id or "", target.element_id, rule_id, rule_version, records]
    digest = hashlib.sha256(json.dumps(document, separators=(",", ":")).encode()).hexdigest()
    return f"{target.kind}-{target.record_id}-{digest[:40]}"


def parse_key(key: str) -> tuple[TargetKind, int]:
    """The target's kind and record a proposal key names; UnknownProposal for anything else."""
    found = _KEY.match(key)
    if found is None:
        raise UnknownProposal("not a proposal key")
    return ("act" if found.group(1) == "act" else "perpetrator"), int(found.group(2))


@dataclass(frozen=True)
class Decision:
    """The decision in force on a proposal."""

    id: int
    accepted: bool
    reason: str
    by: str
    at: datetime.datetime
    earlier: int  # how many decisions it superseded

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "accepted": self.accepted, "reason": self.reason,
                "by": self.by, "at": self.at.isoformat(), "earlier": self.earlier}


@dataclass(frozen=True)
class Proposal:
    """That a record supports an element, as a rule reads the records: never an assessment."""

    key: str
    rule_id: str
    rule_version: int
    rule_name: str
    rules_version: str
    framework_version: str
    target: Target
    target_label: str  # the act or the perpetrator, as this reader may see them
    element_label: str  # "Torture, element 2: Custody or control"
    records: tuple[RecordRef, ...]
    records_key: str
    certainty: Certainty
    why: str
    # Acts that illustrate a proposal about a perpetrator (the acts of the unit during the
    # post), and how many there are: shown, but not part of what the proposal rests on.
    examples: tuple[RecordRef, ...] = ()
    instances: int = 0
    decision: Decision | None = None

    def __post_init__(self) -> None:
        if not self.records:
            raise LawError("a proposal rests on at least one record")
        if parse_key(self.key)[1] != self.target.record_id:
            raise LawError("a proposal's key names its target")

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "rule": {"id": self.rule_id, "version": self.rule_version,
                                          "name": self.rule_name},
                "rules_version": self.rules_version,
                "framework_version": self.framework_version,
                "target": {**self.target.as_json(), "label": self.target_label,
                           "element_label": self.element_label},
                "records": [r.as_json() for r in self.records], "records_key": self.records_key,
                "certainty": str(self.certainty), "why": self.why,
                "examples": [r.as_json() for r in self.examples], "instances": self.instances,
                "decision": self.decision.as_json() if self.decision else None}


@dataclass(frozen=True)
class Page:
    """Some of a case's proposals, in a fixed order, and how many there are in all."""

    case_id: int
    rules_id: str
    rules_version: str
    framework_id: str
    framework_version: str
    count: int
    offset: int
    items: tuple[Proposal, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        return {"case": self.case_id,
                "rules": {"id": self.rules_id, "version": self.rules_version},
                "framework": {"id": self.framework_id, "version": self.framework_version},
                "count": self.count, "offset": self.offset,
                "items": [p.as_json() for p in self.items]}
