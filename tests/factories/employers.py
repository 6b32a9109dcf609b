"""Factories for employers/models.py: valid CVR numbers (modulus 11), P-numbers, Ballerup postcodes.

Occupations are fetched or created on demand (`occupation_get_or_create`), so the factories work
with or without the DISCO-08 data migration.
"""

from datetime import timedelta

import factory
from django.utils import timezone

from core.choices import OpeningKind
from core.models import Occupation
from demo.identifiers import CVR_WEIGHTS
from demo.vocabulary import OCCUPATIONS
from employers.models import (
    Dispensation,
    Employer,
    EmployerContact,
    Opening,
    Placement,
    Workplace,
)
from tests.factories.core import UserFactory

BALLERUP_POSTCODES = ("2750", "2740", "2760")


def occupation_get_or_create(code: str = "5321") -> Occupation:
    """A DISCO-08 unit group; created (level 4, no parent) only if it is missing."""
    title_en, title_da, _title, _area = OCCUPATIONS.get(code, (f"Occupation {code}", "", "", ""))
    occupation, _ = Occupation.objects.get_or_create(
        code=code,
        defaults={
            "level": Occupation.Level.UNIT,
            "title_en": title_en,
            "title_da": title_da,
            "parent": None,
        },
    )
    return occupation


def cvr_for(n: int) -> str:
    """The n-th test CVR number: unique per n, passes the modulus-11 check."""
    base = 3_000_000 + n * 11
    for head in (base, base + 1):
        digits = str(head)
        remainder = sum(int(d) * w for d, w in zip(digits, CVR_WEIGHTS[:7], strict=True)) % 11
        check = (11 - remainder) % 11
        if check < 10:
            return f"{digits}{check}"
    raise AssertionError("unreachable: two consecutive heads cannot both need check digit 10")


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    cvr = factory.Sequence(cvr_for)
    name = factory.Faker("company", locale="da_DK")
    branche_code = "561010"
    branche_title = "Restauranter"
    address = factory.Faker("street_address", locale="da_DK")
    postcode = factory.Iterator(BALLERUP_POSTCODES)
    public = False
    consultant = None


class WorkplaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workplace

    employer = factory.SubFactory(EmployerFactory)
    p_number = factory.Sequence(lambda n: f"10{n:08d}")
    name = factory.LazyAttribute(lambda place: place.employer.name)
    address = factory.Faker("street_address", locale="da_DK")
    postcode = factory.Iterator(BALLERUP_POSTCODES)
    ordinary_employees = 20
    employees_counted_on = factory.LazyFunction(lambda: timezone.localdate())


class OpeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opening

    class Params:
        occupation_code = "5321"

    workplace = factory.SubFactory(WorkplaceFactory)
    kind = OpeningKind.VIRKSOMHEDSPRAKTIK
    occupation = factory.LazyAttribute(lambda o: occupation_get_or_create(o.occupation_code))
    title = factory.LazyAttribute(
        lambda o: f"{OCCUPATIONS.get(o.occupation_code, ('', '', 'Medarbejder', ''))[2]}"
    )
    description = "Praktik med mentor de første uger."
    seats = 1
    hours_min = 15
    hours_max = 30
    start = factory.LazyFunction(lambda: timezone.localdate())
    end = factory.LazyAttribute(lambda o: o.start + timedelta(days=180))
    required_languages = factory.LazyFunction(list)
    requires_driving_licence = False
    accommodations = factory.LazyFunction(list)
    status = Opening.Status.OPEN


class EmployerContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerContact

    employer = factory.SubFactory(EmployerFactory)
    date = factory.LazyFunction(lambda: timezone.localdate())
    kind = EmployerContact.Kind.TELEFON
    by = factory.SubFactory(UserFactory)
    note = "Drøftet rekrutteringsbehov."
    opening = None


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    opening = factory.SubFactory(OpeningFactory)
    start = factory.LazyAttribute(lambda p: p.opening.start)
    end = None
    status = Placement.Status.ACTIVE
    created_by = factory.SubFactory(UserFactory)


class DispensationFactory(factory.django.DjangoModelFactory):
    """A dispensation from the rimelighedskrav granted by the RAR for nyttejob (the kind the
    law lets the RAR dispense for), two extra seats, open-ended."""

    class Meta:
        model = Dispensation

    workplace = factory.SubFactory(WorkplaceFactory)
    granted_by = Dispensation.GrantedBy.RAR
    reference = factory.Sequence(lambda n: f"RAR Hovedstaden j.nr. 2026-{n:04d}")
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    valid_to = None
    kinds = factory.LazyFunction(lambda: [OpeningKind.NYTTEJOB.value])
    extra_seats = 2
    created_by = factory.SubFactory(UserFactory)
