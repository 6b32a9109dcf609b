"""core.prefetch: the rows of one query as the owners' prefetched relation (attach_related), and a
batch's ids as one filter value (id_list)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from citizens.models import Citizen, Conversation
from core.prefetch import attach_related, id_list
from tests.factories.citizens import CitizenFactory, ConversationFactory

pytestmark = pytest.mark.django_db


def test_each_owner_gets_its_own_rows_in_order_and_no_query_reads_them():
    first, second, without = CitizenFactory(), CitizenFactory(), CitizenFactory()
    ConversationFactory(citizen=first, date=date(2026, 1, 5))
    ConversationFactory(citizen=first, date=date(2026, 3, 5))
    ConversationFactory(citizen=second, date=date(2026, 2, 5))
    owners = list(Citizen.objects.filter(pk__in=[first.pk, second.pk, without.pk]))
    attach_related(owners, "conversations", Conversation.objects.all())
    by_pk = {owner.pk: owner for owner in owners}
    with CaptureQueriesContext(connection) as queries:
        dates = {pk: [c.date for c in owner.conversations.all()] for pk, owner in by_pk.items()}
        owners_of_rows = {c.citizen for c in by_pk[first.pk].conversations.all()}
    assert len(queries) == 0
    # The model's order (newest first) is kept; an owner without rows gets an empty list.
    assert dates == {
        first.pk: [date(2026, 3, 5), date(2026, 1, 5)],
        second.pk: [date(2026, 2, 5)],
        without.pk: [],
    }
    assert owners_of_rows == {by_pk[first.pk]}


def test_a_query_on_an_attached_relation_fails_instead_of_reading_per_owner():
    citizen = CitizenFactory()
    owners = list(Citizen.objects.filter(pk=citizen.pk))
    attach_related(owners, "conversations", Conversation.objects.all())
    with pytest.raises(AttributeError):
        owners[0].conversations.filter(kind="job")


def test_only_a_reverse_foreign_key_can_be_attached():
    owners = list(Citizen.objects.filter(pk=CitizenFactory().pk))
    with pytest.raises(TypeError):
        attach_related(owners, "current_course", [])


def test_named_tuples_are_attached_by_their_foreign_key_column():
    first, second = CitizenFactory(), CitizenFactory()
    ConversationFactory(citizen=first, date=date(2026, 1, 5), kind="jobrettet")
    ConversationFactory(citizen=second, date=date(2026, 2, 5), kind="jobrettet")
    owners = list(Citizen.objects.filter(pk__in=[first.pk, second.pk]))
    rows = Conversation.objects.values_list("citizen_id", "date", "kind", named=True)
    attach_related(owners, "conversations", rows)
    by_pk = {owner.pk: owner for owner in owners}
    with CaptureQueriesContext(connection) as queries:
        read = {pk: [(c.date, c.kind) for c in o.conversations.all()] for pk, o in by_pk.items()}
    assert len(queries) == 0
    assert read == {
        first.pk: [(date(2026, 1, 5), "jobrettet")],
        second.pk: [(date(2026, 2, 5), "jobrettet")],
    }


def test_id_list_filters_by_exactly_the_ids_given():
    citizens = [CitizenFactory() for _ in range(4)]
    wanted = [citizens[0].pk, citizens[2].pk, citizens[3].pk]
    found = Citizen.objects.filter(pk__in=id_list(wanted)).values_list("pk", flat=True)
    assert sorted(found) == sorted(wanted)
    assert not Citizen.objects.filter(pk__in=id_list([])).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="one array on PostgreSQL only")
def test_id_list_sends_a_batch_as_one_parameter_on_postgresql():
    ids = [CitizenFactory().pk for _ in range(3)]
    with CaptureQueriesContext(connection) as queries:
        list(Citizen.objects.filter(pk__in=id_list(ids)))
    (sql,) = [q["sql"] for q in queries]
    assert "IN (SELECT unnest(" in sql
