"""URLs of the records pages, made from the kinds: /incidents/, /incidents/<id>/, /incidents/new/,
/incidents/<id>/edit/, /incidents/<id>/delete/, /incidents/<id>/evidence/, /incidents/export.csv
and so on."""

from __future__ import annotations

from django.urls import URLPattern, path

from sprava.web import converters  # noqa: F401 - registers <id:...>
from sprava.web.records import evidence, exports, suggest, views
from sprava.web.records.config import KINDS
from sprava.web.records.kinds import Kind

app_name = "records"


def _patterns(kind: Kind) -> list[URLPattern]:
    key = "<slug:key>" if kind.lookup == "reference" else "<id:key>"
    base, name, args = kind.path, kind.name, {"kind": kind.name}
    patterns = [
        # "new/" comes before "<key>/", so it is never read as a record's key.
        path(f"{base}/new/", views.record_create, args, name=f"{name}-create"),
        path(f"{base}/{key}/", views.record_detail, args, name=f"{name}-detail"),
        path(f"{base}/{key}/edit/", views.record_edit, args, name=f"{name}-edit"),
        path(f"{base}/{key}/delete/", views.record_delete, args, name=f"{name}-delete"),
    ]
    if kind.listed:
        patterns.append(path(f"{base}/", views.record_list, args, name=f"{name}-list"))
    if exports.export_kind(kind) is not None:
        # Not a slug, so no case reference is ever read as this, nor this as one.
        patterns.append(path(f"{base}/export.csv", exports.record_export, args,
                             name=f"{name}-export"))
    if kind.evidence:
        patterns.append(path(f"{base}/{key}/evidence/", evidence.link, args,
                             name=f"{name}-evidence"))
    return patterns


# Before the persons' own patterns, so that "suggest" is never read as a person's key.
urlpatterns = [path("persons/suggest/", suggest.person_suggest, name="person-suggest")]
urlpatterns += [pattern for kind in KINDS.values() for pattern in _patterns(kind)]
urlpatterns.append(path("thumbnails/<id:item_id>/", evidence.thumbnail, name="thumbnail"))
