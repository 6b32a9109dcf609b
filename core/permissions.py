"""The one object-level permission check of the project: may this actor do this to this object?

    can(actor, "citizens.change_citizen", citizen)      -> bool
    require(actor, "citizens.change_citizen", citizen)  -> None, or raises PermissionRefused

An *action* is a Django permission name, "app_label.codename": what a role may do at all
(core.roles and each app's `role_permissions`). The *object* is what the action touches (a Citizen,
an Opening, a Match; unsaved for a create), or None for an action on no particular object.

`can` is true when the actor is an active, logged-in user, holds the permission through a role,
and every *object rule* registered for the action accepts (actor, obj). Apps register their rules
in AppConfig.ready() (`register(action, rule, message=...)`), so core never imports the apps:
a caseworker keeps the citizens of their own team, a consultant decides the matches of their own
companies' openings, and so on (see each app's `permissions.py`).

Every write service calls `require` for the actor it is given, so the form, the API, a task and a
management command meet the same gate. Django's own `user.has_perm(action, obj)` gives the same
answer through `ObjectRuleBackend` (in AUTHENTICATION_BACKENDS), in the spirit of
magenta-aps/havneafgifter.

A service that has checked its own action may call another service on the actor's behalf: accepting
a match (grid.decide_match) creates the intervention and takes the seat, which the consultant
could not do alone. It says so with `granted(actor, action, obj)`, which holds only inside the
`with` block and only for that actor, action and object.
"""

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .exceptions import PermissionRefused

Rule = Callable[[Any, Any], bool]


@dataclass(frozen=True)
class ObjectRule:
    rule: Rule
    message: str | Promise
    field: str | None = None


_RULES: dict[str, list[ObjectRule]] = defaultdict(list)
_GRANTED: ContextVar[tuple[tuple[int, str, Any], ...]] = ContextVar("granted", default=())

NOT_ALLOWED = _("You may not do this: your role does not allow it.")
NOT_LOGGED_IN = _("Log in to do this.")


def register(action: str, rule: Rule, *, message: str | Promise, field: str | None = None) -> None:
    """Add an object rule for `action` (idempotent: the same rule is registered once).
    `message` says why the actor is refused; `field` names the form field it concerns."""
    if "." not in action:
        raise ValueError(f"An action is a permission name 'app_label.codename', not {action!r}.")
    if any(existing.rule is rule for existing in _RULES[action]):
        return
    _RULES[action].append(ObjectRule(rule=rule, message=message, field=field))


def rules_for(action: str) -> tuple[ObjectRule, ...]:
    return tuple(_RULES.get(action, ()))


def _key(obj: Any) -> Any:
    if obj is None:
        return None
    pk = getattr(obj, "pk", None)
    if pk is None:
        return ("object", id(obj))
    return (type(obj)._meta.label_lower if hasattr(type(obj), "_meta") else type(obj), pk)


def _is_granted(actor: Any, action: str, obj: Any) -> bool:
    return (getattr(actor, "pk", None), action, _key(obj)) in _GRANTED.get()


def refusal(actor: Any, action: str, obj: Any = None) -> PermissionRefused | None:
    """Why `actor` may not do `action` to `obj`, or None when they may."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return PermissionRefused(str(NOT_LOGGED_IN))
    if not actor.is_active:
        return PermissionRefused(str(NOT_ALLOWED))
    if _is_granted(actor, action, obj):
        return None
    if not actor.has_perm(action):
        return PermissionRefused(str(NOT_ALLOWED))
    if obj is None:
        return None
    for object_rule in _RULES.get(action, ()):
        if not object_rule.rule(actor, obj):
            return PermissionRefused(str(object_rule.message), field=object_rule.field)
    return None


def can(actor: Any, action: str, obj: Any = None) -> bool:
    """May `actor` do `action` (a permission name) to `obj`?"""
    return refusal(actor, action, obj) is None


def require(actor: Any, action: str, obj: Any = None) -> None:
    """Refuse (PermissionRefused, with a clear message) unless `actor` may do `action` to `obj`."""
    refused = refusal(actor, action, obj)
    if refused is not None:
        raise refused


@contextmanager
def granted(actor: Any, action: str, obj: Any) -> Iterator[None]:
    """Inside the block, `actor` may do `action` to `obj`: a service that has checked its own,
    wider action calls another service on the actor's behalf."""
    token = _GRANTED.set((*_GRANTED.get(), (getattr(actor, "pk", None), action, _key(obj))))
    try:
        yield
    finally:
        _GRANTED.reset(token)


class ObjectRuleBackend:
    """Django auth backend: `user.has_perm(action, obj)` with an object asks `can`. Without an
    object it says nothing (ModelBackend answers from the roles)."""

    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if obj is None:
            return False
        return can(user_obj, perm, obj)
