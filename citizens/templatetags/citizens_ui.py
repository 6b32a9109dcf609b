"""Template helpers for the caseworker's pages."""

from collections.abc import Iterable
from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from citizens.models import Alert
from citizens.segments import SEGMENT_RULES, SegmentRule
from citizens.selectors import caseload_summary as _caseload_summary
from citizens.selectors import course_field_label, course_value_label

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


# The short label of each alert in a list (one line per row); the full label stays in the badge
# for screen readers and in the legend under the table (alert_legend) for everyone.
ALERT_SHORT_LABELS = {
    Alert.Code.JOBPARAT_3_MONTHS: _("3 months"),
    Alert.Code.SICK_FIRST_CONVERSATION: _("1st sickness follow-up"),
    Alert.Code.SICK_FOLLOW_UP: _("Sickness follow-up"),
    Alert.Code.SICK_REASSESSMENT: _("Reassessment"),
    Alert.Code.LONG_TERM_UNEMPLOYED: _("Long-term"),
    Alert.Code.INTERVENTION_OVER_MAX: _("Over maximum"),
    Alert.Code.FRIKORT_NEAR_CAP: _("Frikort"),
    Alert.Code.PLAN_OUTDATED: _("Plan"),
    Alert.Code.CONTACT_CONVERSATION: _("Job conversations"),
}


@register.filter
def alert_short(alert: Alert) -> str:
    """The alert's short label for lists."""
    return ALERT_SHORT_LABELS[alert.code]


@register.simple_tag
def alert_legend() -> list[tuple[str, str]]:
    """(short label, full label) for every alert code, in the model's order."""
    return [(ALERT_SHORT_LABELS[code], label) for code, label in Alert.Code.choices]


@register.simple_tag
def alert_badges(alerts: Iterable[Alert]) -> SafeString | str:
    """A list row's alerts as compact badges: the short label (the full one for screen readers),
    "!" and "overdue" in words when overdue, the due date. Built here rather than by a template
    include per row: a caseload page has 50 rows."""
    rows = list(alerts)
    if not rows:
        return ""
    today = timezone.localdate()
    overdue = format_html(
        '<span aria-hidden="true">!</span><span class="visually-hidden">{}</span> ', _("overdue")
    )
    return format_html(
        '<ul class="badge-list badge-list--compact">{}</ul>',
        format_html_join(
            "",
            '<li><span class="badge {}" title="{}"><span aria-hidden="true">{}</span>'
            '<span class="visually-hidden">{},</span> {}<time datetime="{}">{}</time></span></li>',
            (
                (
                    alert_badge(alert),
                    alert.message,
                    alert_short(alert),
                    alert.get_code_display(),
                    overdue if alert.due < today else "",
                    alert.due.isoformat(),
                    alert.due.strftime("%d-%m-%y"),
                )
                for alert in rows
            ),
        ),
    )


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


@register.filter
def course_change_text(change) -> str:
    """A recorded course change as the caseworker reads it: "Udfald: – → Ordinært job", with
    the field's and the choices' labels, never the stored codes."""
    old = course_value_label(change.field, change.old_value) or "–"
    new = course_value_label(change.field, change.new_value) or "–"
    return f"{course_field_label(change.field)}: {old} → {new}"
