"""The idle timeout with at most one session write a minute per user.

Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) writes a row per page view. Here
a logged-in user's session is saved again only when its last renewal is SESSION_RENEW_SECONDS old
(default 60): the renewal time is kept in the session, and writing it is what saves it, with a new
expiry. So that the server never ends a session before the page's own count
(static/js/session-timeout.js counts SESSION_IDLE_MINUTES from the last request), the stored expiry
is the idle time plus the renewal interval: SESSION_COOKIE_AGE = idle + renew.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

RENEWED_AT = "_renewed_at"


def renew(request: HttpRequest) -> None:
    """Save the session again now (a new expiry)."""
    request.session[RENEWED_AT] = int(time.time())


class SessionRenewalMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            last = request.session.get(RENEWED_AT, 0)
            if time.time() - last >= settings.SESSION_RENEW_SECONDS:
                renew(request)
        return self.get_response(request)
