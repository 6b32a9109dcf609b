"""The audit mechanism every feature calls.

Two trails:
- Changes to personal data: django-auditlog records who, when, which object and old -> new for every
  model registered with `register_personal_data_model` (the actor comes from AuditlogMiddleware in
  the browser and the API, or from `audit_actor` in tasks and commands).
- Reads of a citizen's record: one AccessLog row per citizen shown, in a page, a list, a search,
  an API response or an export (`access_log_rows`), a request's rows written in one INSERT
  (`write_access_log`; `log_citizen_access` does both for one group). Their one caller is
  core.access (the middleware that logs every citizen a response shows); pages and endpoints
  never call them.
Neither log can be edited or deleted through the application.
"""

import functools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

from auditlog.context import auditlog_value, set_actor
from auditlog.registry import auditlog
from django.http import HttpRequest

from .identifiers import mask_cpr_like
from .models import AccessLog, User


class CitizenLike(Protocol):
    pk: Any
    cpr_hash: str


def register_personal_data_model(model: type, **options: Any) -> type:
    """Record every create, change and delete of `model` in the change log."""
    auditlog.register(model, **options)
    return model


@contextmanager
def audit_actor(user: User | None) -> Iterator[None]:
    """Attribute changes made inside the block to `user` (in a service, a task or a command).

    django-auditlog's own context never restores the one around it, so inside a request (where
    AuditlogMiddleware opened one) the request's context — its remote address, its actor — is put
    back after the block."""
    outer = auditlog_value.get(None)
    remote_addr = outer.get("remote_addr") if outer else None
    try:
        with set_actor(user, remote_addr=remote_addr):
            yield
    finally:
        if outer is not None:
            auditlog_value.set(outer)


F = TypeVar("F", bound=Callable[..., Any])


def records_actor(service: F) -> F:
    """A write service records its own audit actor: the change log names the `actor` keyword
    argument it is called with, whichever door called it (form, API, task, command)."""

    @functools.wraps(service)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        actor = kwargs.get("actor")
        if actor is None:  # a run the system starts: nobody to name
            return service(*args, **kwargs)
        with audit_actor(actor):
            return service(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def access_log_rows(
    *,
    actor: User,
    citizens: Iterable[CitizenLike],
    action: str,
    reason: str = "",
    request: HttpRequest | None = None,
) -> list[AccessLog]:
    """The access-log rows (unsaved) of `actor` seeing `citizens`: one per citizen. Checked
    here; written by write_access_log."""
    if not actor or not actor.is_authenticated:
        raise ValueError("An access to citizen data must have an authenticated actor.")
    if action not in AccessLog.Action.values:
        raise ValueError(f"Unknown access action {action!r}.")
    # A CPR number never lands in the log in clear, even typed into a reason or an address.
    path = mask_cpr_like(request.get_full_path())[:500] if request is not None else ""
    reason = mask_cpr_like(reason)[:500]
    remote_addr = _client_ip(request)
    return [
        AccessLog(
            actor=actor,
            action=action,
            citizen_id=citizen.pk,
            cpr_hash=citizen.cpr_hash,
            reason=reason,
            path=path,
            remote_addr=remote_addr,
        )
        for citizen in citizens
    ]


def write_access_log(rows: list[AccessLog]) -> int:
    """Write access-log rows in one INSERT (a request's views, refusals and break-glass opens
    together, core.access); return how many."""
    if rows:
        AccessLog.objects.bulk_create(rows)
    return len(rows)


def log_citizen_access(
    *,
    actor: User,
    citizens: Iterable[CitizenLike],
    action: str,
    reason: str = "",
    request: HttpRequest | None = None,
) -> int:
    """Write one access-log row per citizen; return how many were written."""
    return write_access_log(
        access_log_rows(
            actor=actor, citizens=citizens, action=action, reason=reason, request=request
        )
    )
