from django.conf import settings
from django.http import HttpRequest

from .roles import ROLE_LABELS, user_roles
from .views_session import session_timing


def runtime(request: HttpRequest) -> dict:
    """What every page needs: the embedded-default warning and the user's roles."""
    roles = user_roles(getattr(request, "user", None))
    return {
        "embedded_database": settings.EMBEDDED_DATABASE,
        "eager_tasks": settings.EAGER_TASKS,
        "user_roles": roles,
        "user_role_labels": [ROLE_LABELS[role] for role in sorted(roles)],
        "session_timing": session_timing(),
    }
