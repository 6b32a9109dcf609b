"""demo.population.Writer: the seed's rows written in batches (COPY on PostgreSQL, bulk_create
elsewhere) come back as saved, with their primary keys, and read back as they were built."""

from datetime import date

import pytest

from citizens.models import Citizen, Conversation
from core.identifiers import cpr_birth_date, cpr_gender
from demo.population import Writer
from tests.factories.citizens import CitizenFactory
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def test_written_rows_carry_their_keys_and_read_back_as_built(jobafsnit):
    writer = Writer()
    built = [
        Citizen(
            cpr=cpr,
            first_name="Demo",
            last_name=f"Borger {n}",
            postcode="2750",
            birth_date=cpr_birth_date(cpr),
            gender=cpr_gender(cpr),
            team=jobafsnit,
            accommodations=["no_heavy_lifting"] if n else [],
        )
        for n, cpr in enumerate(("0101901234", "0202902345"))
    ]

    written = writer.write(Citizen, built)

    assert written is built
    assert all(row.pk is not None and not row._state.adding for row in built)
    assert writer.counts["citizens.Citizen"] == 2
    stored = {c.pk: c for c in Citizen.objects.filter(pk__in=[row.pk for row in built])}
    for row in built:
        assert stored[row.pk].cpr == row.cpr  # encrypted at rest, the same number read back
        assert stored[row.pk].accommodations == row.accommodations


def test_children_point_at_parents_written_first():
    user = UserFactory()
    citizen = CitizenFactory()
    writer = Writer()
    rows = [
        Conversation(citizen=citizen, date=date(2026, 1, d), kind="jobrettet", held_by=user)
        for d in (5, 6)
    ]

    writer.write(Conversation, rows)

    assert set(citizen.conversations.values_list("pk", flat=True)) == {r.pk for r in rows}
