from datetime import date

import pytest
from django.utils import translation

from citizens.selectors import citizen_timeline
from citizens.services import course_change, plan_revise
from tests.factories.citizens import CitizenFactory, CourseFactory, citizen_set_current_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(jobafsnit, caseworker):
    citizen = CitizenFactory(team=jobafsnit, caseworker=caseworker)
    course = CourseFactory(
        citizen=citizen, benefit="kontanthjaelp", readiness="jobparat", start=date(2026, 1, 5)
    )
    citizen_set_current_course(citizen, course)
    return citizen


def test_timeline_shows_course_changes_in_words_not_codes(citizen, caseworker):
    course_change(
        actor=caseworker,
        citizen=citizen,
        effective=date(2026, 3, 2),
        readiness="aktivitetsparat",
        reason="Ny vurdering",
    )

    with translation.override("da"):
        entry = next(e for e in citizen_timeline(citizen=citizen) if e.kind == "course_change")

    assert entry.title == "Visitation ændret"
    assert entry.detail.startswith("Jobparat → Aktivitetsparat")
    assert entry.detail.endswith("(Ny vurdering)")


def test_timeline_is_newest_first(citizen, caseworker):
    plan_revise(actor=caseworker, citizen=citizen, job_goal="Arbejde i et køkken")

    entries = citizen_timeline(citizen=citizen)

    assert [e.when for e in entries] == sorted((e.when for e in entries), reverse=True)
    assert {e.kind for e in entries} >= {"course_start", "plan"}
