"""The endpoints every record type has, made from one declaration per type.

`register(router, RecordType(...))` adds, under the router's prefix:

    GET    ""       the rows the reader sees: filtered, ordered, paged
    POST   ""       create
    GET    "/{id}"  one row
    PATCH  "/{id}"  change the fields a body names
    DELETE "/{id}"  delete (with a reason, which the ledger keeps)

(`sprava.api.evidence` adds the evidence-link endpoints from the same declaration.)

The rules live here once, so that no type can forget one:

- A row the reader may not see is 404 on every path, exactly like a row that is not there.
- Changing or deleting a row needs the type's `writable` check (EDIT in a case the row belongs
  to, `in_its_cases`), else 403. Creating needs what the body names to be writable: a type's `apply`
  resolves references as the reader sees them (400 "unknown ...") and checks EDIT there.
- Every write goes through `sprava.records.services` (one ledger event per change).
- Lists take `order`: one field of the type's allow-list, `-` first for descending, ties broken
  by id in the same direction; anything else is refused (400). Pages stay bounded.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from django.db.models import F, Model, QuerySet
from django.db.models.expressions import OrderBy
from django.http import HttpRequest
from ninja import Field, PatchDict, Query, Router, Schema, Status
from pydantic import create_model

from sprava.accounts import permissions
from sprava.api import common
from sprava.api.common import (
    ChangeReason,
    DeleteReason,
    IdPath,
    PageParams,
    Reader,
    page_schema,
    reader,
    responses,
)

M = TypeVar("M", bound=Model)


def _as_is(r: Reader, rows: QuerySet[Any], filters: Any) -> QuerySet[Any]:
    return rows


def in_its_cases(r: Reader, row: Any) -> None:
    """The usual write check: EDIT in one of the cases the row is recorded in, as its model
    declares them (`permissions.CASE_PATHS`, which the pages ask too)."""
    common.require_edit(r, permissions.case_ids_of(row))


@dataclass(frozen=True)
class Names:
    """How a type's operations are named: their summaries and (stable) operation ids."""

    one: str  # "act"
    many: str  # "acts"
    a: str  # "an act"
    module: str  # the declaring module: operation ids read `<module>_<verb>_<stem>`
    stems: tuple[str, str] | None = None  # (one, many) in operation ids, if not the words
    summaries: Mapping[str, str] = field(default_factory=dict)

    def summary(self, operation: str) -> str:
        default = {"list": f"List {self.many}", "create": f"Record {self.a}",
                   "get": f"One {self.one}", "change": f"Change {self.a}",
                   "delete": f"Delete {self.a}"}
        return self.summaries.get(operation, default[operation])

    @property
    def stem(self) -> str:
        return self.stems[0] if self.stems else self.one.replace(" ", "_")

    def name(self, operation: str) -> str:
        """The view's name, as the hand-written views had it: `list_acts`, `get_act`, ..."""
        many = self.stems[1] if self.stems else self.many.replace(" ", "_")
        return f"{operation}_{many if operation == 'list' else self.stem}"

    def route(self, operation: str, *, name: str = "", summary: str = "") -> dict[str, Any]:
        """The keyword arguments naming an operation in the OpenAPI document and the URLconf."""
        name = name or self.name(operation)
        return {"summary": summary or self.summary(operation), "url_name": name,
                "operation_id": f"{self.module}_{name}".replace(".", "_")}


@dataclass(frozen=True, kw_only=True)
class RecordType(Generic[M]):
    """What one record type declares; `register` makes its endpoints from it."""

    names: Names
    rows: Callable[[Reader], QuerySet[M]]  # what the reader may see, ready to present
    present: Callable[[Reader, M], dict[str, Any]]
    # Reads for a whole page what `present` would read row by row (no N+1 on lists).
    prepare: Callable[[Reader, list[M]], None] | None = None
    out: type[Schema]  # its page is `<Name>Page` for `<Name>Out`
    filters: type[PageParams] = PageParams
    narrow: Callable[[Reader, QuerySet[M], Any], QuerySet[M]] = _as_is
    # Public sort key -> field path; "id" is always allowed. Only fields every reader of the
    # list sees: ordering by a hidden one (a protected person's name) would disclose it.
    order: Mapping[str, str] = field(default_factory=dict)
    # Writing: none of these for read-only reference data.
    model: type[M] | None = None
    body: type[Schema] | None = None  # POST, and PATCH as a `PatchDict`
    create_body: type[Schema] | None = None  # POST, when it differs from `body`
    writable: Callable[[Reader, M], None] | None = None  # raises PermissionDenied
    deletable: Callable[[Reader, M], None] | None = None  # more than writable, to delete
    apply: Callable[[Reader, M, dict[str, Any]], None] | None = None
    write: Callable[[Reader, M, dict[str, Any], str], M] | None = None  # instead of apply + save
    create: Callable[[Reader, dict[str, Any], str], M] | None = None  # a create of its own
    # A create that may make several rows at once (the same act for several victims): the
    # answer is the first row, as `out` shows it, with every row made under `created`
    # (`create_out` declares that answer).
    create_batch: Callable[[Reader, dict[str, Any], str], list[M]] | None = None
    create_out: type[Schema] | None = None
    reread: bool = True  # present a written row as `rows` reads it (with what they prefetch)

    def __post_init__(self) -> None:
        # A declaration that cannot write fails at start-up, not at its first request.
        if self.writes and (self.writable is None or (self.apply or self.write) is None
                            or (self.model or self.create) is None):
            raise TypeError(f"{self.names.many}: a type with a body needs writable, "
                            "apply or write, and model or create")

    @property
    def writes(self) -> bool:
        return self.body is not None

    def one(self, r: Reader, pk: int) -> M:
        """The row with this id among those the reader sees, else 404."""
        return common.one(self.rows(r), pk)

    def to_write(self, r: Reader, pk: int) -> M:
        """A row the reader sees (else 404) and may change (else 403)."""
        row = self.one(r, pk)
        self.check_write(r, row)
        return row

    def check_write(self, r: Reader, row: M) -> None:
        assert self.writable is not None, f"{self.names.many} are read only"
        self.writable(r, row)

    def save(self, r: Reader, row: M, data: dict[str, Any], reason: str) -> M:
        if self.write is not None:
            return self.write(r, row, data, reason)
        assert self.apply is not None  # __post_init__
        self.apply(r, row, data)
        return common.save(r, row, reason)

    def new(self, r: Reader, data: dict[str, Any], reason: str) -> M:
        if self.create is not None:
            return self.create(r, data, reason)
        assert self.model is not None  # __post_init__
        return self.save(r, self.model(), data, reason)

    def shown(self, r: Reader, row: M) -> dict[str, Any]:
        """A written row as the answer shows it."""
        return self.present(r, self.one(r, row.pk) if self.reread else row)


