"""URLs of the legal layer's pages (beside the records pages' /acts/<id>/ and /cases/<ref>/):
assessments and conclusions, what rules propose, a case's charges, and jurisdiction per venue."""

from __future__ import annotations

from django.urls import path

from sprava.web import converters  # noqa: F401 - registers <id:...>
from sprava.web.law import assessments, charges, derived, jurisdiction, matrix

app_name = "law"
urlpatterns = [
    path("acts/<id:act>/assessments/new/", assessments.assessment_create,
         name="assessment-create"),
    path("assessments/<id:pk>/edit/", assessments.assessment_edit, name="assessment-edit"),
    path("assessments/<id:pk>/withdraw/", assessments.assessment_withdraw,
         name="assessment-withdraw"),
    path("acts/<id:act>/conclusions/new/", assessments.conclusion_create,
         name="conclusion-create"),
    path("cases/<slug:reference>/perpetrators/<id:person>/assessments/new/",
         assessments.perpetrator_assessment_create, name="perpetrator-assessment-create"),
    path("cases/<slug:reference>/perpetrators/<id:person>/conclusions/new/",
         assessments.perpetrator_conclusion_create, name="perpetrator-conclusion-create"),
    path("cases/<slug:reference>/context/assessments/new/",
         assessments.context_assessment_create, name="context-assessment-create"),
    path("cases/<slug:reference>/context/conclusions/new/",
         assessments.context_conclusion_create, name="context-conclusion-create"),
    path("cases/<slug:reference>/charges/", charges.charge_add, name="case-charges"),
    path("cases/<slug:reference>/charges/<slug:crime>/remove/", charges.charge_remove,
         name="charge-remove"),
    path("acts/<id:act>/derived/decide/", derived.decide, name="act-derived-decide"),
    path("cases/<slug:reference>/matrix/", matrix.matrix, name="case-matrix"),
    path("cases/<slug:reference>/matrix/acts/", matrix.matrix_acts, name="matrix-acts"),
    path("cases/<slug:reference>/matrix/perpetrators/", matrix.matrix_perpetrators,
         name="matrix-perpetrators"),
    # Not a slug after the case: no path segment is ever read as this.
    path("cases/<slug:reference>/matrix.csv", matrix.matrix_csv, name="matrix-csv"),
    path("cases/<slug:reference>/gaps/", matrix.gaps_page, name="case-gaps"),
    path("cases/<slug:reference>/jurisdiction/", jurisdiction.case_jurisdiction,
         name="case-jurisdiction"),
]
