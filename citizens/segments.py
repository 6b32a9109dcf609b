"""The segment rule: the five groups of the activation strategy, derived, never typed by hand.

SEGMENT_RULES lists them in order, each with its condition as the caseworker reads it (the pages
show this same list); the first that holds decides:
1. sygedagpenge_jobafklaring: benefit is sygedagpenge or jobafklaring;
2. integration: the citizen is in the integration programme;
3. unge: the citizen is under 30;
4. jobparate: readiness is jobparat (or a-dagpenge, which is jobparat by definition);
5. ikke_jobparate: everyone else.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

YOUTH_AGE_LIMIT = 30


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


@dataclass(frozen=True)
class SegmentRule:
    segment: Segment
    condition: Promise  # as the caseworker reads it
    holds: Callable[[SegmentFacts], bool]


SEGMENT_RULES: tuple[SegmentRule, ...] = (
    SegmentRule(
        Segment.SYGEDAGPENGE_JOBAFKLARING,
        _("the benefit is sygedagpenge or jobafklaring"),
        lambda f: f.benefit in {"sygedagpenge", "jobafklaring"},
    ),
    SegmentRule(
        Segment.INTEGRATION,
        _("the citizen is in the integration programme"),
        lambda f: f.integration_programme,
    ),
    SegmentRule(
        Segment.UNGE,
        format_lazy(_("the citizen is under {age}"), age=YOUTH_AGE_LIMIT),
        lambda f: f.age < YOUTH_AGE_LIMIT,
    ),
    SegmentRule(
        Segment.JOBPARATE,
        _("the readiness is jobparat (a-dagpenge counts as job-ready)"),
        lambda f: f.readiness == "jobparat" or f.benefit == "a_dagpenge",
    ),
    SegmentRule(Segment.IKKE_JOBPARATE, _("everyone else"), lambda f: True),
)


def derive_segment(*, benefit: str, readiness: str, integration_programme: bool, age: int) -> str:
    facts = SegmentFacts(benefit, readiness, integration_programme, age)
    return next(rule.segment for rule in SEGMENT_RULES if rule.holds(facts))
