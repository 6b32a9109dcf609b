"""Template helpers for the employers' pages and the consultant's section of the start page."""

from typing import Any

from django import template

from employers import selectors
from employers.models import Opening

register = template.Library()


@register.simple_tag(takes_context=True)
def consultant_summary(context: template.Context) -> dict[str, Any]:
    """The consultant's figures for the start page: my companies, their open openings, and the
    job centre's samarbejdsgrad (three queries plus the rule lookup)."""
    user = context["user"]
    mine = selectors.employers_visible_to(user).filter(consultant=user)
    open_openings = selectors.openings_visible_to(user).filter(
        workplace__employer__consultant=user, status=Opening.Status.OPEN
    )
    return {
        "companies": mine.count(),
        "open_openings": open_openings.count(),
        "samarbejdsgrad": selectors.samarbejdsgrad(),
    }
