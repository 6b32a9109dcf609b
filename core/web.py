"""The shared plumbing of the HTML pages, written once for every app.

- `permission_required(*perms)`: the view decorator (403 unless the user holds every permission).
- `apply_service_error(form, error)`: a write service's refusal on the form — a ValidationError's
  field errors next to their field, a Conflict or a PermissionRefused at the top (or on the field
  it names); the keyboard focus moves to the first field with an error.
- `form_status(form)`: the one status code of a form page: 200, INVALID_FORM_STATUS (422) for
  invalid input, 403 when the service refused the actor, 409 for a conflict with the current state.
- `safe_next(request, fallback)`: `?next=` / POST `next` only when it points to this site.
- `page_of(request, queryset, size)`: a page of a list, for the pagination template
  `partials/pagination.html` (`{% include "partials/pagination.html" with page=page_obj %}`).
- `cpr_in_address_response(request)`: the 400 for a CPR number sent in the query string.

422 Unprocessable Content is the answer to a form that could not be accepted: the request was
understood but its content is invalid (the form is shown again with the errors). Tests and
monitoring can tell a refused form from a page that worked, and an invalid form from a refusal.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .exceptions import Conflict, PermissionRefused

INVALID_FORM_STATUS = 422
REFUSED_STATUS = 403
CONFLICT_STATUS = 409

ServiceError = ValidationError | Conflict | PermissionRefused


def permission_required(*perms: str) -> Callable:
    """Refuse (403) unless the logged-in user holds every permission named."""
    if not perms:
        raise ValueError("Name at least one permission.")

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perms(perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def autofocus_first_error(form: forms.BaseForm) -> None:
    """Move the keyboard focus (autofocus) to the first field with an error."""
    for field in form.fields.values():
        field.widget.attrs.pop("autofocus", None)
    for name in form.fields:
        if name in form.errors:
            form.fields[name].widget.attrs["autofocus"] = True
            return


def apply_service_error(form: forms.BaseForm, error: ServiceError) -> None:
    """Put a write service's error on the form: field errors next to their field when the form
    has it, everything else at the top. Remembers a refusal and a conflict for `form_status`."""
    if isinstance(error, PermissionRefused):
        form.add_error(error.field if error.field in form.fields else None, error.message)
        form.service_status = REFUSED_STATUS
    elif isinstance(error, Conflict):
        form.add_error(None, error.message)
        form.service_status = CONFLICT_STATUS
    elif hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item)
    else:
        form.add_error(None, error)
    autofocus_first_error(form)


def form_status(form: forms.BaseForm | None) -> int:
    """200 for a form shown or valid; 403 refused, 409 conflict, otherwise 422 with errors."""
    if form is None or not form.is_bound or not form.errors:
        return 200
    return getattr(form, "service_status", INVALID_FORM_STATUS)


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The `next` address of the request (POST, then GET) when it stays on this site (same host,
    and https when the request is); otherwise `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def page_of(request: HttpRequest, queryset: Any, size: int) -> Page:
    """The page `?page=` of `queryset` (the last page for a number past the end)."""
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def cpr_in_address_message() -> str:
    return _(
        "A CPR number must never be sent in an address (URL), where server logs would keep it. "
        "Use the form: it sends the number in the body of a POST request."
    )


def cpr_in_address_response(request: HttpRequest) -> HttpResponse:
    """400 for a request with `cpr` in its query string (find-by-CPR and the access-log export
    are POST forms). The value is neither logged nor echoed."""
    from .limits import limit_response

    return limit_response(request, 400, cpr_in_address_message())
