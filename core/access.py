"""The one owner of access logging: every citizen shown in a response is logged, once.

Pages and endpoints do not call the access log themselves. `CitizenAccessLogMiddleware` looks at
what a successful response shows and writes one AccessLog row per citizen (through
core.audit.write_access_log, the only writer, in one INSERT per request):

- a page (a TemplateResponse, see `render` below): every citizen in its context, found after the
  template is rendered: a citizen itself, the citizen a row points to (an alert's, a match's),
  in lists, pages, dicts, dataclasses and evaluated querysets;
- an API response (Django REST framework): every citizen behind the serializer output (the
  instances the serializer was given, walked the same way);
- anything else (a file, a redirect): the citizens a view declared with `shown(request, ...)`.

A view says how its access is labelled with `@access_action(AccessLog.Action.LIST)` (default:
"view" for a page; for the API "api_list" for a list and "api_detail" otherwise) and may give a
`reason`. A citizen opened outside the user's own team carries the reason it was opened with
(`mark_break_glass`), and is logged as break-glass with that reason.

A page is logged whatever its status (a form shown again with its errors shows the citizen
too); a redirect or a file logs the citizens a view declared with `shown`.

A refused attempt to open a citizen (need to know: another team's citizen without a reason, a
write to a citizen outside the own team, a registration with a CPR number already known) is
logged too, as `refused`: a selector or service raises its exception marked with
`refusal(exception, citizen_id)`, and whichever answers the request (this middleware for the
web's 403/404 page, core.api.errors for the API, or a view that shows the form again, through
`note_refusal`) declares it.
tests/core/test_access_log_walk.py walks every URL of the project and proves that what each
page shows is what is logged.
"""

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.paginator import Page
from django.db.models import Model, QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.template.response import SimpleTemplateResponse, TemplateResponse
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from .audit import access_log_rows, write_access_log
from .models import AccessLog

# The model whose instances are citizens (core never imports the domain apps).
CITIZEN_MODEL = getattr(settings, "ACCESS_LOG_CITIZEN_MODEL", "citizens.Citizen")
_MAX_DEPTH = 6
_REQUEST_KEY = "_citizen_access"
_BREAK_GLASS_ATTRIBUTE = "access_break_glass_reason"
_REFUSED_ATTRIBUTE = "access_refused_citizen_ids"
E = TypeVar("E", bound=BaseException)


@dataclasses.dataclass
class _Access:
    action: str | None = None
    reason: str = ""
    declared: list[Any] = dataclasses.field(default_factory=list)
    refused: list[tuple[int, str]] = dataclasses.field(default_factory=list)
    logged: bool = False


def _citizen_model() -> type[Model]:
    return apps.get_model(CITIZEN_MODEL)


def _http_request(request: Any) -> HttpRequest:
    """The Django request behind a REST framework request."""
    return getattr(request, "_request", request)


def _access(request: Any) -> _Access:
    request = _http_request(request)
    access = getattr(request, _REQUEST_KEY, None)
    if access is None:
        access = _Access()
        setattr(request, _REQUEST_KEY, access)
    return access


# --- What a view may say -------------------------------------------------------------------


def access_action(action: str, *, reason: str = "") -> Callable:
    """Label the accesses a page logs: `@access_action(AccessLog.Action.LIST)`."""
    if action not in AccessLog.Action.values:
        raise ValueError(f"Unknown access action {action!r}.")

    def decorate(view: Callable) -> Callable:
        view.citizen_access_action = action  # type: ignore[attr-defined]
        view.citizen_access_reason = reason  # type: ignore[attr-defined]
        return view

    return decorate


def set_action(request: Any, action: str, *, reason: str | None = None) -> None:
    """Label this request's accesses (when one view serves several kinds of access)."""
    access = _access(request)
    access.action = action
    if reason is not None:
        access.reason = reason


