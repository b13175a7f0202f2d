"""URLs of the legal layer's pages (beside the records pages' /acts/<id>/ and /cases/<ref>/):
assessments and conclusions, what rules propose, a case's charges, and jurisdiction per venue."""

from __future__ import annotations

from django.urls import path

from sprava.web import converters  # noqa: F401 - registers <id:...>
from sprava.web.law import assessments, charges, derived, jurisdiction

app_name = "law"
urlpatterns = [
    path("acts/<id:act>/assessments/new/", assessments.assessment_create,
         name="assessment-create"),
    path("assessments/<id:pk>/edit/", assessments.assessment_edit, name="assessment-edit"),
    path("assessments/<id:pk>/withdraw/", assessments.assessment_withdraw,
         name="assessment-withdraw"),
    path("acts/<id:act>/conclusions/new/", assessments.conclusion_create,
         name="conclusion-create"),
    path("cases/<slug:reference>/charges/", charges.charge_add, name="case-charges"),
    path("cases/<slug:reference>/charges/<slug:crime>/remove/", charges.charge_remove,
         name="charge-remove"),
    path("acts/<id:act>/derived/decide/", derived.decide, name="act-derived-decide"),
    path("cases/<slug:reference>/jurisdiction/", jurisdiction.case_jurisdiction,
         name="case-jurisdiction"),
]
