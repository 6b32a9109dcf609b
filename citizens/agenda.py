"""The caseworker's agenda, "Mine frister": every deadline due this week or overdue.

Read from the one deadline engine: the Alert rows citizens.alerts computes (this module never
computes a deadline itself). Each row carries its rule (the alert's text and the legal reference
of the rule-table row that produced the deadline, stored on the alert by the engine: the row in
force on the day the case was judged by, e.g. a contact course's start, not a row looked up again
on the due date, which may fall under a later version of the law) and a link to the section of
the record where it is handled.
The page (citizens.views.agenda) and the API (/api/v1/deadlines/) both read `deadlines` and
`agenda_rows`; core.access logs every citizen they show.

Scopes: "mine" (the citizens the user is the primary contact for) and "team" (every citizen the
user may see: the own team, every team for a leder or the API client). The default is "mine" for a
user in a team, "team" otherwise.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from core.models import User

from .models import Alert
from .selectors import citizens_visible_to

SCOPE_MINE = "mine"
SCOPE_TEAM = "team"
SCOPES = (SCOPE_MINE, SCOPE_TEAM)


@dataclass(frozen=True)
class AlertAction:
    """Where an alert is handled: `section` is the id of the record's section
    (citizens/detail.html). The rule an alert rests on is not declared here: the engine stores
    the legal reference of the row it used on the alert itself (Alert.legal_reference)."""

    section: str


# One entry per alert code; tests/citizens/test_agenda.py fails for a code without one.
ALERT_ACTIONS: dict[str, AlertAction] = {
    Alert.Code.JOBPARAT_3_MONTHS: AlertAction("interventions"),
    Alert.Code.SICK_FIRST_CONVERSATION: AlertAction("conversations"),
    Alert.Code.SICK_FOLLOW_UP: AlertAction("conversations"),
    Alert.Code.SICK_REASSESSMENT: AlertAction("course"),
    Alert.Code.LONG_TERM_UNEMPLOYED: AlertAction("interventions"),
    Alert.Code.INTERVENTION_OVER_MAX: AlertAction("interventions"),
    Alert.Code.FRIKORT_NEAR_CAP: AlertAction("paid-hours"),
    Alert.Code.PLAN_OUTDATED: AlertAction("plan"),
    Alert.Code.CONTACT_CONVERSATION: AlertAction("conversations"),
}
# An alert code added to the engine before it is declared above still shows, at the alerts.
FALLBACK_ACTION = AlertAction("alerts")


def end_of_week(today: date) -> date:
    """The Sunday of `today`'s week (the home page's count uses the same week)."""
    return today + timedelta(days=6 - today.weekday())


def default_scope(user: User) -> str:
    return SCOPE_MINE if getattr(user, "team_id", None) else SCOPE_TEAM


def deadlines(*, user: User, scope: str | None = None, today: date | None = None) -> QuerySet:
    """The alerts due by the end of this week (overdue ones included) of the citizens in
    `scope` the user may see, earliest first. Nothing for a user who may see no citizen."""
    today = today or timezone.localdate()
    scope = scope if scope in SCOPES else default_scope(user)
    citizens = citizens_visible_to(user)
    if scope == SCOPE_MINE:
        citizens = citizens.filter(caseworker=user)
    return (
        Alert.objects.filter(citizen__in=citizens, due__lte=end_of_week(today))
        .select_related("citizen__caseworker", "citizen__team")
        .order_by("due", "code", "citizen__last_name", "citizen__first_name", "pk")
    )


@dataclass(frozen=True)
class AgendaRow:
    """One deadline as the agenda shows it."""

    alert: Alert
    overdue: bool
    code_label: str
    legal_reference: str
    section: str

    @property
    def citizen(self):
        return self.alert.citizen

    @property
    def action_url(self) -> str:
        """The record's section where the deadline is handled."""
        return f"{reverse('citizens:detail', args=[self.alert.citizen_id])}#{self.section}"


def action_for(code: str) -> AlertAction:
    return ALERT_ACTIONS.get(code, FALLBACK_ACTION)


def agenda_rows(alerts: Iterable[Alert], *, today: date | None = None) -> list[AgendaRow]:
    """The rows for `alerts`, each with the legal reference of the rule row that produced its
    deadline, as the engine stored it (no query of the rule table)."""
    today = today or timezone.localdate()
    labels = dict(Alert.Code.choices)
    return [
        AgendaRow(
            alert=alert,
            overdue=alert.due < today,
            code_label=str(labels.get(alert.code, alert.code)),
            legal_reference=alert.legal_reference,
            section=action_for(alert.code).section,
        )
        for alert in alerts
    ]
