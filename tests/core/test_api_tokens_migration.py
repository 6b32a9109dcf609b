"""Migration core/0012 hashes the existing API tokens in place: the clear keys are gone from the
database, and a client that already holds a key keeps working with it."""

import hashlib
import importlib

import pytest
from django.apps import apps
from rest_framework.authtoken.models import Token

from core.models import ApiToken
from core.roles import API_CLIENT
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db
KEY = "0123456789abcdef0123456789abcdef01234567"
migration = importlib.import_module("core.migrations.0012_api_tokens_hashed")


def test_existing_tokens_are_hashed_and_their_clients_keep_working(api):
    user = UserFactory(username="datavarehus", roles=[API_CLIENT])
    Token.objects.create(key=KEY, user=user)  # DRF's token table, key in clear

    migration.hash_existing_tokens(apps, None)

    assert not Token.objects.exists()
    stored = ApiToken.objects.get(user=user)
    assert stored.digest == hashlib.sha256(KEY.encode()).hexdigest()
    api.credentials(HTTP_AUTHORIZATION=f"Token {KEY}")
    assert api.get("/api/v1/me/").status_code == 200


def test_reversing_the_migration_leaves_no_token(api):
    user = UserFactory(username="datavarehus", roles=[API_CLIENT])
    Token.objects.create(key=KEY, user=user)
    migration.hash_existing_tokens(apps, None)

    migration.drop_hashed_tokens(apps, None)

    assert not ApiToken.objects.exists()
    api.credentials(HTTP_AUTHORIZATION=f"Token {KEY}")
    assert api.get("/api/v1/me/").status_code == 401
