"""Record models, one module per part of the documentation model."""

from sprava.records.models.cases import Act, Incident, Involvement, LiabilityMode
from sprava.records.models.dates import PartialDateSpan, Precision
from sprava.records.models.organisations import Organisation, OrganisationKind, Position
from sprava.records.models.people import (
    CustodyPeriod,
    Gender,
    NameKind,
    Person,
    PersonName,
    PersonRole,
    Role,
    Script,
)
from sprava.records.models.places import Place, PlaceKind
from sprava.records.models.testimony import Consent, Reliability, SourceKind, Testimony
from sprava.records.models.vocabulary import ActType, Labelled

__all__ = [
    "Act",
    "ActType",
    "Consent",
    "CustodyPeriod",
    "Gender",
    "Incident",
    "Involvement",
    "Labelled",
    "LiabilityMode",
    "NameKind",
    "Organisation",
    "OrganisationKind",
    "PartialDateSpan",
    "Person",
    "PersonName",
    "PersonRole",
    "Place",
    "PlaceKind",
    "Position",
    "Precision",
    "Reliability",
    "Role",
    "Script",
    "SourceKind",
    "Testimony",
]
