"""Schemathesis over the OpenAPI document: no request, valid or not, makes the server fail.

Every operation gets a few generated requests with a lead's token (who may do the most) and,
for negative examples, data that breaks the schema. Checks: no 5xx, documented status codes,
and responses that match their schema. Kept to a few examples per operation so the whole run
stays well under a minute; raise SCHEMATHESIS_EXAMPLES to dig deeper.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import Evidence, World

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "6"))
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@pytest.fixture
def api_schema(world: World, evidence: Evidence) -> Iterator[Any]:
    """The schema, served by the real WSGI application inside the test's transaction.

    Like Django's test client, keep the database connection open across requests: closing it
    at the end of a request would end the test's transaction (PostgreSQL).
    """
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def known_references(world: World, evidence: Evidence) -> dict[str, Any]:
    """Body fields that name other records, set to records of the world."""
    return {
        "item": evidence.ours.pk,
        "case": world.personas.case.reference, "incident": world.incident.pk,
        "incidents": [world.incident.pk], "act": world.act.pk, "act_type": "torture",
        "victim": world.victim.pk, "perpetrator": world.perpetrator.pk,
        "person": world.victim.pk, "given_by": world.witness.pk, "place": world.place.code,
        "organisation": world.organisation.pk, "parent": None,
    }


def path_ids(world: World) -> dict[str, int]:
    return {
        "cases": world.personas.case.pk, "incidents": world.incident.pk, "acts": world.act.pk,
        "involvements": world.involvement.pk, "persons": world.victim.pk,
        "positions": world.position.pk, "custody-periods": world.custody.pk,
        "testimonies": world.testimony.pk, "consents": world.consent.pk,
        "organisations": world.organisation.pk, "places": world.place.pk,
        "act-types": world.act_type.pk,
    }


def _aim(case: Any, world: World, evidence: Evidence) -> None:
    """Point a generated request at records that exist, so that it gets past the lookups."""
    if isinstance(case.body, dict):
        for name, value in known_references(world, evidence).items():
            if name in case.body:
                case.body[name] = value
    if case.path_parameters and "id" in case.path_parameters:
        kind = case.operation.path.split("/")[3]
        ids = {**path_ids(world), "evidence": evidence.ours.pk}  # the lead's number for it
        case.path_parameters["id"] = ids.get(kind, 1)
    if case.path_parameters and "item_id" in case.path_parameters:
        case.path_parameters["item_id"] = evidence.ours.pk


def _exercise(operation: Any, world: World, evidence: Evidence, mode: str) -> None:
    headers = {"Authorization": f"Bearer {world.tokens['lead']}"}
    generation = GenerationMode.NEGATIVE if mode == "invalid" else GenerationMode.POSITIVE

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=generation))
    def run(case: Any) -> None:
        if mode == "aimed":
            _aim(case, world, evidence)
        response = case.call(headers=headers)
        checks = CHECKS if mode == "valid" else [not_a_server_error]
        case.validate_response(response, checks=checks)

    run()


@pytest.mark.parametrize("mode", ["valid", "invalid", "aimed"])
def test_no_request_makes_the_server_fail(api_schema: Any, world: World, evidence: Evidence,
                                          mode: str) -> None:
    """`valid`: any data the schema allows; `invalid`: data it forbids; `aimed`: valid data
    naming existing records, which reaches the writes."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 60, "every record type has its operations"
    operations.sort(key=lambda operation: operation.method == "delete")  # keep records longer
    failures = []
    for operation in operations:
        try:
            _exercise(operation, world, evidence, mode)
        except Exception as exc:  # collect all: one report names every failing operation
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert not failures, "\n\n".join(failures)


def test_the_openapi_document_is_served_and_names_every_record_type(world: World) -> None:
    document = world.client("lead").get("/openapi.json").json()
    paths = set(document["paths"])
    for kind in ("cases", "incidents", "acts", "act-types", "persons", "organisations",
                 "positions", "involvements", "places", "custody-periods", "testimonies",
                 "consents", "evidence"):
        assert f"/api/v1/{kind}" in paths
    for operation in ("", "/download", "/proof"):
        assert f"/api/v1/evidence/{{id}}{operation}" in paths
    assert "multipart/form-data" in document["paths"]["/api/v1/evidence"]["post"][
        "requestBody"]["content"]
    assert document["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
