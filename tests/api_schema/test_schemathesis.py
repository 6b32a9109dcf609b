"""schemathesis against the served OpenAPI schema (/api/v1/schema/), as every role with API access.

For each role (caseworker, consultant, leder, api client) the schema is fetched from the running
application with that role's API token, and every operation in it is called with cases
schemathesis generates from the schema: positive ones (valid by the schema) and negative ones
(invalid on purpose). Path ids are drawn from the generated values and from real rows (the
caseworker's own citizen, another team's, the consultant's employer, a run and its matches...), so
the cases reach past the 404. Every response must pass:

- not_a_server_error: no 5xx;
- status_code_conformance: the status is one the operation documents;
- content_type_conformance: the content type is the documented one;
- response_schema_conformance: the body matches the documented schema for that status;
- response_headers_conformance: documented headers are present and valid.

Bounded: `API_FUZZ_EXAMPLES` cases per operation and mode (default 8), and at most
`API_FUZZ_SECONDS` seconds per role (default 150, a safety cap: an operation started is finished,
and the figures say how many operations were reached). Hypothesis is
derandomised, so a run is reproducible. Runs on PostgreSQL as its own step of scripts/run_tests.sh
(marker `api_fuzz`), and prints the number of cases per role.

Each request runs in a savepoint (as one request is one transaction in production), so a request
that fails does not poison the ones after it; a 500 is still a failure.
"""

from __future__ import annotations

import importlib
import os
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from django.apps import apps as django_apps
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from citizens.models import Benefit
from core.api.tokens import token_issue
from grid.candidate_requests import candidate_request_create
from grid.models import Match, MatchRun
from grid.services import match_propose, match_run_start
from strategy.models import FocusArea, Indicator
from tests.factories.citizens import (
    CitizenFactory,
    ConversationFactory,
    InterventionFactory,
    JobTrackFactory,
    PaidHoursFactory,
    PlanRevisionFactory,
)
from tests.factories.employers import (
    EmployerContactFactory,
    OpeningFactory,
    PlacementFactory,
    WorkplaceFactory,
    occupation_get_or_create,
)

