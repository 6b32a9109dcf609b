"""Migration core/0011 hashes the existing API tokens in place: the clear keys are gone from the
database, and a client that already holds a key keeps working with it."""

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from rest_framework.authtoken.models import Token

from core.models import ApiToken
from core.roles import API_CLIENT
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
BEFORE = [("core", "0010_task_outbox")]
AFTER = [("core", "0011_api_tokens_hashed")]
KEY = "0123456789abcdef0123456789abcdef01234567"


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_existing_tokens_are_hashed_and_their_clients_keep_working(api):
    user = UserFactory(username="datavarehus", roles=[API_CLIENT])
    migrate(BEFORE)
    Token.objects.create(key=KEY, user=user)  # DRF's token table, key in clear
    try:
        migrate(AFTER)
        assert not Token.objects.exists()
        stored = ApiToken.objects.get(user=user)
        assert stored.digest == hashlib.sha256(KEY.encode()).hexdigest()

        api.credentials(HTTP_AUTHORIZATION=f"Token {KEY}")
        assert api.get("/api/v1/me/").status_code == 200
    finally:
        migrate(AFTER)
