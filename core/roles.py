"""Roles are Django groups with named permissions, defined here in code and synced idempotently.

Each app declares which of its own permissions each role gets, as `role_permissions` on its
AppConfig ({role: ["app_label.codename", ...]}); `sync_roles` gathers them, so this module never
imports the domain apps. Run by `manage.py sync_roles` and after every `migrate`.
This module is imported by AppConfigs, so it imports no models at module level.
"""

from collections import defaultdict
from typing import Any

from django.apps import apps as django_apps
from django.db import transaction

CASEWORKER = "sagsbehandler"
CONSULTANT = "virksomhedskonsulent"
MANAGER = "leder"
API_CLIENT = "api-klient"
ROLES: tuple[str, ...] = (CASEWORKER, CONSULTANT, MANAGER, API_CLIENT)

ROLE_LABELS = {
    CASEWORKER: "Sagsbehandler",
    CONSULTANT: "Virksomhedskonsulent",
    MANAGER: "Leder",
    API_CLIENT: "API-klient",
}

# The shared app's own grants.
CORE_ROLE_PERMISSIONS: dict[str, list[str]] = {
    CASEWORKER: ["core.view_occupation", "core.view_team", "core.view_rule"],
    CONSULTANT: ["core.view_occupation", "core.view_team", "core.view_rule"],
    MANAGER: [
        "core.view_occupation",
        "core.view_team",
        "core.view_rule",
        "core.change_rule",
        "core.add_rule",
        "core.view_accesslog",
        "core.export_accesslog",
    ],
    API_CLIENT: ["core.view_occupation", "core.view_team", "core.view_rule"],
}


class UnknownPermission(LookupError):
    pass


def declared_role_permissions() -> dict[str, set[str]]:
    """All grants, from core and from every installed app's AppConfig.role_permissions."""
    grants: dict[str, set[str]] = defaultdict(set)
    for role, perms in CORE_ROLE_PERMISSIONS.items():
        grants[role].update(perms)
    for config in django_apps.get_app_configs():
        for role, perms in getattr(config, "role_permissions", {}).items():
            if role not in ROLES:
                raise UnknownPermission(f"{config.label} grants to unknown role {role!r}.")
            grants[role].update(perms)
    return grants


def _permission(name: str):  # -> Permission
    from django.contrib.auth.models import Permission

    app_label, codename = name.split(".", 1)
    try:
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)
    except Permission.DoesNotExist:
        raise UnknownPermission(f"Permission {name!r} does not exist.") from None


@transaction.atomic
def sync_roles() -> dict[str, int]:
    """Create the role groups and set exactly their declared permissions. Idempotent."""
    from django.contrib.auth.models import Group

    result = {}
    grants = declared_role_permissions()
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        permissions = [_permission(name) for name in sorted(grants.get(role, set()))]
        group.permissions.set(permissions)
        result[role] = len(permissions)
    return result


def sync_roles_after_migrate(sender: Any, **kwargs: Any) -> None:
    """post_migrate hook: keep the groups in step with the code after every migrate."""
    from django.contrib.auth.management import create_permissions

    using = kwargs.get("using", "default")
    for config in django_apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    sync_roles()


def user_roles(user: Any) -> set[str]:
    """The user's roles, read once per user object (a request's user is loaded per request; a
    page asks several times), as Django caches a user's permissions. A change of groups through
    `user.groups` clears it (forget_roles)."""
    if not user or not user.is_authenticated:
        return set()
    cached = getattr(user, "_roles_cache", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True)) & frozenset(ROLES)
        user._roles_cache = cached
    return set(cached)


def forget_roles(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    """m2m_changed of User.groups: the user object whose groups changed reads its roles again."""
    if action.startswith("post_") and hasattr(instance, "_roles_cache"):
        del instance._roles_cache


def has_role(user: Any, role: str) -> bool:
    return role in user_roles(user)
