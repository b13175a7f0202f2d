"""The one permission check of Sprava: pages, API, CLI and background tasks all ask here.

Rules:

1. Default deny. A user sees a case, and anything recorded in it, only through a `Membership`
   of that case. Anonymous and deactivated users see nothing and may do nothing.
2. What a member may do follows from the role (`ROLE_PERMISSIONS`). Seeing the real identity of
   protected persons is not part of any role: it is granted per membership (`identity_access`).
3. Organisation administrators (superusers) manage accounts, cases and the members of any case
   (`Permission.ADMINISTER`, and `MANAGE_MEMBERS` everywhere), but they do NOT see the content
   of a case unless they are members of it themselves. Adding oneself is possible, and is a
   custody event like any other grant.
4. The identity rule. A protected person's identity is held by one case, their protecting case
   (`Person.protecting_case`: the case they were protected in). Identity access in that case,
   and only there, shows their names, birth date, notes and the facts of `records.identity.
   HIDDEN_FACTS`; identity access in any other case that refers to them shows nothing more. So
   that the protecting team stays in control, any record that takes a protected person into
   another case (a role, a consent for that case, a testimony given, an act suffered, an
   involvement: `records.identity.person_links`) needs a lead of the protecting case
   (`require_links`); every path that writes one (pages, API, CSV import) asks here. The
   protecting team sees every other case that refers to the person
   (`records.identity.other_cases`).

Cost: the memberships of a user are read in one query, the first time a check needs them, and
kept on that user object: in the web and the API, one object per request, so a membership
granted or ended shows at the next request. Every check and query-set filter of the request
works from that one read (the filters name the case ids, instead of reading the memberships
again in a subquery of every filter). Call `forget(user)` if the memberships of a long-lived
user object change behind its back; the membership functions do that for the objects they are
given.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, PermissionsMixin
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy

from sprava.accounts.errors import PermissionDenied
from sprava.cases.models import Case, Membership, Role
from sprava.records.identity import deletion_case_ids, person_links
from sprava.records.models import (
    Act,
    Consent,
    CustodyPeriod,
    Incident,
    Involvement,
    Person,
    PersonName,
    PersonRole,
    Position,
    Testimony,
)

__all__ = [
    "CASE_PATHS",
    "ROLE_PERMISSIONS",
    "CasePath",
    "Permission",
    "PermissionDenied",
    "can",
    "case_field",
    "case_field_through",
    "case_ids_of",
    "case_path_of",
    "cases_where",
    "declare_case_path",
    "filter_visible",
    "forget",
    "has_identity_access",
    "identity_case_ids",
    "in_cases",
    "is_administrator",
    "may_change",
    "may_see",
    "member_case_ids",
    "require",
    "require_change",
    "require_links",
    "role_in",
    "sees_identity",
    "visible_cases",
]

AnyUser = AbstractBaseUser | AnonymousUser
M = TypeVar("M", bound=Model)


class Permission(StrEnum):
    VIEW = "view"
    """Read the case and every record, testimony and evidence item in it (pseudonymised)."""
    EDIT = "edit"
    """Create, change and delete records; upload and link evidence."""
    ANALYSE = "analyse"
    """Link and merge records, assess evidence against the elements of crimes, run analyses."""
    CONCLUDE = "conclude"
    """Record conclusions on the elements of crimes, and the crimes a case charges: a lawyer's
    judgement, not an analyst's."""
    EXPORT = "export"
    """Build case files and CSV exports: material that leaves the platform."""
    MANAGE_MEMBERS = "manage_members"
    """Grant, change and revoke memberships of the case."""
    REVEAL_IDENTITY = "reveal_identity"
    """See the real identity of protected persons (granted per membership, not by role)."""
    ADMINISTER = "administer"
    """Organisation level: accounts, cases, security policy. No access to case content."""


ROLE_PERMISSIONS: Mapping[str, frozenset[Permission]] = {
    Role.VIEWER: frozenset({Permission.VIEW}),
    Role.ANALYST: frozenset({Permission.VIEW, Permission.ANALYSE}),
    Role.INVESTIGATOR: frozenset({Permission.VIEW, Permission.EDIT}),
    Role.LAWYER: frozenset(
        {Permission.VIEW, Permission.EDIT, Permission.ANALYSE, Permission.CONCLUDE,
         Permission.EXPORT}
    ),
    Role.LEAD: frozenset(
        {
            Permission.VIEW,
            Permission.EDIT,
            Permission.ANALYSE,
            Permission.CONCLUDE,
            Permission.EXPORT,
            Permission.MANAGE_MEMBERS,
        }
    ),
}
# Permissions about the organisation rather than one case.
ORGANISATION_PERMISSIONS = frozenset({Permission.ADMINISTER})