# --- order ---------------------------------------------------------------------------------


def sort_keys(order: Mapping[str, str]) -> dict[str, str]:
    """Every key a list accepts (each field ascending and, with `-`, descending) -> path."""
    fields = {"id": "id", **order}
    keys = {}
    for name, path in fields.items():
        keys[name] = path
        keys[f"-{name}"] = path
    return keys


def ordered(rows: QuerySet[M], key: str | None, order: Mapping[str, str], *,
            tie: str = "pk") -> QuerySet[M]:
    """Rows in the order asked for, ties broken by id (or by the unique field `tie`); else
    their usual order, then by it.

    Rows without a value come last either way, on SQLite as on PostgreSQL (which would
    otherwise put them first when descending, and SQLite when ascending).
    """
    if key is None:
        usual = rows.query.order_by or rows.model._meta.ordering or ()
        return rows.order_by(*usual, tie)
    path = sort_keys(order)[key]
    descending = key.startswith("-")
    first: OrderBy = F(path).desc(nulls_last=True) if descending else F(path).asc(nulls_last=True)
    return rows.order_by(first, f"-{tie}" if descending else tie)


def orderable(filters: type[PageParams], order: Mapping[str, str]) -> type[PageParams]:
    """The filters of a list with its `order` parameter: an enumeration of its sort keys.

    Same name as the filters it extends, so the OpenAPI document keeps its schema names.
    """
    keys = tuple(sort_keys(order))
    allowed: Any = Literal[keys]
    described = Field(None, description=(
        f"Sort by {', '.join(k for k in keys if not k.startswith('-'))}; a leading '-' sorts "
        "descending. Ties are broken by id; rows without a value come last."))
    made: type[PageParams] = create_model(
        filters.__name__, __base__=filters, __module__=filters.__module__,
        order=(allowed | None, described))
    return made


# --- the endpoints -------------------------------------------------------------------------


def register(router: Router, spec: RecordType[Any]) -> None:
    """Add the type's endpoints to its router (see the module's docstring)."""
    page = page_schema(spec.out, spec.out.__name__.removesuffix("Out") + "Page")
    _list(router, spec, page)
    if spec.writes:
        _create(router, spec)
    _get(router, spec)
    if spec.writes:
        _change(router, spec)
        _delete(router, spec)


def _list(router: Router, spec: RecordType[Any], page: type[Schema]) -> None:
    filters_type: Any = orderable(spec.filters, spec.order)

    def view(request: HttpRequest, filters: Query[filters_type]) -> Any:
        r = reader(request)
        rows = spec.narrow(r, spec.rows(r), filters)
        rows = ordered(rows, filters.order, spec.order)
        prepare = spec.prepare
        return common.page(rows, filters, lambda row: spec.present(r, row),
                           None if prepare is None else lambda page: prepare(r, page))

    router.get("", response=responses(200, page), **spec.names.route("list"))(view)


def _create(router: Router, spec: RecordType[Any]) -> None:
    body: Any = spec.create_body or spec.body

    def view(request: HttpRequest, payload: body, reason: ChangeReason = "") -> Any:
        r = reader(request)
        if spec.create_batch is not None:
            shown = [spec.shown(r, row) for row in spec.create_batch(r, payload.dict(), reason)]
            return Status(201, {**shown[0], "created": shown})
        row = spec.new(r, payload.dict(), reason)
        return Status(201, spec.shown(r, row))

    router.post("", response=responses(201, spec.create_out or spec.out),
                **spec.names.route("create"))(view)


def _get(router: Router, spec: RecordType[Any]) -> None:
    def view(request: HttpRequest, id: IdPath) -> Any:
        r = reader(request)
        return spec.present(r, spec.one(r, id))

    router.get("/{id}", response=responses(200, spec.out), **spec.names.route("get"))(view)


def _change(router: Router, spec: RecordType[Any]) -> None:
    changes: Any = PatchDict[spec.body]  # type: ignore[name-defined]

    def view(request: HttpRequest, id: IdPath, payload: changes,
             reason: ChangeReason = "") -> Any:
        r = reader(request)
        row = spec.to_write(r, id)
        return spec.shown(r, spec.save(r, row, payload, reason))

    router.patch("/{id}", response=responses(200, spec.out), **spec.names.route("change"))(view)


def _delete(router: Router, spec: RecordType[Any]) -> None:
    def view(request: HttpRequest, id: IdPath, reason: DeleteReason) -> Any:
        r = reader(request)
        row = spec.to_write(r, id)
        if spec.deletable is not None:
            spec.deletable(r, row)
        common.remove(r, row, reason)
        return Status(204, None)

    router.delete("/{id}", response=responses(204, None), **spec.names.route("delete"))(view)
