"""Language selection (Danish unless the user chose another language), and no caching of what a
logged-in user is shown."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers


class DanishByDefaultLocaleMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but ignores the browser's Accept-Language header.

    The job centre works in Danish; English is an explicit choice (the language cookie set by
    the switcher), not something an English-language browser should get by accident.
    REST API clients (paths under /api/) still negotiate with Accept-Language.
    """

    def process_request(self, request: HttpRequest) -> None:
        if request.path_info.startswith("/api/"):
            super().process_request(request)
            return
        language = settings.LANGUAGE_CODE
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen:
            try:
                language = translation.get_supported_language_variant(chosen)
            except LookupError:
                language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class NoStoreForAuthenticatedMiddleware:
    """Pages, fragments, API answers and files shown to a logged-in user (or an API client) may
    hold personal data: `Cache-Control: no-store` (with Django's never-cache headers), so no
    browser, proxy or shared computer keeps a copy. Public responses are left alone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
