"""Template helpers for the UI shell."""

from datetime import timedelta

from django import template
from django.conf import settings

from core.navigation import NavLink, navigation_for

register = template.Library()


@register.simple_tag(takes_context=True)
def main_navigation(context: template.Context) -> list[NavLink]:
    """The links the current user's roles give, for the pages that exist."""
    request = context.get("request")
    roles = context.get("user_roles") or set()
    return navigation_for(roles, request.path if request else "")


@register.filter
def minutes(value: timedelta | None) -> int:
    """Whole minutes in a timedelta, rounded up (a lockout of 14.5 minutes reads as 15)."""
    if not value:
        return 0
    seconds = int(value.total_seconds())
    return -(-seconds // 60)


@register.simple_tag
def session_idle_minutes() -> int:
    """Minutes without a request before the session ends (settings.SESSION_IDLE_MINUTES)."""
    return settings.SESSION_IDLE_MINUTES
