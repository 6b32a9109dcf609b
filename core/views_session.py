"""The session's idle timeout, seen from the page (WCAG 2.2.1 Timing Adjustable).

The session ends after SESSION_IDLE_MINUTES without a request (settings: the cookie's age is
renewed on every request). `static/js/session-timeout.js` warns SESSION_WARNING_SECONDS before
the end with a button that posts here: the request itself renews the session.
"""

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST


def session_timing() -> dict[str, int]:
    """The idle timeout and the warning before it, in seconds (one home for page and view)."""
    timeout = int(settings.SESSION_COOKIE_AGE)
    warning = min(int(settings.SESSION_WARNING_SECONDS), max(timeout - 10, 0))
    return {"timeout": timeout, "warning": warning}


@never_cache
@require_POST
def session_extend(request: HttpRequest) -> JsonResponse:
    """Stay logged in: the session is saved again, with a new idle period."""
    request.session.modified = True
    return JsonResponse({"expires_in": session_timing()["timeout"]})
