"""The rules of derived support as frozen values, read from `data/rules.json` and checked on load.

Loading goes in two steps, and refuses the file at the first failure, as the framework's does:
1. the JSON Schema beside the file (`rules.schema.json`): shapes, kinds, identifiers;
2. against the framework the file names: every crime, mode and element a rule targets exists
   there, each element belongs to the crime or mode named with it, and every list a rule
   reads is defined.

A rule's `kind` names the code that applies it (`sprava.law.matching`); everything a kind
reads besides the records (thresholds, lists, the gap allowed between custody periods) is in
the file. The file's `version` and each rule's own `version` are recorded with every
proposal and decision.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from sprava.law.errors import RulesError, UnknownElement
from sprava.law.framework import Framework, Labels
from sprava.law.framework import current as current_framework

Kind = Literal["custody_covers", "held_unacknowledged", "long_detention", "superior_position"]
KINDS: tuple[Kind, ...] = ("custody_covers", "held_unacknowledged", "long_detention",
                           "superior_position")


@dataclass(frozen=True)
class RuleTarget:
    """An element a rule proposes: of a crime (for an act) or of a mode (for a perpetrator)."""

    element: str
    crime: str | None = None
    mode: str | None = None

    def __post_init__(self) -> None:
        if (self.crime is None) == (self.mode is None):
            raise RulesError(f"target {self.element}: name a crime or a mode, not both")


@dataclass(frozen=True)
class ArticleList:
    """A list of articles of Belarusian codes ("CC 342", "CAO 24.23")."""

    id: str
    articles: frozenset[str]
    verify: bool
    note: str


@dataclass(frozen=True)
class Params:
    max_gap_days: int = 1
    more_than_days: int = 0
    charges: str | None = None
    authority_only: bool = True
    units_above: bool = True
    examples: int = 5
    verify: bool = False
    note: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    version: int
    kind: Kind
    name: Labels
    crimes: tuple[str, ...]  # acts whose candidate crimes include one of these ...
    act_types: tuple[str, ...]  # ... or whose type is one of these
    targets: tuple[RuleTarget, ...]
    params: Params

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise RulesError(f"rule {self.id}: unknown kind {self.kind!r}")
        perpetrators = self.kind == "superior_position"
        if any((t.mode is not None) != perpetrators for t in self.targets):
            raise RulesError(f"rule {self.id}: a {self.kind} rule targets "
                             + ("modes" if perpetrators else "crimes") + " only")

    def applies_to(self, act_type_code: str, crime_ids: frozenset[str]) -> bool:
        """Whether an act of this type, with these candidate crimes, is one the rule reads."""
        return act_type_code in self.act_types or bool(crime_ids.intersection(self.crimes))


@dataclass(frozen=True)
class RuleSet:
    id: str
    version: str
    framework: Framework
    approximate_days: int
    lists: dict[str, ArticleList]
    rules: tuple[Rule, ...]

    def __post_init__(self) -> None:
        ids = [rule.id for rule in self.rules]
        if len(set(ids)) != len(ids):
            raise RulesError("a rule is defined twice")
        for rule in self.rules:
            if rule.params.charges is not None and rule.params.charges not in self.lists:
                raise RulesError(f"rule {rule.id} reads an undefined list "
                                 f"{rule.params.charges!r}")
            for target in rule.targets:
                self._check(rule, target)

    def _check(self, rule: Rule, target: RuleTarget) -> None:
        try:
            if target.crime is not None:
                self.framework.crime(target.crime).element(target.element)
            elif target.mode is not None:
                self.framework.mode(target.mode).element(target.element)
            for crime in rule.crimes:
                self.framework.crime(crime)
        except UnknownElement as exc:
            raise RulesError(f"rule {rule.id}: {exc}") from exc

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise RulesError(f"no rule {rule_id!r}")

    def articles(self, list_id: str | None) -> frozenset[str]:
        return self.lists[list_id].articles if list_id else frozenset()

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "version": self.version,
                "framework": {"id": self.framework.id, "version": self.framework.version},
                "rules": [{"id": r.id, "version": r.version, "kind": r.kind, "name": r.name.en,
                           "label": r.name.as_json()} for r in self.rules]}


def _params(raw: dict[str, Any]) -> Params:
    return Params(**raw)


def _target(raw: dict[str, str]) -> RuleTarget:
    return RuleTarget(element=raw["element"], crime=raw.get("crime"), mode=raw.get("mode"))


def from_document(document: dict[str, Any], framework: Framework | None = None) -> RuleSet:
    """The rules of a parsed file: step 1 the schema, step 2 the framework's references."""
    import jsonschema

    # 1. The schema.
    schema = json.loads(resources.files("sprava.law").joinpath(
        "data/rules.schema.json").read_text("utf-8"))
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(document),
                    key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "(top)"
        raise RulesError(f"rules file invalid at {where}: {first.message}"
                         + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""))
    # 2. The framework the rules are written against, and what the constructors check.
    framework = framework or current_framework()
    meta = document["ruleset"]
    if meta["framework"] != framework.id:
        raise RulesError(f"the rules are written for framework {meta['framework']!r}, "
                         f"not {framework.id!r}")
    lists = {raw["id"]: ArticleList(id=raw["id"], verify=raw["verify"], note=raw["note"],
                                    articles=frozenset(i["id"] for i in raw["items"]))
             for raw in document["lists"]}
    rules = tuple(Rule(id=raw["id"], version=raw["version"], kind=raw["kind"],
                       name=Labels(**raw["name"]),
                       crimes=tuple(raw["applies_to"]["crimes"]),
                       act_types=tuple(raw["applies_to"]["act_types"]),
                       targets=tuple(_target(t) for t in raw["targets"]),
                       params=_params(raw["params"]))
                  for raw in document["rules"])
    return RuleSet(id=meta["id"], version=meta["version"], framework=framework,
                   approximate_days=document["dates"]["approximate_days"], lists=lists,
                   rules=rules)


def load(path: Path | None = None, framework: Framework | None = None) -> RuleSet:
    """The rules in `path`, or those shipped with Sprava."""
    try:
        text = (path.read_text("utf-8") if path is not None else
                resources.files("sprava.law").joinpath("data/rules.json").read_text("utf-8"))
        document = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RulesError(f"cannot read the rules file: {exc}") from exc
    if not isinstance(document, dict):
        raise RulesError("a rules file holds one JSON object")
    return from_document(document, framework)


@functools.cache
def current() -> RuleSet:
    """The shipped rules, read once per process."""
    return load()
