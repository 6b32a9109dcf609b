"""Template helpers for the UI shell."""

from datetime import timedelta

from django import template
from django.conf import settings
from django.utils.translation import gettext as _

from core.navigation import ROLE_HEADINGS, NavLink, navigation_for
from core.roles import API_CLIENT

register = template.Library()


@register.simple_tag(takes_context=True)
def main_navigation(context: template.Context) -> list[NavLink]:
    """The links the current user's roles give, for the pages that exist."""
    request = context.get("request")
    roles = context.get("user_roles") or set()
    return navigation_for(roles, request.path if request else "")


@register.simple_tag(takes_context=True)
def role_labels(context: template.Context) -> list[str]:
    """The current user's roles as translated labels, in a fixed order."""
    roles = context.get("user_roles") or set()
    labels = [str(heading) for role, heading in ROLE_HEADINGS.items() if role in roles]
    if API_CLIENT in roles:
        labels.append(str(_("API client")))
    return labels


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
