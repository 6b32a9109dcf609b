"""Template helpers for the employers' pages and the consultant's section of the start page."""

from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from employers import rules, selectors
from employers.models import Opening, Placement

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


@register.filter
def placement_state(placement: Placement) -> tuple[str, str]:
    """(label, badge class) of a placement as of today: running, planned (starts later), ended
    or cancelled — so the list agrees with the seats counted "in use today"."""
    today = timezone.localdate()
    if placement.status == Placement.Status.ACTIVE:
        if rules.placement_active_on(
            status=placement.status, start=placement.start, end=placement.end, on=today
        ):
            return _("Running"), "badge--success"
        if placement.start > today:
            return _("Planned"), "badge--primary"
        return _("Ended"), "badge--neutral"
    return placement.get_status_display(), "badge--neutral"