_CACHE = "_sprava_access"


@dataclass(frozen=True)
class _Access:
    roles: Mapping[int, str]
    identity: frozenset[int]


_NOBODY = _Access(roles={}, identity=frozenset())


def _active(user: AnyUser | None) -> bool:
    return user is not None and bool(user.is_authenticated) and bool(user.is_active)


def _access(user: AnyUser | None) -> _Access:
    if user is None or not _active(user):
        return _NOBODY
    cached = getattr(user, _CACHE, None)
    if isinstance(cached, _Access):
        return cached
    rows = Membership.objects.filter(user_id=_user_id(user)).values_list(
        "case_id", "role", "identity_access"
    )
    roles: dict[int, str] = {}
    identity: set[int] = set()
    for case_id, role, identity_access in rows:
        roles[case_id] = role
        if identity_access:
            identity.add(case_id)
    access = _Access(roles=roles, identity=frozenset(identity))
    setattr(user, _CACHE, access)
    return access


def forget(user: AnyUser | None) -> None:
    """Drop what this user object knows of its memberships; the next check reads them again."""
    if user is None:
        return
    # delattr, not vars(): request.user is a lazy proxy that forwards attribute access.
    with contextlib.suppress(AttributeError):
        delattr(user, _CACHE)


def _user_id(user: AnyUser) -> int:
    # Only called for active, signed-in users: they have a primary key.
    return int(user.pk)  # type: ignore[arg-type]


def _case_id(case: Case | int) -> int:
    return case if isinstance(case, int) else int(case.pk)


def is_administrator(user: AnyUser | None) -> bool:
    """An organisation administrator: an active superuser. Not thereby a member of any case."""
    return _active(user) and isinstance(user, PermissionsMixin) and bool(user.is_superuser)


def role_in(user: AnyUser | None, case: Case | int) -> str | None:
    """The user's role in the case, or None when not a member."""
    return _access(user).roles.get(_case_id(case))


def can(user: AnyUser | None, perm: Permission, case: Case | int | None = None) -> bool:
    """Whether the user may do `perm` in `case` (or, for organisation permissions, at all)."""
    if perm in ORGANISATION_PERMISSIONS:
        return is_administrator(user)
    if case is None or not _active(user):
        return False
    if perm is Permission.MANAGE_MEMBERS and is_administrator(user):
        return True
    access = _access(user)
    case_id = _case_id(case)
    role = access.roles.get(case_id)
    if role is None:
        return False
    if perm is Permission.REVEAL_IDENTITY:
        return case_id in access.identity
    return perm in ROLE_PERMISSIONS.get(role, frozenset())


def require(user: AnyUser | None, perm: Permission, case: Case | int | None = None) -> None:
    """Return nothing if `can(user, perm, case)`, else raise `PermissionDenied`."""
    if can(user, perm, case):
        return
    who = user.get_username() if user is not None and _active(user) else "an anonymous visitor"
    where = ""
    if isinstance(case, Case):
        where = f" in case {case.reference}"
    elif case is not None:
        where = f" in case #{case}"
    raise PermissionDenied(f"{who} may not {perm.value.replace('_', ' ')}{where}")


def may_delete(user: AnyUser | None, case_ids: Iterable[int]) -> bool:
    """Whether the user may delete a record that belongs to all of these cases.

    Deleting takes a record out of every case it belongs to. A person can have roles in several
    teams' cases: one team may change the person (EDIT in any of their cases, as for every
    record) but not remove them from another team's files. So deleting needs EDIT in each of
    the cases; otherwise the team removes its own role, and the person stays for the others.
    """
    ids = set(case_ids)
    return bool(ids) and all(can(user, Permission.EDIT, case_id) for case_id in ids)


PERSON_DELETE_REFUSAL = gettext_lazy(
    "This person also has a role in a case you may not change, and deleting them would take "
    "them out of that team's files too. Remove their role in your case instead: the person "
    "then leaves your case and stays in the other."
)


