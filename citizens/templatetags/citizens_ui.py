"""Template helpers for the caseworker's pages."""

from datetime import timedelta

from django import template
from django.utils import timezone

from citizens.models import Alert
from citizens.segments import SEGMENT_RULES, SegmentRule
from citizens.selectors import caseload_summary as _caseload_summary

register = template.Library()

SOON_DAYS = 7


@register.filter
def alert_badge(alert: Alert) -> str:
    """The badge class of an alert: overdue (error), due within a week (warning), later."""
    today = timezone.localdate()
    if alert.due < today:
        return "badge--error"
    if alert.due <= today + timedelta(days=SOON_DAYS):
        return "badge--warning"
    return "badge--neutral"


@register.filter
def is_overdue(alert: Alert) -> bool:
    return alert.due < timezone.localdate()


@register.simple_tag(takes_context=True)
def caseload_summary(context: template.Context) -> dict[str, int]:
    """Counts for the caseworker's start page (no citizen data, so nothing is logged)."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return {"citizens": 0, "alerts_due": 0}
    return _caseload_summary(user=user)


@register.simple_tag
def segment_rules() -> tuple[SegmentRule, ...]:
    """The segment rule in order, from citizens.segments (the one place it is written)."""
    return SEGMENT_RULES