def shown(request: Any, citizens: Iterable[Any], *, action: str | None = None) -> None:
    """Declare citizens a response shows that are not in its context or serializer output
    (a file, a report by CPR). Logged with the response, whatever its kind."""
    access = _access(request)
    access.declared.extend(citizens)
    if action is not None:
        access.action = action


def refusal(exception: E, citizen_id: Any, *, reason: str = "") -> E:
    """Mark an exception that refuses `user` access to a citizen (a need-to-know 403 or 404, a
    duplicate CPR number): the request that raised it logs the attempt as `refused`."""
    setattr(exception, _REFUSED_ATTRIBUTE, [(int(citizen_id), reason)])
    return exception


def refused(request: Any, citizen_ids: Iterable[Any], *, reason: str = "") -> None:
    """Declare refused attempts to open citizens (by id): logged as `refused` with the response.
    Ids of citizens that do not exist are ignored."""
    _access(request).refused.extend((int(pk), reason) for pk in citizen_ids)


def note_refusal(request: Any, exception: BaseException) -> None:
    """Declare the refusal an exception carries (see `refusal`), if any."""
    for citizen_id, reason in getattr(exception, _REFUSED_ATTRIBUTE, ()):
        refused(request, [citizen_id], reason=reason)


def mark_break_glass(citizen: Any, reason: str) -> Any:
    """A citizen opened outside the user's team with a stated reason: logged as break-glass."""
    setattr(citizen, _BREAK_GLASS_ATTRIBUTE, reason)
    return citizen


def render(
    request: HttpRequest,
    template_name: str | list[str],
    context: dict[str, Any] | None = None,
    status: int | None = None,
) -> TemplateResponse:
    """django.shortcuts.render for pages that show citizens: the context stays readable so
    every citizen in it is logged."""
    return TemplateResponse(request, template_name, context, status=status)


# --- Finding the citizens in what a response shows ------------------------------------------


def citizens_in(value: Any) -> list[Any]:
    """The distinct citizens (by primary key, first seen first) in `value`."""
    citizen_model = _citizen_model()
    found: dict[Any, Any] = {}
    seen: dict[int, Any] = {}  # id -> object: keeps each object alive, so no id is reused
    for citizen in _walk(value, citizen_model, seen, 0):
        known = found.setdefault(citizen.pk, citizen)
        if getattr(citizen, _BREAK_GLASS_ATTRIBUTE, "") and known is not citizen:
            found[citizen.pk] = citizen  # opened by break-glass: the instance with the reason
    return list(found.values())


def _walk(value: Any, citizen_model: type[Model], seen: dict[int, Any], depth: int) -> Iterator:
    if value is None or isinstance(value, str | bytes | int | float | bool):
        return
    if depth > _MAX_DEPTH or id(value) in seen:
        return
    seen[id(value)] = value
    if isinstance(value, citizen_model):
        if value.pk is not None:
            yield value
        return
    if isinstance(value, Model):
        yield from _walk(list(value._state.fields_cache.values()), citizen_model, seen, depth + 1)
        prefetched = getattr(value, "_prefetched_objects_cache", {})
        yield from _walk(list(prefetched.values()), citizen_model, seen, depth + 1)
        return
    if isinstance(value, BaseForm | HttpRequest | type):
        return
    if isinstance(value, QuerySet):
        # Only what was fetched, i.e. what the page could have shown.
        if value._result_cache is not None:
            yield from _walk(value._result_cache, citizen_model, seen, depth + 1)
        return
    if isinstance(value, Page):
        yield from _walk(value.object_list, citizen_model, seen, depth + 1)
        return
    if isinstance(value, ReturnDict | ReturnList):
        # Serializer output: the instances the serializer was given.
        serializer = getattr(value, "serializer", None)
        yield from _walk(getattr(serializer, "instance", None), citizen_model, seen, depth + 1)
        yield from _walk_items(value, citizen_model, seen, depth)
        return
    if dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from _walk(getattr(value, field.name), citizen_model, seen, depth + 1)
        return
    if isinstance(value, dict | list | tuple | set | frozenset):
        yield from _walk_items(value, citizen_model, seen, depth)