def person_delete_refusal(user: AnyUser | None, person: Person) -> str | None:
    """Why the user may not delete this person (None when they may): pages and API alike."""
    if may_delete(user, deletion_case_ids(person)):
        return None
    return str(PERSON_DELETE_REFUSAL)


def has_identity_access(user: AnyUser | None, case: Case | int) -> bool:
    """Whether the user may see real identities of protected persons in this case."""
    return can(user, Permission.REVEAL_IDENTITY, case)


def identity_case_ids(user: AnyUser | None) -> set[int]:
    """The ids of the cases in which the user may see real identities of protected persons."""
    return set(_access(user).identity)


def sees_identity(user: AnyUser | None, person: Person) -> bool:
    """Whether this person's identity is shown to this user: not protected, or identity access
    in their protecting case (rule 4; no other case's identity access counts)."""
    if not person.protected:
        return True
    return person.protecting_case_id in _access(user).identity


TAKING_REFUSAL = gettext_lazy(
    "%(person)s is a protected person: only a lead of the case that protects them may take "
    "them into another case. Ask that case's lead to add them."
)


def may_take_into(user: AnyUser | None, person: Person, case: Case | int) -> bool:
    """Whether the user may tie this person to this case (rule 4): always for an unprotected
    person and in the protecting case itself, else only a lead of the protecting case."""
    if not person.protected or person.protecting_case_id == _case_id(case):
        return True
    holder = person.protecting_case_id
    return holder is not None and role_in(user, holder) == Role.LEAD


def require_links(user: AnyUser | None, record: Model) -> None:
    """Refuse, with a translated message, a record that would take a protected person into a
    case other than their protecting one without its lead (rule 4). Call before saving."""
    for person, case_id in person_links(record):
        if not may_take_into(user, person, case_id):
            raise PermissionDenied(str(TAKING_REFUSAL % {"person": person.pseudonym}))


def case_to_protect_in(user: AnyUser | None, person: Person) -> Case | None:
    """The case a user protects a person in: the earliest of the person's roles in a case where
    the user may edit (None: let `services.protect` choose the earliest role's case)."""
    for role in PersonRole.objects.filter(person=person).select_related("case").order_by("id"):
        if can(user, Permission.EDIT, role.case_id):
            return role.case
    return None


def member_case_ids(user: AnyUser | None) -> list[int]:
    """The ids of the cases the user is a member of, from the one read of their memberships
    that every check of the request shares (see Cost, above)."""
    return sorted(_access(user).roles)


def visible_cases(user: AnyUser | None) -> QuerySet[Case]:
    """The cases the user is a member of (administrators included: membership is what counts)."""
    if user is None or not _active(user):
        return Case.objects.none()
    return Case.objects.filter(pk__in=member_case_ids(user))


def cases_where(user: AnyUser | None, perm: Permission) -> QuerySet[Case]:
    """The cases in which the user may do `perm`, e.g. to offer them in a form."""
    if user is None or not _active(user) or perm in ORGANISATION_PERMISSIONS:
        return Case.objects.none()
    if perm is Permission.MANAGE_MEMBERS and is_administrator(user):
        return Case.objects.all()
    access = _access(user)
    if perm is Permission.REVEAL_IDENTITY:
        ids = sorted(access.identity)
    else:
        ids = sorted(case_id for case_id, role in access.roles.items()
                     if perm in ROLE_PERMISSIONS.get(role, frozenset()))
    return Case.objects.filter(pk__in=ids)


# --- Where each kind of record belongs -------------------------------------------------------


@dataclass(frozen=True)
class CasePath:
    """How the rows of one model reach the cases they are recorded in.

    `path` leads from the model to a case ("incident__case"; "pk" for a case itself). Where it
    leads to no case for a row (a null case), `otherwise` decides: a consent given for one case
    belongs to that case only, and a consent given for every case to its person's cases.
    """

    path: str
    otherwise: str = ""

    def q(self, case_ids: Iterable[int] | QuerySet[Any, Any]) -> Q:
        """Rows recorded in one of these cases, as a filter of the model's query set."""
        own = Q(pk__in=case_ids) if self.path == "pk" else Q(**{f"{self.path}__in": case_ids})
        if not self.otherwise:
            return own
        return own | Q(**{f"{self.path}__isnull": True, f"{self.otherwise}__in": case_ids})

    def multivalued(self, model: type[Model]) -> bool:
        # A list, not a generator: every path is checked (a wrong one raises), not just the
        # first that is multivalued.
        return any([_is_multivalued(model, path) for path in (self.path, self.otherwise)
                    if path and path != "pk"])

    def case_ids(self, obj: Model) -> set[int]:
        """The cases of one row, from its (possibly unsaved, possibly just changed) fields."""
        found = _follow(obj, self.path)
        if not found and self.otherwise:
            found = _follow(obj, self.otherwise)
        return found


