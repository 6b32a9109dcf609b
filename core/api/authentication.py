"""Token authentication that also names the actor in the change log."""

from typing import Any

from auditlog.context import auditlog_value
from rest_framework.authentication import TokenAuthentication
from rest_framework.request import Request


class AuditedTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, plus: the change log's entries get the token's user as actor.

    django-auditlog's middleware takes the actor from Django's session user before the view
    runs; a token client is authenticated only inside DRF, so its changes would be logged without
    an actor. The actor is set in the request's existing auditlog context (no nested context)."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is not None:
            context = auditlog_value.get(None)
            if context is not None and context.get("actor") is None:
                context["actor"] = result[0]
        return result
