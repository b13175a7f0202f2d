"""Every kind of record the pages know, by name."""

from __future__ import annotations

from sprava.web.records.config.acts import ACT, ACT_TYPE, INVOLVEMENT
from sprava.web.records.config.cases import CASE, INCIDENT
from sprava.web.records.config.people import CONSENT, CUSTODY, NAME, PERSON, POSITION, ROLE
from sprava.web.records.config.reference import ORGANISATION, PLACE
from sprava.web.records.config.testimonies import TESTIMONY
from sprava.web.records.kinds import Kind

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (CASE, INCIDENT, ACT, INVOLVEMENT, TESTIMONY, PERSON, NAME, ROLE, CUSTODY,
                 POSITION, CONSENT, PLACE, ORGANISATION, ACT_TYPE)
}
