"""The session's idle timeout, seen from the page (WCAG 2.2.1 Timing Adjustable).

The session ends after SESSION_IDLE_MINUTES without a request (core.session_renewal saves it again
at most once a minute, with an expiry that never comes before the page's count).
`static/js/session-timeout.js` warns SESSION_WARNING_SECONDS before the end with a button that
posts here: the request itself renews the session.
"""

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .session_renewal import renew


def session_timing() -> dict[str, int]:
    """The idle timeout and the warning before it, in seconds (one home for page and view)."""
    timeout = int(settings.SESSION_IDLE_MINUTES) * 60
    warning = min(int(settings.SESSION_WARNING_SECONDS), max(timeout - 10, 0))
    return {"timeout": timeout, "warning": warning}


@never_cache
@require_POST
def session_extend(request: HttpRequest) -> JsonResponse:
    """Stay logged in: the session is saved again, with a new idle period."""
    renew(request)
    return JsonResponse({"expires_in": session_timing()["timeout"]})
