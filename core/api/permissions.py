"""Least privilege per role through Django's model permissions (roles are groups: core.roles).

`RolePermission` is the API's default permission class: a viewset that sets `queryset` needs
`view_<model>` to read, `add_` to create, `change_` to update and `delete_` to delete, so each role
sees exactly what core.roles and the apps' `role_permissions` grant it. Which rows a user may see
(need-to-know by team) is the selector's job, in `get_queryset`.
A view without a queryset sets its own `permission_classes` (e.g. `IsAuthenticated`, or
`permission_required("core.export_accesslog")`).
"""

from typing import Any

from rest_framework.permissions import BasePermission, DjangoModelPermissions

VIEW_PERMS = ["%(app_label)s.view_%(model_name)s"]


class RolePermission(DjangoModelPermissions):
    """DjangoModelPermissions that also requires the view permission to read (GET, HEAD)."""

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": VIEW_PERMS,
        "HEAD": VIEW_PERMS,
    }


class HasPermissions(BasePermission):
    """An authenticated user holding every permission in `required` (subclass and set it)."""

    required: tuple[str, ...] = ()

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_perms(self.required))


def permission_required(*perms: str) -> type[HasPermissions]:
    """A permission class requiring `perms`, e.g. `permission_required("core.export_accesslog")`."""
    if not perms:
        raise ValueError("Name at least one permission.")
    return type(
        "HasPermissions_" + "_".join(p.replace(".", "_") for p in perms),
        (HasPermissions,),
        {"required": tuple(perms)},
    )
