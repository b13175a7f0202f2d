"""Recording incidents: one function behind the incident form, the API, and what comes next.

An incident's own fields follow the rule of every record's dates (`sprava.records.dates`,
applied by `services.save_record`). What it adds is the other side of the testimonies' rule
(`sprava.records.testimonies`): an incident may not be moved to start after an account that
speaks of it was given.
"""

from __future__ import annotations

from sprava.records import services, testimonies
from sprava.records.models import Incident
from sprava.records.services import RecordError


def save_incident(incident: Incident, *, actor: str, reason: str = "") -> Incident:
    """Create or change an incident; refuses (RecordError, nothing written) a start that an
    interview or a written statement of its case would then predate.

    Permissions (EDIT in the case) are the caller's to check.
    """
    found = testimonies.incident_problems(incident)
    if found:
        raise RecordError(" ".join(found.values()))
    return services.save_record(incident, actor=actor, reason=reason)


__all__ = ["save_incident"]
