"""The `api-klient` role is for other systems using the REST API: its accounts may not use the
web pages. Every page (HTML, htmx fragment, file) answers 403 with a Danish page saying the
account is for the REST API only; the API under /api/v1/ (token or session), the login page,
logging out, the language switch and /healthz stay open. One line in MIDDLEWARE, after the login
requirement (an anonymous visitor is sent to the login page first)."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .api.middleware import is_api_view
from .roles import API_CLIENT, user_roles

# Views an API account may still reach besides the REST API and the public views.
OPEN_TO_API_ACCOUNTS = frozenset({"logout"})


def is_api_account(user: Any) -> bool:
    """Does the user hold the `api-klient` role? (core.roles caches the roles on the user.)"""
    return API_CLIENT in user_roles(user)


def refuse_api_account(request: HttpRequest) -> HttpResponse:
    return render(request, "core/api_only.html", status=403)


class ApiAccountWebRefusalMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if is_api_view(view_func) or not getattr(view_func, "login_required", True):
            return None
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name in OPEN_TO_API_ACCOUNTS:
            return None
        if not is_api_account(getattr(request, "user", None)):
            return None
        return refuse_api_account(request)
