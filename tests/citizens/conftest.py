"""Citizens the caseworker pages and the API tests share: one of the caseworker's own team, one of
another team, a colleague in the same team, and a logged-in caseworker's client."""

import pytest

from citizens.models import Benefit
from core.roles import CASEWORKER
from tests.factories.citizens import CitizenFactory
from tests.factories.core import UserFactory


@pytest.fixture
def mine(caseworker, jobafsnit):
    return CitizenFactory(
        first_name="Mette", last_name="Hansen", team=jobafsnit, caseworker=caseworker
    )


@pytest.fixture
def colleague(jobafsnit):
    return UserFactory(username="sb-job-2", team=jobafsnit, roles=[CASEWORKER])


@pytest.fixture
def foreign(other_caseworker, sygedagpengeafsnit):
    return CitizenFactory(
        first_name="Ali",
        last_name="Yilmaz",
        team=sygedagpengeafsnit,
        caseworker=other_caseworker,
        course__benefit=Benefit.SYGEDAGPENGE,
        course__readiness="",
    )


@pytest.fixture
def cw_client(login, caseworker):
    return login(caseworker)


@pytest.fixture
def as_caseworker(api, caseworker):
    api.force_authenticate(caseworker)
    return api


@pytest.fixture
def own(jobafsnit, caseworker):
    return CitizenFactory(
        team=jobafsnit,
        caseworker=caseworker,
        cpr="0101901234",
        first_name="Mette",
        last_name="Hansen",
    )
