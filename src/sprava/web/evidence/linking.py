"""Evidence in its context: the records an item is linked to, and linking it from its own page
or at upload, under the same rule as a record's page (`sprava.web.records.evidence`).

A record is found only among those the reader may see (`web.records.access.visible`), so a
record of another team's case is answered exactly like one that does not exist; one they may
see but not change is refused with the reason the record's own page gives
(`access.refusal`: EDIT in the record's case, identity access for a protected person).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext, gettext_lazy

from sprava.accounts import permissions
from sprava.evidence.models import Item
from sprava.records import references, services
from sprava.records.models import Act
from sprava.records.services import case_of
from sprava.web.records import access, presenters
from sprava.web.records.config import KINDS
from sprava.web.records.context import Ctx
from sprava.web.records.fields import REASON_MAX
from sprava.web.records.kinds import Kind

# The kinds of record evidence is linked to (`Kind.evidence`), in the order the pages list them.
LINKABLE = ("incident", "act", "person", "testimony")
REFERENCE_MAX = 40


def kind_choices() -> list[tuple[str, Any]]:
    return [(name, KINDS[name].title) for name in LINKABLE]


def _label(kind: Kind) -> str:
    return kind.model._meta.label_lower


def example(kind_name: str) -> str:
    return references.reference(_label(KINDS[kind_name]), 12)


def find_record(ctx: Ctx, kind_name: str, text: str, *, to_link: bool) -> Model:
    """The record of this kind the reference names, among those the reader may see; with
    `to_link`, one they may also link evidence to. Else a ValidationError that tells nobody
    what exists in other cases."""
    kind = KINDS[kind_name]
    noun = str(kind.title).lower()
    try:
        ref = references.parse(text, _label(kind))
    except references.InvalidReference:
        raise ValidationError(
            gettext("“%(text)s” is not a reference of this kind of record; write it as "
                    "%(example)s.")
            % {"text": text[:REFERENCE_MAX], "example": example(kind_name)},
            code="invalid") from None
    found: Model | None = kind.for_detail(access.visible(ctx, kind)).filter(pk=ref.pk).first()
    if found is None:
        raise ValidationError(
            gettext("There is no %(kind)s %(reference)s among those you may see.")
            % {"kind": noun, "reference": ref}, code="missing")
    if to_link:
        refusal = access.refusal(ctx, kind, found)
        if refusal is not None:
            raise ValidationError(refusal, code="refused")
    return found


def record_by_reference(ctx: Ctx, text: str) -> Model:
    """A record of a linkable kind by a reference with its letter (`I-000012`), among those the
    reader may see: the evidence list's filter."""
    try:
        ref = references.parse(text)
    except references.InvalidReference:
        ref = None
    names = {_label(KINDS[name]): name for name in LINKABLE}
    if ref is None or ref.model not in names:
        raise ValidationError(
            gettext("Give a record's reference with its letter, e.g. %(examples)s.")
            % {"examples": ", ".join(example(name) for name in LINKABLE)}, code="invalid")
    return find_record(ctx, names[ref.model], text, to_link=False)


def describe(kind_name: str, obj: Model) -> str:
    """How an upload result or a message names a record: "incident I-000012"."""
    kind = KINDS[kind_name]
    return f"{str(kind.title).lower()} {references.reference(_label(kind), obj.pk)}"


def link(ctx: Ctx, record: Any, item: Item, *, reason: str = "") -> bool:
    """Link the item to the record, as the record's page does (`services.link_evidence`, a
    ledger event); False, and no event, when it was linked already. The caller has found the
    record with `find_record(..., to_link=True)`."""
    if record.evidence.filter(pk=item.pk).exists():
        return False
    services.link_evidence(record, item, actor=ctx.actor, reason=reason)
    return True


class LinkRecordForm(forms.Form):
    """From an item's page: the record to link it to, by kind and reference."""

    kind = forms.ChoiceField(label=gettext_lazy("Record"), choices=kind_choices)
    reference = forms.CharField(
        label=gettext_lazy("Reference"), max_length=REFERENCE_MAX,
        widget=forms.TextInput(attrs={"size": 12, "placeholder": "I-000012"}),
        help_text=gettext_lazy("As on the record's page, e.g. I-000012, P-000042 or 12."))
    reason = forms.CharField(label=gettext_lazy("Reason"), required=False, max_length=REASON_MAX)

    def __init__(self, *args: Any, ctx: Ctx, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ctx = ctx

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "kind" in data and "reference" in data and not self.errors:
            try:
                data["record"] = find_record(self.ctx, data["kind"], data["reference"],
                                             to_link=True)
            except ValidationError as exc:
                self.add_error("reference", exc)
        return data


def _rows(ctx: Ctx, kind_name: str, records: QuerySet[Any]) -> list[dict[str, Any]]:
    kind = KINDS[kind_name]
    rows = []
    for obj in records:
        case = case_of(obj)
        rows.append({
            "kind": kind.title,
            "kind_name": kind_name,
            "reference": references.reference(_label(kind), obj.pk),
            "label": kind.label(ctx, obj),
            "url": presenters.detail_url(kind, obj),
            "case": case.reference if case is not None else "",
            "unlink": presenters.action_url(kind, obj, "evidence")
            if access.may_edit(ctx, kind, obj) else "",
        })
    return rows


# What a row of each kind reads beside the record: its label (an act's type, a person's or a
# witness's names), its case, and what `access.refusal` asks (an act's victim, a person's roles).
_LOADS: dict[str, Callable[[QuerySet[Any]], QuerySet[Any]]] = {
    "incident": lambda qs: qs.select_related("case"),
    "act": lambda qs: qs.select_related("act_type", permissions.case_field(Act), "victim"),
    "person": lambda qs: qs.prefetch_related("names", "roles"),
    "testimony": lambda qs: qs.select_related("case", "given_by")
    .prefetch_related("given_by__names"),
}


def linked_records(ctx: Ctx, item: Item) -> list[dict[str, Any]]:
    """The records of each linkable kind that the item is linked to and the reader may see,
    in a fixed number of queries (one per kind, and the names and roles of the persons among
    them); protected persons by pseudonym unless the reader holds their identity (`Ctx`)."""
    rows: list[dict[str, Any]] = []
    if not ctx.case_ids:
        return rows  # a member of no case sees no record (and asks nothing to learn it)
    for name in LINKABLE:
        records = _LOADS[name](access.visible(ctx, KINDS[name]).filter(evidence=item))
        rows += _rows(ctx, name, records.order_by("pk"))
    return rows
