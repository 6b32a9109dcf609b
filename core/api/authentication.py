"""Token authentication that expires tokens and names the actor in the change log."""

from typing import Any

from auditlog.context import auditlog_value
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.request import Request

from .tokens import token_expires, token_find, token_is_expired

__all__ = ["AuditedTokenAuthentication", "token_expires", "token_is_expired"]


class AuditedTokenAuthentication(TokenAuthentication):
    """DRF's token authentication against hashed tokens (core.models.ApiToken), plus two things.

    - A token expires API_TOKEN_TTL_HOURS after it was issued (401 with the reason); the client
      gets a new one from /api/v1/auth/token/.
    - The change log's entries get the token's user as actor. django-auditlog's middleware takes
      the actor from Django's session user before the view runs; a token client is authenticated
      only inside DRF, so its changes would be logged without an actor. The actor is set in the
      request's existing auditlog context (no nested context)."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        # Tokens are stored hashed (core.api.tokens): the key sent is hashed and compared.
        token = token_find(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if token_is_expired(token):
            raise exceptions.AuthenticationFailed(
                _("The token has expired. Get a new one from /api/v1/auth/token/.")
            )
        return user, token

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is not None:
            context = auditlog_value.get(None)
            if context is not None and context.get("actor") is None:
                context["actor"] = result[0]
        return result
