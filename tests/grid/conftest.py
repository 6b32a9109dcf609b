"""Helpers for the GRID tests: a citizen and an opening that match, and a run through the
services in-process (eager Celery), executing the after-commit dispatch."""

import pytest

from citizens.models import CitizenLanguage, JobTrack
from core.choices import OpeningKind
from grid.models import MatchRun
from grid.services import match_run_start
from tests.factories.citizens import CitizenFactory
from tests.factories.employers import OpeningFactory, WorkplaceFactory, occupation_get_or_create


@pytest.fixture
def make_citizen(jobafsnit):
    def _make(*, tracks=("5322",), languages=(), **kwargs):
        kwargs.setdefault("postcode", "2750")
        kwargs.setdefault("team", jobafsnit)
        citizen = CitizenFactory(**kwargs)
        for priority, code in enumerate(tracks, start=1):
            JobTrack.objects.create(
                citizen=citizen, occupation=occupation_get_or_create(code), priority=priority
            )
        for code, level in languages:
            CitizenLanguage.objects.create(citizen=citizen, code=code, level=level)
        return citizen

    return _make


@pytest.fixture
def make_opening():
    def _make(*, code="5322", postcode="2750", employees=100, consultant=None, **kwargs):
        kwargs.setdefault("kind", OpeningKind.ORDINAERT_JOB)
        kwargs.setdefault("hours_min", 15)
        kwargs.setdefault("hours_max", 30)
        workplace = WorkplaceFactory(postcode=postcode, ordinary_employees=employees)
        if consultant is not None:
            workplace.employer.consultant = consultant
            workplace.employer.save()
        return OpeningFactory(workplace=workplace, occupation_code=code, **kwargs)

    return _make


@pytest.fixture
def run_grid(django_capture_on_commit_callbacks):
    def _run(**kwargs):
        kwargs.setdefault("actor", None)
        kwargs.setdefault("trigger", MatchRun.Trigger.NIGHTLY)
        with django_capture_on_commit_callbacks(execute=True):
            run = match_run_start(**kwargs)
        run.refresh_from_db()
        return run

    return _run


@pytest.fixture
def grid_rules(db):
    """Transactional tests flush every table, data migrations' rows too: load the GRID's
    starting rules again (the migration's own function; idempotent)."""
    import importlib

    from django.apps import apps

    starting = importlib.import_module("grid.migrations.0002_starting_rules")
    starting.forwards(apps, None)
