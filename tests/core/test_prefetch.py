"""core.prefetch.attach_related: the rows of one query as the owners' prefetched relation."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from citizens.models import Citizen, Conversation
from core.prefetch import attach_related
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
