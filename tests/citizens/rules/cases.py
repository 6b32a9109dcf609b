"""Generated cases for the parity tests: a course with a history of changes and interventions,
built inside a savepoint that each example rolls back."""

from contextlib import contextmanager
from datetime import date, timedelta

from django.db import transaction
from hypothesis import strategies as st

from citizens.models import Citizen, Course, CourseChange
from tests.factories.citizens import CitizenFactory, InterventionFactory

BENEFITS = ["a_dagpenge", "kontanthjaelp", "uddannelseshjaelp", "sygedagpenge", "ressourceforloeb"]
READINESS = ["", "jobparat", "aktivitetsparat", "uddannelsesparat"]
KINDS = ["virksomhedspraktik", "loentilskud", "nytteindsats", "mentor", "ordinaert_job", "ips"]
FIRST_DAY = date(2024, 1, 1)

days = st.integers(0, 540).map(lambda n: FIRST_DAY + timedelta(days=n))
changes = st.lists(
    st.tuples(
        st.sampled_from(["benefit", "readiness", "integration_programme"]),
        st.integers(1, 400),
        st.sampled_from(BENEFITS),
        st.sampled_from(READINESS),
    ),
    max_size=4,
)
interventions = st.lists(
    st.tuples(st.sampled_from(KINDS), days, st.one_of(st.none(), st.integers(0, 120))),
    max_size=3,
)
case_specs = st.fixed_dictionaries(
    {
        "benefit": st.sampled_from(BENEFITS),
        "readiness": st.sampled_from(READINESS),
        "integration": st.booleans(),
        "start": days,
        "length": st.one_of(st.none(), st.integers(0, 500)),
        "changes": changes,
        "interventions": interventions,
        "born": st.integers(18 * 365, 40 * 365),
    }
)


@contextmanager
def rolled_back():
    """Everything made inside is rolled back afterwards (one hypothesis example)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def make_case(spec: dict, user) -> Course:
    """A citizen with one course as `spec` says; the changes are recorded as the services do: the
    course holds the latest values, each change its old and new value."""
    citizen = CitizenFactory(course=False)
    Citizen.objects.filter(pk=citizen.pk).update(
        birth_date=FIRST_DAY - timedelta(days=spec["born"])
    )
    start = spec["start"]
    end = None if spec["length"] is None else start + timedelta(days=spec["length"])
    state = {
        "benefit": spec["benefit"],
        "readiness": spec["readiness"],
        "integration_programme": str(spec["integration"]),
    }
    history = []
    for field, offset, benefit, readiness in sorted(spec["changes"], key=lambda c: c[1]):
        new = {"benefit": benefit, "readiness": readiness}.get(field)
        if field == "integration_programme":
            new = str(state[field] != "True")
        if new == state[field]:
            continue
        history.append((field, start + timedelta(days=offset), state[field], new))
        state[field] = new
    course = Course.objects.create(
        citizen=citizen,
        benefit=state["benefit"],
        readiness=state["readiness"],
        integration_programme=state["integration_programme"] == "True",
        start=start,
        end=end,
        outcome="" if end is None else "other",
    )
    for field, effective, old, new in history:
        CourseChange.objects.create(
            course=course,
            field=field,
            effective=effective,
            old_value=old,
            new_value=new,
            changed_by=user,
        )
    for kind, begin, length in spec["interventions"]:
        InterventionFactory(
            citizen=citizen,
            kind=kind,
            start=begin,
            end=None if length is None else begin + timedelta(days=length),
            created_by=user,
        )
    return course
