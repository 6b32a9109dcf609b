"""The segment rule: the five groups of the activation strategy, derived, never typed by hand.

SEGMENT_RULES lists them in order, each with its condition as the caseworker reads it (the pages
show this same list), its per-case form (`holds`, on SegmentFacts) and its bulk form (`q`, on a
Course queryset annotated by citizens.rules.course_state.annotate_state); the first that holds
decides:
1. sygedagpenge_jobafklaring: benefit is sygedagpenge or jobafklaring;
2. integration: the citizen is in the integration programme;
3. unge: the citizen is under 30 and on kontanthjælp (including the former uddannelseshjælp);
4. jobparate: readiness is jobparat, or the benefit is a-dagpenge (forsikrede ledige, jobparate
   by definition; young insured people belong here, not to unge);
5. ikke_jobparate: everyone else.

The law: from 1 July 2025 uddannelseshjælp (and overgangsydelse, selvforsørgelses- og
hjemrejseydelse) were merged into one kontanthjælp (lov om aktiv socialpolitik, the
kontanthjælpsreform in force 2025-07-01), so "unge" is a strategy group (under 30 on
kontanthjælp), not a benefit; courses recorded before with uddannelseshjælp still count.
Sickness and the integration programme come first: a young person on sygedagpenge is followed as
sick, a young refugee in the programme as integration (focus area 5).

`derive_segment` is the per-case form (the citizen's stored segment, the record);
`annotate_segment` the bulk form (strategy indicators); tests/citizens/test_segments.py proves
they agree.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.db.models import Case, CharField, Q, QuerySet, Value, When
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.workdays import add_months

YOUTH_AGE_LIMIT = 30
SICK_BENEFITS = frozenset({"sygedagpenge", "jobafklaring"})
# Kontanthjælp, and uddannelseshjælp as recorded before its merger into kontanthjælp (2025-07-01).
YOUTH_BENEFITS = frozenset({"kontanthjaelp", "uddannelseshjaelp"})
INSURED_BENEFIT = "a_dagpenge"


class Segment(models.TextChoices):
    JOBPARATE = "jobparate", _("Job-ready")
    IKKE_JOBPARATE = "ikke_jobparate", _("Not job-ready")
    SYGEDAGPENGE_JOBAFKLARING = (
        "sygedagpenge_jobafklaring",
        _("Sickness benefit and job clarification"),
    )
    UNGE = "unge", _("Young people")
    INTEGRATION = "integration", _("Integration")


@dataclass(frozen=True)
class SegmentFacts:
    benefit: str
    readiness: str
    integration_programme: bool
    age: int


def young_born_after(day: date) -> date:
    """Citizens born after this day are under YOUTH_AGE_LIMIT on `day` (as Citizen.age_on)."""
    return add_months(day, -12 * YOUTH_AGE_LIMIT)


@dataclass(frozen=True)
class SegmentRule:
    segment: Segment
    condition: Promise  # as the caseworker reads it
    holds: Callable[[SegmentFacts], bool]
    # The same condition on a Course queryset annotated with benefit_at, readiness_at and
    # integration_at, for the day given.
    q: Callable[[date], Q]


SEGMENT_RULES: tuple[SegmentRule, ...] = (
    SegmentRule(
        Segment.SYGEDAGPENGE_JOBAFKLARING,
        _("the benefit is sygedagpenge or jobafklaring"),
        lambda f: f.benefit in SICK_BENEFITS,
        lambda day: Q(benefit_at__in=sorted(SICK_BENEFITS)),
    ),
    SegmentRule(
        Segment.INTEGRATION,
        _("the citizen is in the integration programme"),
        lambda f: f.integration_programme,
        lambda day: Q(integration_at=True),
    ),
    SegmentRule(
        Segment.UNGE,
        format_lazy(
            _(
                "the citizen is under {age} and on kontanthjælp (including the former "
                "uddannelseshjælp)"
            ),
            age=YOUTH_AGE_LIMIT,
        ),
        lambda f: f.age < YOUTH_AGE_LIMIT and f.benefit in YOUTH_BENEFITS,
        lambda day: (
            Q(citizen__birth_date__gt=young_born_after(day))
            & Q(benefit_at__in=sorted(YOUTH_BENEFITS))
        ),
    ),
    SegmentRule(
        Segment.JOBPARATE,
        _("the readiness is jobparat, or the benefit is a-dagpenge (forsikrede ledige)"),
        lambda f: f.readiness == "jobparat" or f.benefit == INSURED_BENEFIT,
        lambda day: Q(readiness_at="jobparat") | Q(benefit_at=INSURED_BENEFIT),
    ),
    SegmentRule(Segment.IKKE_JOBPARATE, _("everyone else"), lambda f: True, lambda day: Q()),
)


def derive_segment(*, benefit: str, readiness: str, integration_programme: bool, age: int) -> str:
    """The segment of one case (per-case form)."""
    facts = SegmentFacts(benefit, readiness, integration_programme, age)
    return next(rule.segment for rule in SEGMENT_RULES if rule.holds(facts))


def segment_expression(day: date) -> Case:
    """The segment on `day` as an expression (bulk form) over a Course queryset annotated with
    benefit_at, readiness_at and integration_at (citizens.rules.course_state.annotate_state)."""
    *ordered, last = SEGMENT_RULES
    return Case(
        *[When(rule.q(day), then=Value(rule.segment.value)) for rule in ordered],
        default=Value(last.segment.value),
        output_field=CharField(),
    )


def annotate_segment(queryset: QuerySet, day: date) -> QuerySet:
    """Annotate `segment_at` (the segment on `day`) on an annotated Course queryset."""
    return queryset.annotate(segment_at=segment_expression(day))