def _walk_items(
    value: Any, citizen_model: type[Model], seen: dict[int, Any], depth: int
) -> Iterator:
    items = value.values() if isinstance(value, dict) else value
    for item in items:
        yield from _walk(item, citizen_model, seen, depth + 1)


# --- Writing the log -------------------------------------------------------------------------


def _default_action(response: HttpResponse) -> str:
    data = getattr(response, "data", None)
    if data is None:
        return AccessLog.Action.VIEW
    view = (getattr(response, "renderer_context", None) or {}).get("view")
    detail = getattr(view, "detail", None)  # set by a REST framework viewset's router
    if detail is not None:
        return AccessLog.Action.API_DETAIL if detail else AccessLog.Action.API_LIST
    if isinstance(data, list) or (isinstance(data, dict) and "results" in data):
        return AccessLog.Action.API_LIST
    return AccessLog.Action.API_DETAIL


def log_response(request: HttpRequest, response: HttpResponse) -> int:
    """Log every citizen `response` shows to the request's user (once per request, in one
    INSERT: the refused attempts, the citizens shown and those opened outside the own team)."""
    access = _access(request)
    if access.logged:
        return 0
    access.logged = True
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    rows = _refused_rows(request, user, access.refused)
    citizens = citizens_in(access.declared)
    if isinstance(response, SimpleTemplateResponse):
        source = getattr(response, "data", None)
        if source is None:
            source = response.context_data
        known = {citizen.pk for citizen in citizens}
        citizens += [c for c in citizens_in(source) if c.pk not in known]
    if citizens:
        action = access.action or _default_action(response)
        plain = [c for c in citizens if not getattr(c, _BREAK_GLASS_ATTRIBUTE, "")]
        if plain:
            rows += access_log_rows(
                actor=user, citizens=plain, action=action, reason=access.reason, request=request
            )
        for citizen in citizens:
            reason = getattr(citizen, _BREAK_GLASS_ATTRIBUTE, "")
            if reason:
                rows += access_log_rows(
                    actor=user,
                    citizens=[citizen],
                    action=AccessLog.Action.BREAK_GLASS,
                    reason=reason,
                    request=request,
                )
    return write_access_log(rows)


def _refused_rows(request: HttpRequest, user: Any, refused: list[tuple[int, str]]) -> list:
    if not refused:
        return []
    reasons: dict[int, str] = {}
    for citizen_id, reason in refused:
        reasons.setdefault(citizen_id, reason)
    found = _citizen_model().objects.filter(pk__in=reasons).only("pk", "cpr_hash").order_by("pk")
    rows = []
    for citizen in found:
        rows += access_log_rows(
            actor=user,
            citizens=[citizen],
            action=AccessLog.Action.REFUSED,
            reason=reasons[citizen.pk],
            request=request,
        )
    return rows


class CitizenAccessLogMiddleware:
    """Logs the citizens every response shows (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not isinstance(response, SimpleTemplateResponse):
            log_response(request, response)
        return response

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args: Any, view_kwargs: Any
    ) -> None:
        access = _access(request)
        action = getattr(view_func, "citizen_access_action", None)
        if action is None:
            view_class = getattr(view_func, "cls", None) or getattr(view_func, "view_class", None)
            action = getattr(view_class, "citizen_access_action", None)
            access.reason = getattr(view_class, "citizen_access_reason", "")
        else:
            access.reason = getattr(view_func, "citizen_access_reason", "")
        access.action = action
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        """A view refused a citizen by raising (a 403 or 404 page follows): log the attempt."""
        note_refusal(request, exception)
        return None

    def process_template_response(
        self, request: HttpRequest, response: SimpleTemplateResponse
    ) -> SimpleTemplateResponse:
        def after_render(rendered: SimpleTemplateResponse) -> None:
            log_response(request, rendered)

        response.add_post_render_callback(after_render)
        return response
