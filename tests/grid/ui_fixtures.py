"""Fixtures shared by the GRID's API and UI tests (imported by those test modules): one citizen of
the caseworker's team matched to one opening of the consultant's company, with a secret in the
citizen's notes that must never reach a consultant."""

import pytest
from django.test import override_settings
from django.utils import timezone

from citizens.models import Conversation
from grid.models import Match

SECRET_NOTE = "Hemmelig samtalenote om borgeren"


@pytest.fixture(autouse=True)
def no_incremental_runs():
    with override_settings(GRID_INCREMENTAL=False):
        yield


@pytest.fixture(name="pair")
def pair_fixture(make_citizen, make_opening, run_grid, consultant, caseworker):
    citizen = make_citizen(accommodations=["no_heavy_lifting"], postcode="2750")
    Conversation.objects.create(
        citizen=citizen,
        date=timezone.localdate(),
        kind="jobrettet",
        note=SECRET_NOTE,
        held_by=caseworker,
    )
    opening = make_opening(
        postcode="2740", consultant=consultant, accommodations=["no_heavy_lifting"], seats=1
    )
    run = run_grid()
    return citizen, opening, Match.objects.get(run=run, citizen=citizen, opening=opening)


@pytest.fixture(name="proposed")
def proposed_fixture(pair, caseworker):
    from grid.services import match_propose

    citizen, opening, match = pair
    return citizen, opening, match_propose(actor=caseworker, match=match)
