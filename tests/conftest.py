"""Fixed users, one per role, so every permission test reads the same.

- caseworker: sagsbehandler in Jobafsnit
- other_caseworker: sagsbehandler in Sygedagpengeafsnit (another team)
- consultant: virksomhedskonsulent
- manager: leder
- api_user: api-klient
"""

import time

import pytest
from rest_framework.test import APIClient

from core.roles import API_CLIENT, CASEWORKER, CONSULTANT, MANAGER
from tests.factories.core import TEST_PASSWORD, TeamFactory, UserFactory


@pytest.fixture
def jobafsnit(db):
    return TeamFactory(name="Jobafsnit", slug="jobafsnit")


@pytest.fixture
def sygedagpengeafsnit(db):
    return TeamFactory(name="Sygedagpengeafsnit", slug="sygedagpengeafsnit")


@pytest.fixture
def caseworker(jobafsnit):
    return UserFactory(username="sb-job", team=jobafsnit, roles=[CASEWORKER])


@pytest.fixture
def other_caseworker(sygedagpengeafsnit):
    return UserFactory(username="sb-syg", team=sygedagpengeafsnit, roles=[CASEWORKER])


@pytest.fixture
def consultant(db):
    return UserFactory(username="vk", roles=[CONSULTANT])


@pytest.fixture
def manager(db):
    return UserFactory(username="leder", roles=[MANAGER])


@pytest.fixture
def api_user(db):
    return UserFactory(username="api", roles=[API_CLIENT])


@pytest.fixture
def outsider(db):
    """A logged-in user with no role at all."""
    return UserFactory(username="ingen-rolle")


@pytest.fixture
def password():
    return TEST_PASSWORD


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def login(client):
    """Log a user into the Django test client and return the client."""

    def _login(user):
        client.force_login(user)
        # As after the login's own request: the session was just renewed (core.session_renewal),
        # so a page's query count does not include the once-a-minute renewal.
        session = client.session
        session["_renewed_at"] = int(time.time())
        session.save()
        return client

    return _login


# The embedded default (SQLite, tasks in-process) is what `make run` starts on a laptop. The unit
# suite runs whole on PostgreSQL; on SQLite `make test` runs only these files: the ones whose code
# differs between the two databases (the bulk SQL forms beside the per-case rules, the strategy's
# indicator queries, the GRID's engine and run writes, free-text search) and the ones about the
# embedded default itself (settings, seeding, in-process runs, static files). They carry the
# marker `embedded`; `pytest -m embedded` with no DATABASE_URL runs them.
EMBEDDED_DEFAULT_TESTS = (
    "tests/citizens/rules/",
    "tests/citizens/test_alerts.py",
    "tests/citizens/test_segments.py",
    "tests/citizens/test_views.py",
    "tests/citizens/test_retention.py",
    "tests/core/test_health.py",
    "tests/core/test_settings.py",
    "tests/core/test_static_files.py",
    "tests/demo/test_seed_demo.py::test_first_run",
    "tests/employers/test_rules.py",
    "tests/employers/test_views.py",
    "tests/grid/test_background_runs.py",
    "tests/grid/test_engine.py",
    "tests/grid/test_runs.py",
    "tests/grid/test_shown.py",
    "tests/strategy/",
)


def pytest_collection_modifyitems(config, items):
    """Marks the embedded default's tests (`embedded`, above). Tests marked `postgres` need
    PostgreSQL: skipped (visibly) on a SQLite run."""
    from django.conf import settings

    for item in items:
        if item.nodeid.startswith(EMBEDDED_DEFAULT_TESTS):
            item.add_marker(pytest.mark.embedded)
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (runs in the PostgreSQL pass of make test)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _grid_run_cache_cleared():
    """The GRID keeps each run's loaded side per process (grid.services._run_cache), keyed by the
    run's id. Rolled-back tests reuse ids, so a run left unfinished by one test would hand its
    data to the next test's run with the same id: start every test with an empty cache."""
    from grid.services import _run_cache

    _run_cache.clear()
    yield
