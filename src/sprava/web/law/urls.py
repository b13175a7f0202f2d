"""URLs of the legal analysis pages (beside the records pages' /acts/<id>/ and /cases/<ref>/):
assessments and conclusions, a case's charges, and /cases/<ref>/jurisdiction/."""

from __future__ import annotations

from django.urls import path

from sprava.web import converters  # noqa: F401 - registers <id:...>
from sprava.web.law import assessments, charges, jurisdiction

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
    path("cases/<slug:reference>/jurisdiction/", jurisdiction.case_jurisdiction,
         name="case-jurisdiction"),
]
