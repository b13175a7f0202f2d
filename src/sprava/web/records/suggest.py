"""The suggestions of the person picker: GET /persons/suggest/?q=<text>&case=<case>, as JSON.

A thin view over `sprava.search.suggest.suggest_persons`, which decides whom the reader may
find and what each suggestion shows (protected persons by pseudonym only, to every reader, so
that answering writes nothing to the ledger). Anonymous requests never get here: the login
middleware sends them to the log-in page.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from sprava import ids
from sprava.search.query import MAX_LENGTH
from sprava.search.suggest import suggest_persons
from sprava.web.records.context import Ctx


def _case_id(ctx: Ctx, value: str) -> int | None:
    """The case to rank first, by reference or number, only if the reader sees it: ranking by
    another team's case would tell which of the reader's persons have a role in it."""
    if not value:
        return None
    cases = ctx.visible_cases()
    number = ids.id_or_none(value)
    found = (cases.filter(pk=number) if number is not None
             else cases.filter(reference=value[:100]))
    return found.values_list("pk", flat=True).first()


@require_GET
def person_suggest(request: HttpRequest) -> JsonResponse:
    ctx = Ctx.of(request)
    text = request.GET.get("q", "")[:MAX_LENGTH]
    found = suggest_persons(ctx.user, text, case_id=_case_id(ctx, request.GET.get("case", "")))
    return JsonResponse({"results": [
        {"reference": s.reference, "label": s.label, "protected": s.protected,
         "roles": [{"role": role, "case": case} for role, case in s.roles]}
        for s in found]})
