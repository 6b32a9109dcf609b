"""Django's LoginRequiredMiddleware, minus the REST API's views.

A page without a login redirects to the login page; an API client must instead get 401 JSON with
`detail`. So every Django REST framework view (APIView, viewsets, the schema and docs views),
wherever it is mounted, is exempt here, and DRF's own authentication and permission classes decide
(default: RolePermission, which requires an authenticated user). A DRF view that must be public
(the token endpoint) says so with `permission_classes = [AllowAny]`.
"""

from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.http import HttpRequest
from rest_framework.views import APIView


def is_api_view(view_func: Any) -> bool:
    view_class = getattr(view_func, "cls", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> Any:
        if is_api_view(view_func):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