pytestmark = [pytest.mark.postgres, pytest.mark.api_fuzz, pytest.mark.django_db]

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "8"))
SECONDS_PER_ROLE = float(os.environ.get("API_FUZZ_SECONDS", "150"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
ROLES = ["caseworker", "consultant", "manager", "api_user"]

# The figures of the whole module: printed at the end, per role.
TALLY: dict[str, dict[str, Any]] = {}


@contextmanager
def _connection_kept() -> Iterator[None]:
    """Django's WSGI handler closes the database connection at the start and end of a request;
    in a test the connection holds the test's transaction, so keep it (as Django's test client
    does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@dataclass
class World:
    """Real rows for the path ids, by the resource the path names."""

    ids: dict[str, list[int]] = field(default_factory=dict)
    # Body fields that name a row or a code: real values, so positive cases get past the 400.
    body: dict[str, list[Any]] = field(default_factory=dict)

    def for_path(self, path: str) -> list[int]:
        parts = [part for part in path.split("/") if part]
        # /api/v1/<resource>/{id}/...
        resource = parts[2] if len(parts) > 2 else ""
        return self.ids.get(resource, [])


@pytest.fixture
def world(
    caseworker,
    other_caseworker,
    consultant,
    manager,
    api_user,
    jobafsnit,
    django_capture_on_commit_callbacks,
) -> World:
    """A little of everything, so every path has a real row to reach."""
    grid_rules = importlib.import_module("grid.migrations.0002_starting_rules")
    grid_rules.forwards(django_apps, None)
    occupation_get_or_create("5322")
    own = CitizenFactory(team=jobafsnit, caseworker=caseworker, postcode="2750")
    foreign = CitizenFactory(
        team=other_caseworker.team,
        caseworker=other_caseworker,
        course__benefit=Benefit.SYGEDAGPENGE,
        course__readiness="",
    )
    for citizen in (own, foreign):
        ConversationFactory(citizen=citizen)
        InterventionFactory(citizen=citizen)
        JobTrackFactory(citizen=citizen, occupation=occupation_get_or_create("5322"))
        PaidHoursFactory(citizen=citizen)
        PlanRevisionFactory(citizen=citizen)
    workplace = WorkplaceFactory(postcode="2750", ordinary_employees=100)
    workplace.employer.consultant = consultant
    workplace.employer.save()
    opening = OpeningFactory(workplace=workplace, occupation_code="5322", seats=3, hours_min=10)
    placement = PlacementFactory(opening=opening, created_by=consultant)
    contact = EmployerContactFactory(employer=workplace.employer, by=consultant)
    with (
        override_settings(GRID_INCREMENTAL=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        run = match_run_start(actor=None, trigger=MatchRun.Trigger.NIGHTLY)
    run.refresh_from_db()
    matches = list(Match.objects.filter(run=run).order_by("pk")[:3])
    if matches:
        match_propose(actor=caseworker, match=matches[0])
    today = timezone.localdate()
    asked = candidate_request_create(actor=consultant, opening=opening, note="Hvem passer?")
    return World(
        ids={
            "citizens": [own.pk, foreign.pk],
            "employers": [workplace.employer_id],
            "workplaces": [workplace.pk],
            "openings": [opening.pk],
            "placements": [placement.pk],
            "employer-contacts": [contact.pk],
            "match-runs": [run.pk],
            "matches": [match.pk for match in matches],
            "candidate-requests": [asked.pk],
            "focus-areas": list(FocusArea.objects.values_list("pk", flat=True)[:2]),
            "indicators": list(Indicator.objects.values_list("pk", flat=True)[:3]),
        },
        body={
            "workplace": [workplace.pk],
            "employer": [workplace.employer_id],
            "opening": [opening.pk],
            "citizen": [own.pk],
            "citizens": [[own.pk]],
            "to_caseworker": [caseworker.pk],
            "team": [jobafsnit.pk],
            "occupation": ["5322"],
            "occupation_code": ["5322"],
            "period": ["2025-Q3", "2025-07"],
            **{
                name: [today.isoformat()]
                for name in ("date", "start", "month", "course_start", "effective", "when", "on")
            },
        },
    )


def _with_real_values(value: Any, real: dict[str, list[Any]], choice: int) -> Any:
    """`value` (a body) with the fields `real` names set to a real value (nested too)."""
    if isinstance(value, list):
        return [_with_real_values(item, real, choice) for item in value]
    if not isinstance(value, dict):
        return value
    return {
        key: (
            real[key][choice % len(real[key])]
            if key in real
            else _with_real_values(item, real, choice)
        )
        for key, item in value.items()
    }


def _strategy(operation: Any, mode: GenerationMode, world: World) -> st.SearchStrategy:
    """The operation's cases; path ids also from real rows, and (positive cases) body fields
    that name rows or codes also with real values."""
    ids = world.for_path(operation.path)
    strategies = [operation.as_strategy(generation_mode=mode)]
    if ids and "{id}" in operation.path:
        strategies += [
            operation.as_strategy(generation_mode=mode, path_parameters={"id": pk}) for pk in ids
        ]
    cases = st.one_of(strategies)
    if mode != GenerationMode.POSITIVE:
        return cases

    def realistic(case: Any, choice: int) -> Any:
        if choice and isinstance(case.body, dict):
            case.body = _with_real_values(case.body, world.body, choice)
        return case

    return st.builds(realistic, cases, st.integers(0, 3))


def _exercise(
    operation: Any, strategy: st.SearchStrategy, headers: dict, tally: dict, failures: dict
) -> None:
    """Call the operation with the strategy's cases; collect each distinct failure."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def call(case: Any) -> None:
        with transaction.atomic():
            response = case.call(headers=headers)
        tally["cases"] += 1
        tally["statuses"][response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as group:
            found = list(group.exceptions)
        except Failure as failure:
            found = [failure]
        else:
            found = []
        for failure in found:
            key = (operation.label, response.status_code, failure.title)
            failures.setdefault(key, f"{failure}"[:1200])

    call()


@pytest.mark.parametrize("role", ROLES)
def test_every_operation_conforms_to_the_schema_as(role, request, world):
    user = request.getfixturevalue(role)
    key, _token = token_issue(user)
    headers = {"Authorization": f"Token {key}"}
    app = WSGIHandler()
    tally = TALLY.setdefault(
        role, {"cases": 0, "statuses": Counter(), "operations": 0, "modes_without_cases": 0}
    )
    failures: dict[tuple, str] = {}
    started = time.monotonic()

    with _connection_kept():
        schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", app, headers=headers)
        operations = [result.ok() for result in schema.get_all_operations()]
        for operation in operations:
            if time.monotonic() - started > SECONDS_PER_ROLE:
                break
            tally["operations"] += 1
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                strategy = _strategy(operation, mode, world)

                try:
                    _exercise(operation, strategy, headers, tally, failures)
                except Unsatisfiable:
                    # Nothing to negate (no parameters, no body): no negative case exists.
                    tally["modes_without_cases"] += 1

    tally["seconds"] = time.monotonic() - started
    with request.config.pluginmanager.get_plugin("capturemanager").global_and_fixture_disabled():
        statuses = dict(sorted(tally["statuses"].items()))
        print(
            f"\nschemathesis as {role}: {tally['cases']} cases over {tally['operations']} "
            f"of {len(operations)} operations in {tally['seconds']:.0f} s; statuses {statuses}; "
            f"{len(failures)} failures"
        )
    report = [
        f"{label} -> {status}: {title}\n{detail}"
        for (label, status, title), detail in sorted(failures.items())
    ]
    assert not failures, "\n\n".join(report)
