"""The segment rule: the five groups of the activation strategy, derived, never typed by hand.

In order, the first that holds:
1. sygedagpenge_jobafklaring: benefit is sygedagpenge or jobafklaring;
2. integration: the citizen is in the integration programme;
3. unge: the citizen is under 30;
4. jobparate: readiness is jobparat (or a-dagpenge, which is jobparat by definition);
5. ikke_jobparate: everyone else.
"""

from django.db import models
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


def derive_segment(*, benefit: str, readiness: str, integration_programme: bool, age: int) -> str:
    if benefit in {"sygedagpenge", "jobafklaring"}:
        return Segment.SYGEDAGPENGE_JOBAFKLARING
    if integration_programme:
        return Segment.INTEGRATION
    if age < YOUTH_AGE_LIMIT:
        return Segment.UNGE
    if readiness == "jobparat" or benefit == "a_dagpenge":
        return Segment.JOBPARATE
    return Segment.IKKE_JOBPARATE
