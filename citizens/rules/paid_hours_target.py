"""The paid-hours target group (lønnede timer): whom the strategy's paid-hours share counts.

A citizen is in the target group on day D when one of their courses active on D (start <= D and
no end or end >= D) has, on D (citizens.rules.course_state: the values then, from the history):
- benefit ressourceforløb, or
- benefit kontanthjælp or the former uddannelseshjælp with readiness aktivitetsparat,
and the course is not in the integration programme on D (those citizens are followed in focus
area 5).

Sources:
- seed 003 (committee item on lønnede timer, 2024), line 236: "Ordinære løntimer kan indgå [...]
  hvad enten det er aktivitetsparate kontant- og uddannelseshjælpsmodtagere,
  ressourceforløbsmodtagere [...]"; line 246: "løbende 6 pct. af ydelsesmodtagerne (de relevante
  målgrupper) ansat med lønnede timer. Det svarer til cirka 40-45 borgere";
- seed 004 (the company-based effort for the weakest groups), lines 470-473 and 498: "personer
  i ressourceforløb samt aktivitetsparate kontanthjælpsmodtagere og aktivitetsparate
  integrationsydelsesmodtagere, som hverken har et uddannelsespålæg eller er omfattet af
  integrationsprogrammet", "ca. 700 borgere" (6 % of about 700 is the 40-45 of seed 003).

Not in the group: jobparate and (åbenlyst) uddannelsesparate (the latter have an
uddannelsespålæg), a-dagpenge, sygedagpenge and jobafklaring, ledighedsydelse and førtidspension
(their paid hours are fleksjob, KLAPjob or småjob), citizens in the integration programme. Since
1 July 2025 uddannelseshjælp and integrationsydelse are paid as kontanthjælp, so an aktivitetsparat
citizen on kontanthjælp outside the programme is in the group whatever the benefit was called.

Per case: `holds(...)` on one day's values, `course_in_target_group(course, on=...)` (a course with
its changes prefetched) and `citizen_in_target_group(citizen, on=...)`.
Bulk: `target_group_q()` on a Course queryset annotated by course_state.annotate_state, and
`target_group_courses(queryset, on=...)` that annotates and filters.
tests/citizens/rules/test_paid_hours_target.py proves the two forms agree.
"""

from datetime import date

from django.db.models import Q, QuerySet

from citizens.models import Benefit, Citizen, Course, Readiness

from .course_state import annotate_state, integration_on, value_on

RESSOURCEFORLOEB = Benefit.RESSOURCEFORLOEB.value
# Kontanthjælp, and uddannelseshjælp as recorded before its merger into kontanthjælp (2025-07-01).
CASH_BENEFITS = frozenset({Benefit.KONTANTHJAELP.value, Benefit.UDDANNELSESHJAELP.value})
AKTIVITETSPARAT = Readiness.AKTIVITETSPARAT.value


# --- Per case ----------------------------------------------------------------------------------


def holds(*, benefit: str, readiness: str, integration_programme: bool) -> bool:
    """The rule on one day's values of a course."""
    if integration_programme:
        return False
    if benefit == RESSOURCEFORLOEB:
        return True
    return benefit in CASH_BENEFITS and readiness == AKTIVITETSPARAT


def _active_on(course: Course, day: date) -> bool:
    return course.start <= day and (course.end is None or course.end >= day)


def course_in_target_group(course: Course, *, on: date) -> bool:
    """Is the course active on `on` and in the target group then? (changes prefetched or not)"""
    return _active_on(course, on) and holds(
        benefit=value_on(course, "benefit", on),
        readiness=value_on(course, "readiness", on),
        integration_programme=integration_on(course, on),
    )


def citizen_in_target_group(citizen: Citizen, *, on: date) -> bool:
    """Is the citizen in the paid-hours target group on `on`?"""
    courses = citizen.courses.filter(start__lte=on).prefetch_related("changes")
    return any(course_in_target_group(course, on=on) for course in courses)


# --- Bulk --------------------------------------------------------------------------------------


def target_group_q() -> Q:
    """The rule on a Course queryset annotated with benefit_at, readiness_at and integration_at
    (course_state.annotate_state) for the day; the caller keeps only the courses active then."""
    return Q(integration_at=False) & (
        Q(benefit_at=RESSOURCEFORLOEB)
        | Q(benefit_at__in=sorted(CASH_BENEFITS), readiness_at=AKTIVITETSPARAT)
    )


def target_group_courses(queryset: QuerySet[Course], *, on: date) -> QuerySet[Course]:
    """The courses of `queryset` active on `on` and in the target group then."""
    active = queryset.filter(start__lte=on).filter(Q(end__isnull=True) | Q(end__gte=on))
    return annotate_state(active, on).filter(target_group_q())
