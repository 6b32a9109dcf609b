"""Reads of citizens' data. Every function is given the user, so it returns only what that user
may see (need to know). Logging what is shown is core.access's job, not theirs."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import mark_break_glass, refusal
from core.models import User
from core.rules import RuleMissing, rule_lookup

from .models import (
    Alert,
    CaseTransfer,
    Citizen,
    Conversation,
    Course,
    CourseChange,
    Intervention,
    JobTrack,
    PlanRevision,
)
from .rules import distinct_staff


class BreakGlassRequired(PermissionDenied):
    """The citizen belongs to another team: opening the record needs a stated reason. The
    attempt is logged as `refused` (core.access) by whichever answers the request."""

    def __init__(self, citizen: Citizen) -> None:
        super().__init__(
            _(
                "Access to this citizen needs a reason. State why you need to open the record; "
                "the reason is logged."
            )
        )
        self.citizen = citizen
        refusal(self, citizen.pk)


def _not_shown(citizen_id: int) -> Http404:
    """The 404 of a citizen the user may not know exists (logged as refused when it does)."""
    return refusal(Http404(_("No such citizen.")), citizen_id)


def citizens_visible_to(user: User) -> QuerySet[Citizen]:
    """Need to know: a caseworker sees their own team; a manager and the API client see all."""
    if not user.is_authenticated or not user.has_perm("citizens.view_citizen"):
        return Citizen.objects.none()
    if user.has_perm("citizens.view_all_teams"):
        return Citizen.objects.all()
    if user.team_id is None:
        return Citizen.objects.none()
    return Citizen.objects.filter(team_id=user.team_id)


def citizen_list(*, user: User) -> QuerySet[Citizen]:
    """The rows of a caseload or the API list, with what a row shows, in a constant number of
    queries. Filtering is done by citizens.filters.CitizenFilter on top of this."""
    return (
        citizens_visible_to(user)
        .select_related("current_course", "caseworker", "team")
        .prefetch_related(
            Prefetch("alerts", queryset=Alert.objects.order_by("due", "code")),
        )
    )


def citizen_detail_queryset() -> QuerySet[Citizen]:
    return Citizen.objects.select_related("current_course", "caseworker", "team").prefetch_related(
        Prefetch("job_tracks", queryset=JobTrack.objects.select_related("occupation")),
        "languages",
        Prefetch("alerts", queryset=Alert.objects.order_by("due", "code")),
    )


def citizen_get(
    *,
    user: User,
    citizen_id: int,
    reason: str = "",
) -> Citizen:
    """Open one citizen's record for `user`.

    A caseworker may open a citizen of another team only with a stated reason (break-glass);
    the citizen then carries the reason, and core.access logs the page or response that shows
    it as break-glass with that reason. Raises Http404 when the user may not know the citizen
    exists, BreakGlassRequired when a reason is needed.
    """
    citizen = citizen_detail_queryset().filter(pk=citizen_id).first()
    if citizen is None:
        raise Http404(_("No such citizen."))
    if citizens_visible_to(user).filter(pk=citizen_id).exists():
        return citizen
    if not user.has_perm("citizens.break_glass_citizen"):
        raise _not_shown(citizen_id)
    if not reason.strip():
        raise BreakGlassRequired(citizen)
    return mark_break_glass(citizen, reason.strip())


def citizen_get_for_change(*, user: User, citizen_id: int) -> Citizen:
    """Open a citizen's record in order to change it. Break-glass gives read access only: a
    citizen of another team is changed after a transfer, never through a stated reason."""
    if not citizens_visible_to(user).filter(pk=citizen_id).exists():
        if Citizen.objects.filter(pk=citizen_id).exists() and user.has_perm(
            "citizens.break_glass_citizen"
        ):
            raise refusal(
                PermissionDenied(
                    _(
                        "This citizen belongs to another team. Opening with a reason gives read "
                        "access only; transfer the citizen to work on the case."
                    )
                ),
                citizen_id,
            )
        raise _not_shown(citizen_id)
    return citizen_get(user=user, citizen_id=citizen_id)


def citizen_find_by_cpr(*, user: User, cpr: str) -> Citizen | None:
    """Exact CPR lookup across teams (the entry to break-glass). The caller declares the
    citizen found as shown (core.access.shown, as a search)."""
    if not user.has_perm("citizens.view_citizen"):
        return None
    return Citizen.objects.select_related("team", "caseworker").with_cpr(cpr).first()


def distinct_staff_count(*, citizen: Citizen, today: date | None = None, days: int = 90) -> int:
    """Færre fagfolk (principle 3) on the record and in the API: the one definition in
    citizens.rules.distinct_staff (distinct staff who touched the case in the last `days` days,
    the same count as the strategy's indicator)."""
    return distinct_staff.staff_count(citizen, on=today or timezone.localdate(), days=days)


# --- Timeline -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    when: date
    kind: str  # a stable key, used for icons and filters
    title: str
    detail: str = ""
    actor: str = ""


TimelineSource = Callable[[Citizen], Iterable[TimelineEntry]]
_timeline_sources: list[TimelineSource] = []


def register_timeline_source(source: TimelineSource) -> None:
    """Apps that build on citizens (the GRID) add their events to the timeline from their
    AppConfig.ready(), so this app never imports them."""
    if source not in _timeline_sources:
        _timeline_sources.append(source)


def _actor(user: Any) -> str:
    return str(user) if user else ""


def course_field_label(field: str) -> str:
    """The Danish label of a Course field recorded in CourseChange.field."""
    try:
        return str(Course._meta.get_field(field).verbose_name).capitalize()
    except FieldDoesNotExist:
        return field


def course_value_label(field: str, value: str) -> str:
    """A recorded course value as the user reads it: choice labels, yes/no for booleans."""
    if field == "integration_programme":
        return str(_("yes")) if value == "True" else str(_("no"))
    try:
        choices = dict(Course._meta.get_field(field).flatchoices)
    except FieldDoesNotExist:
        return value
    return str(choices.get(value, value)) if value else ""


# What the record and the timeline read of a citizen, each relation read once (one query each)
# and shared by the sections, the timeline, Færre fagfolk, the contact rule and the frikort.
RECORD_PREFETCHES = (
    Prefetch(
        "courses",
        queryset=Course.objects.prefetch_related(
            Prefetch("changes", queryset=CourseChange.objects.select_related("changed_by"))
        ),
    ),
    Prefetch("conversations", queryset=Conversation.objects.select_related("held_by")),
    Prefetch(
        "interventions",
        queryset=Intervention.objects.select_related(
            "created_by", "placement__opening__workplace__employer"
        ),
    ),
    Prefetch("plan_revisions", queryset=PlanRevision.objects.select_related("created_by")),
    Prefetch("transfers", queryset=CaseTransfer.objects.select_related("to_caseworker", "by")),
    "paid_hours",
)


def with_record(citizen: Citizen) -> Citizen:
    """The citizen with RECORD_PREFETCHES read (relations already read are left as they are)."""
    prefetch_related_objects([citizen], *RECORD_PREFETCHES)
    return citizen


def citizen_timeline(*, citizen: Citizen) -> list[TimelineEntry]:
    """One timeline: course changes, conversations, interventions, plan revisions, transfers and
    whatever registered sources add, newest first."""
    with_record(citizen)
    entries: list[TimelineEntry] = []
    for course in citizen.courses.all():
        entries.append(
            TimelineEntry(
                when=course.start,
                kind="course_start",
                title=_("Course started: %(benefit)s") % {"benefit": course.get_benefit_display()},
            )
        )
        if course.end:
            entries.append(
                TimelineEntry(
                    when=course.end,
                    kind="course_end",
                    title=_("Course ended: %(outcome)s")
                    % {"outcome": course.get_outcome_display()},
                )
            )
    for change in (change for course in citizen.courses.all() for change in course.changes.all()):
        entries.append(
            TimelineEntry(
                when=change.effective,
                kind="course_change",
                title=_("%(field)s changed") % {"field": course_field_label(change.field)},
                detail=f"{course_value_label(change.field, change.old_value) or '–'} → "
                f"{course_value_label(change.field, change.new_value) or '–'}"
                + (f" ({change.reason})" if change.reason else ""),
                actor=_actor(change.changed_by),
            )
        )
    for conversation in citizen.conversations.all():
        entries.append(
            TimelineEntry(
                when=conversation.date,
                kind="conversation",
                title=conversation.get_kind_display(),
                detail=conversation.note,
                actor=_actor(conversation.held_by),
            )
        )
    for intervention in citizen.interventions.all():
        where = ""
        if intervention.placement_id:
            where = intervention.placement.opening.workplace.employer.name
        entries.append(
            TimelineEntry(
                when=intervention.start,
                kind="intervention",
                title=intervention.get_kind_display(),
                detail=" – ".join(
                    part
                    for part in (
                        where,
                        f"{intervention.start:%d-%m-%Y}–"
                        + (f"{intervention.end:%d-%m-%Y}" if intervention.end else ""),
                    )
                    if part
                ),
                actor=_actor(intervention.created_by),
            )
        )
    for revision in citizen.plan_revisions.all():
        entries.append(
            TimelineEntry(
                when=timezone.localdate(revision.created_at),
                kind="plan",
                title=_("Plan revised"),
                detail=revision.job_goal,
                actor=_actor(revision.created_by),
            )
        )
    for transfer in citizen.transfers.all():
        entries.append(
            TimelineEntry(
                when=timezone.localdate(transfer.at),
                kind="transfer",
                title=_("Transferred to %(caseworker)s")
                % {"caseworker": _actor(transfer.to_caseworker)},
                detail=transfer.reason,
                actor=_actor(transfer.by),
            )
        )
    for source in _timeline_sources:
        entries.extend(source(citizen))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def current_plan(*, citizen: Citizen) -> PlanRevision | None:
    return citizen.plan_revisions.select_related("created_by").first()


# --- Paid hours and the socialt frikort, the caseworker's start page -----------------------------


@dataclass(frozen=True)
class FrikortYear:
    """Earnings under the socialt frikort in one calendar year against that year's amount."""

    year: int
    earned: Decimal
    amount: Decimal | None  # None: the rule table holds no amount for the year
    legal_reference: str = ""

    @property
    def percent(self) -> int | None:
        if not self.amount:
            return None
        return int(self.earned * 100 / self.amount)


def frikort_years(*, citizen: Citizen, today: date | None = None) -> list[FrikortYear]:
    """Per calendar year with paid hours (newest first): the frikort earnings and the amount of
    the rule `frikort_amount_dkk` in force that year (on the last day, or today this year)."""
    today = today or timezone.localdate()
    earned: dict[int, Decimal] = {}
    for paid in citizen.paid_hours.all():
        earned.setdefault(paid.month.year, Decimal(0))
        if paid.under_frikort:
            earned[paid.month.year] += paid.earnings
    years = []
    for year in sorted(earned, reverse=True):
        on = today if year == today.year else date(year, 12, 31)
        try:
            rule = rule_lookup("frikort_amount_dkk", on=on)
        except RuleMissing:
            years.append(FrikortYear(year=year, earned=earned[year], amount=None))
            continue
        years.append(
            FrikortYear(
                year=year,
                earned=earned[year],
                amount=rule.value,
                legal_reference=rule.legal_reference,
            )
        )
    return years


def caseload_summary(*, user: User, today: date | None = None) -> dict[str, int]:
    """Counts for the caseworker's start page: citizens they are the primary contact for, and
    those citizens' alerts due by the end of this week (overdue ones included). No citizen data
    is shown, so nothing is logged."""
    today = today or timezone.localdate()
    end_of_week = today + timedelta(days=6 - today.weekday())
    mine = citizens_visible_to(user).filter(caseworker=user)
    return {
        "citizens": mine.count(),
        "alerts_due": Alert.objects.filter(citizen__in=mine, due__lte=end_of_week).count(),
    }


# --- Retention (citizens.retention) ----------------------------------------------------------


@dataclass(frozen=True)
class RetentionRow:
    """A closed case on the managers' warning list: the citizen (shown masked), the last course
    and the day it will be anonymised."""

    citizen: Citizen
    last_course: Course | None
    anonymise_on: date
    overdue: bool  # due already: the nightly task anonymises it next


def retention_warning_list(*, user: User, on: date | None = None) -> list[RetentionRow]:
    """The closed cases due for anonymisation within RETENTION_WARNING_DAYS (and any already due),
    earliest first: for the leder (`citizens.view_retention`). PermissionDenied otherwise."""
    from . import retention

    if not user.is_authenticated or not user.has_perm("citizens.view_retention"):
        raise PermissionDenied
    on = on or timezone.localdate()
    citizens = list(
        retention.due_within(on, retention.warning_days(), citizens_visible_to(user))
        .select_related("team", "caseworker")
        .prefetch_related("courses")
    )
    rows = []
    for citizen in citizens:
        last = max(citizen.courses.all(), key=lambda course: (course.end, course.pk), default=None)
        day = retention.anonymise_on_for(citizen.last_end)
        rows.append(RetentionRow(citizen, last, day, day <= on))
    return rows
