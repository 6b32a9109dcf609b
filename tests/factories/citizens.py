"""Factories for citizens/models.py: valid, unique CPR numbers; Ballerup postcodes.

`CitizenFactory()` gives a current citizen with an open a-dagpenge course (current_course and
segment set as the app derives them); `CitizenFactory(course=False)` gives one without a course;
`CitizenFactory(age=25, course__benefit="kontanthjaelp", course__readiness="aktivitetsparat")`
picks the age and the course.
"""

from datetime import date, timedelta

import factory
from django.utils import timezone

from citizens.models import (
    COMPANY_BASED_KINDS,
    Alert,
    Benefit,
    Citizen,
    CitizenLanguage,
    Conversation,
    Course,
    CourseChange,
    Intervention,
    InterventionKind,
    JobTrack,
    Outcome,
    PaidHours,
    PlanRevision,
    Readiness,
)
from citizens.segments import derive_segment
from core.identifiers import validate_cpr
from demo.identifiers import cpr_century_digits
from tests.factories.core import TeamFactory, UserFactory
from tests.factories.employers import BALLERUP_POSTCODES, occupation_get_or_create


def cpr_for(n: int, *, age: int = 40, gender: str = "F", today: date | None = None) -> str:
    """The n-th test CPR number for a person of `age` today (odd last digit for 'M').

    Unique per (n, age, gender) for n below 30,000; always passes core.identifiers.validate_cpr.
    """
    today = today or timezone.localdate()
    anniversary = date(today.year - age, today.month, min(today.day, 28))
    born = anniversary - timedelta(days=1 + n % 300)  # birthday passed: exactly `age` today
    digit7 = cpr_century_digits(born.year)[0]
    middle = (n // 300) % 100
    last = (2 * (n // 30_000) + (1 if gender == "M" else 0)) % 10
    number = f"{born:%d%m%y}{digit7}{middle:02d}{last}"
    return validate_cpr(number, today=today)


def citizen_set_current_course(citizen: Citizen, course: Course) -> None:
    """Point the citizen at the open course and derive the segment, as the app does."""
    citizen.current_course = course
    citizen.segment = derive_segment(
        benefit=course.benefit,
        readiness=course.readiness,
        integration_programme=course.integration_programme,
        age=citizen.age_on(timezone.localdate()),
    )
    citizen.save(update_fields=["current_course", "segment", "updated_at"])


class CitizenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citizen
        skip_postgeneration_save = True

    class Params:
        age = 40
        sex = factory.Iterator(["F", "M"])

    cpr = factory.LazyAttributeSequence(lambda o, n: cpr_for(n, age=o.age, gender=o.sex))
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    address = factory.Faker("street_address", locale="da_DK")
    postcode = factory.Iterator(BALLERUP_POSTCODES)
    phone = factory.Sequence(lambda n: f"2{n % 10_000_000:07d}")
    team = factory.SubFactory(TeamFactory, name="Jobafsnit", slug="jobafsnit")
    caseworker = None
    accommodations = factory.LazyFunction(list)
    max_hours_per_week = None
    driving_licence = True
    education_level = "vocational"

    @factory.post_generation
    def course(self, create, extracted, **kwargs):
        """An open course (a-dagpenge, jobparat unless given); `course=False` for none."""
        if not create or extracted is False:
            return
        if isinstance(extracted, Course):
            citizen_set_current_course(self, extracted)
            return
        values = {"benefit": Benefit.A_DAGPENGE, "readiness": Readiness.JOBPARAT, **kwargs}
        citizen_set_current_course(self, CourseFactory(citizen=self, **values))


class CourseFactory(factory.django.DjangoModelFactory):
    """An open course by default; `CourseFactory(closed=True)` ends it with an outcome."""

    class Meta:
        model = Course

    class Params:
        closed = factory.Trait(
            end=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10)),
            outcome=Outcome.ORDINARY_JOB,
        )

    citizen = factory.SubFactory(CitizenFactory, course=False)
    benefit = Benefit.A_DAGPENGE
    readiness = Readiness.JOBPARAT
    integration_programme = False
    start = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=90))
    end = None
    outcome = ""


class CourseChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseChange

    course = factory.SubFactory(CourseFactory)
    effective = factory.LazyAttribute(lambda change: change.course.start + timedelta(days=30))
    field = "readiness"
    old_value = Readiness.AKTIVITETSPARAT
    new_value = Readiness.JOBPARAT
    changed_by = factory.SubFactory(UserFactory)
    reason = "Revisiteret efter samtale."


class PlanRevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanRevision

    citizen = factory.SubFactory(CitizenFactory)
    job_goal = "Jeg vil gerne arbejde som social- og sundhedshjælper."
    education_goal = ""
    steps = "1. Virksomhedspraktik. 2. Løntilskud. 3. Ordinært job."
    created_by = factory.SubFactory(UserFactory)
    created_at = factory.LazyFunction(timezone.now)


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation

    citizen = factory.SubFactory(CitizenFactory)
    date = factory.LazyFunction(lambda: timezone.localdate())
    kind = Conversation.Kind.JOBRETTET
    participants = "Borger, sagsbehandler"
    note = "Drøftet jobsøgning og konkrete stillinger."
    held_by = factory.SubFactory(UserFactory)


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intervention

    citizen = factory.SubFactory(CitizenFactory)
    kind = InterventionKind.VIRKSOMHEDSPRAKTIK
    placement = None
    start = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    end = factory.LazyAttribute(lambda i: i.start + timedelta(weeks=4))
    hours_per_week = 20
    company_based = factory.LazyAttribute(lambda i: i.kind in COMPANY_BASED_KINDS)
    note = ""
    created_by = factory.SubFactory(UserFactory)


class JobTrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobTrack

    class Params:
        occupation_code = "5321"

    citizen = factory.SubFactory(CitizenFactory)
    occupation = factory.LazyAttribute(lambda t: occupation_get_or_create(t.occupation_code))
    priority = factory.Sequence(lambda n: n + 1)
    hours_per_week = 37


class CitizenLanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CitizenLanguage

    citizen = factory.SubFactory(CitizenFactory)
    code = "da"
    level = CitizenLanguage.Level.NATIVE


def _month(n: int) -> date:
    """The first day of the month n months before this one (unique per n)."""
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)


class PaidHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaidHours

    citizen = factory.SubFactory(CitizenFactory)
    month = factory.Sequence(_month)
    hours = 40
    earnings = factory.LazyAttribute(lambda p: p.hours * 140)
    under_frikort = False


class AlertFactory(factory.django.DjangoModelFactory):
    """An alert as citizens.alerts would store it (the tests pick code and due date)."""

    class Meta:
        model = Alert

    citizen = factory.SubFactory(CitizenFactory)
    code = Alert.Code.PLAN_OUTDATED
    due = factory.LazyFunction(timezone.localdate)
    message = factory.Sequence(lambda n: f"Planen er ikke revideret ({n}).")
    legal_reference = factory.Sequence(lambda n: f"Testloven § {n}")
