"""API tokens stored hashed (core.models.ApiToken): issuing one, finding one by the key a client
sends, and when it expires."""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from core.models import ApiToken, User


def token_digest(key: str) -> str:
    """What is stored for a key: its SHA-256 (the key is 160 random bits, so a plain hash is
    enough; nothing to guess)."""
    return hashlib.sha256(key.encode()).hexdigest()


def token_expires(token: ApiToken) -> datetime:
    """When the token stops working: API_TOKEN_TTL_HOURS after it was issued."""
    return token.created + timedelta(hours=settings.API_TOKEN_TTL_HOURS)


def token_is_expired(token: ApiToken) -> bool:
    return token_expires(token) <= timezone.now()


def token_issue(user: User) -> tuple[str, ApiToken]:
    """A new token for `user`: (the key, shown to the client once; the stored row). The user's
    expired tokens are deleted."""
    cutoff = timezone.now() - timedelta(hours=settings.API_TOKEN_TTL_HOURS)
    ApiToken.objects.filter(user=user, created__lte=cutoff).delete()
    key = secrets.token_hex(20)
    return key, ApiToken.objects.create(digest=token_digest(key), user=user)


def token_find(key: str) -> ApiToken | None:
    return ApiToken.objects.select_related("user").filter(digest=token_digest(key)).first()