def _follow(obj: Model, path: str) -> set[int]:
    """The case ids at the end of `path` from `obj`, read through prefetched rows if any."""
    if path == "pk":
        return {int(obj.pk)} if obj.pk is not None else set()
    *steps, last = path.split("__")
    rows: list[Any] = [obj]
    for step in steps:
        following: list[Any] = []
        for row in rows:
            value = getattr(row, step, None)
            if value is None:
                continue
            if hasattr(value, "all"):  # a related manager: a person's roles
                if getattr(row, "pk", None) is None:
                    continue  # an unsaved row has no related rows yet
                following.extend(value.all())
            else:
                following.append(value)
        rows = following
    return {case_id for row in rows if (case_id := getattr(row, f"{last}_id", None)) is not None}


_PERSONS_CASES = "person__roles__case"

# Every kind of record that belongs to cases, and how it reaches them: declared here once, for
# the pages, the API, search and exports alike. A record of a model not listed here belongs to
# no case (shared reference data) and `case_ids_of` refuses it, so that a new kind cannot be
# checked by accident against nothing. Apps above this layer (the legal layer's assessments)
# declare theirs with `declare_case_path` when they are loaded.
_CASE_PATHS: dict[type[Model], CasePath] = {
    Case: CasePath("pk"),
    Incident: CasePath("case"),
    Act: CasePath("incident__case"),
    Involvement: CasePath("act__incident__case"),
    Testimony: CasePath("case"),
    Testimony.incidents.through: CasePath("testimony__case"),
    Person: CasePath("roles__case"),
    # What lives on a person's page belongs to the person's cases, except what names a case of
    # its own: a role is the person's place in one case, a consent may be given for one case.
    PersonName: CasePath(_PERSONS_CASES),
    CustodyPeriod: CasePath(_PERSONS_CASES),
    Position: CasePath(_PERSONS_CASES),
    PersonRole: CasePath("case"),
    Consent: CasePath("case", otherwise=_PERSONS_CASES),
    # Links of evidence items to records belong to the record's cases.
    Incident.evidence.through: CasePath("incident__case"),
    Act.evidence.through: CasePath("act__incident__case"),
    Person.evidence.through: CasePath("person__roles__case"),
    Testimony.evidence.through: CasePath("testimony__case"),
}
CASE_PATHS: Mapping[type[Model], CasePath] = MappingProxyType(_CASE_PATHS)


def declare_case_path(model: type[Model], rule: CasePath) -> None:
    """Declare how the rows of a model of a higher layer reach their cases (from its app's
    `ready`): this layer may not import that model, yet its rows are checked here like any
    record's. A model is declared once; declaring it again with another path is refused."""
    known = _CASE_PATHS.get(model)
    if known is not None and known != rule:
        raise ValueError(f"{model.__name__} already reaches its cases by {known.path!r}")
    rule.multivalued(model)  # a path that leads nowhere fails here, at start-up
    _CASE_PATHS[model] = rule


def case_path_of(model: type[Model]) -> CasePath:
    try:
        return CASE_PATHS[model]
    except KeyError:
        raise ValueError(f"{model.__name__} belongs to no case (not in CASE_PATHS)") from None


def case_field(model: type[Model], *then: str) -> str:
    """The model's path to its case as a lookup string, for what needs the path itself:
    ordering, `values`, `select_related`, a lookup on the case's own fields (`case_field(Act,
    "reference")` is "incident__case__reference"). To keep rows of some cases, use `in_cases`.

    Refused for a model whose rows reach their case in two ways (a consent): no one path
    names its case there.
    """
    rule = case_path_of(model)
    if rule.otherwise:
        raise ValueError(f"{model.__name__} reaches its cases by two paths: use in_cases")
    return "__".join([rule.path, *then])


def case_field_through(model: type[Model], relation: str) -> str:
    """The path from `model`, through its `relation` to records, on to those records' cases:
    what is reached through records rather than recorded in a case (an evidence item's links,
    `case_field_through(Item, "acts")` is "acts__incident__case"), named without importing
    the records' models."""
    related = model._meta.get_field(relation).related_model
    if not isinstance(related, type):
        raise ValueError(f"{model.__name__}.{relation} leads to no model")
    return f"{relation}__{case_field(related)}"


Cases = Case | int | Iterable[Case | int] | QuerySet[Case] | QuerySet[Case, int]


def _as_case_ids(cases: Cases) -> Iterable[int] | QuerySet[Any, Any]:
    if isinstance(cases, Case | int):
        return [_case_id(cases)]
    if isinstance(cases, QuerySet):
        return cases  # a subquery of the caller's query
    return [_case_id(case) for case in cases]


def in_cases(model: type[Model], cases: Cases) -> Q:
    """Rows of `model` recorded in one of these cases (a case, its id, several, or a query set
    of cases), as a filter of the model's query set, by its declaration in `CASE_PATHS`.

    Where the path is multivalued (a person's roles) the filter is a subquery, so that no row
    is repeated. This checks no permission: narrow to what the reader sees with
    `filter_visible`.
    """
    rule = case_path_of(model)
    own = rule.q(_as_case_ids(cases))
    if not rule.multivalued(model):
        return own
    return Q(pk__in=model._base_manager.filter(own).values("pk"))


def case_ids_of(obj: Model) -> set[int]:
    """The cases a record is recorded in: who reads it (members) and who changes it (EDIT)."""
    return case_path_of(type(obj)).case_ids(obj)


def may_see(user: AnyUser | None, obj: Model) -> bool:
    """Whether the user is a member of a case the record is recorded in."""
    roles = _access(user).roles
    return any(case_id in roles for case_id in case_ids_of(obj))


def may_change(user: AnyUser | None, obj: Model) -> bool:
    """Whether the user may change the record: EDIT in one of its cases."""
    return any(can(user, Permission.EDIT, case_id) for case_id in case_ids_of(obj))


def require_change(user: AnyUser | None, obj: Model) -> None:
    """Return nothing if `may_change(user, obj)`, else raise `PermissionDenied`."""
    if may_change(user, obj):
        return
    who = user.get_username() if user is not None and _active(user) else "an anonymous visitor"
    raise PermissionDenied(f"{who} may not edit this {obj._meta.verbose_name}")


def _is_multivalued(model: type[Model], path: str) -> bool:
    """Whether following `path` from `model` can reach several rows (so a join would repeat)."""
    current: type[Model] | None = model
    for name in path.split("__"):
        if current is None:
            raise ValueError(f"{path!r} does not lead to a case")
        try:
            field = current._meta.get_field(name)
        except FieldDoesNotExist as exc:
            raise ValueError(f"{model.__name__} has no path {path!r} to a case") from exc
        if field.many_to_many or field.one_to_many:
            return True
        related = field.related_model
        current = related if isinstance(related, type) else None
    return False


def filter_visible(
    user: AnyUser | None, queryset: QuerySet[M],
    case_path: str | Sequence[str] | None = None,
) -> QuerySet[M]:
    """Keep the rows of `queryset` that belong to a case the user is a member of.

    Without `case_path`, the model's own declaration in `CASE_PATHS` decides: that is the rule
    for every record. `case_path` is for what is reached through records rather than recorded
    in a case (an evidence item, linked to incidents, acts and persons): several paths keep a
    row reachable through any of them. A row is never repeated; the filter is a subquery of
    the caller's query.
    """
    if user is None or not _active(user):
        return queryset.none()
    member_cases = member_case_ids(user)
    model = queryset.model
    if case_path is None:
        rule = case_path_of(model)
        reachable, multivalued = rule.q(member_cases), rule.multivalued(model)
    else:
        paths = [case_path] if isinstance(case_path, str) else list(case_path)
        reachable = Q()
        for path in paths:
            rule = CasePath("pk" if path in ("", "pk", "id") else path)
            reachable |= rule.q(member_cases)
        multivalued = any([CasePath(p).multivalued(model) for p in paths
                           if p not in ("", "pk", "id")]) or len(paths) > 1
    if not multivalued:
        return queryset.filter(reachable)
    # A correlated EXISTS, not `pk IN (every visible row)`: a page of fifty can then walk the
    # table in its sort order and stop after fifty, instead of listing every visible row first.
    matching = model._base_manager.filter(reachable, pk=OuterRef("pk"))
    return queryset.filter(Exists(matching))
