"""Celery tasks for citizens' cases: thin, reload by id, call the service, safe to run twice."""

from celery import shared_task

from .alerts import alerts_refresh
from .models import Alert, Citizen


@shared_task(name="citizens.tasks.refresh_alerts_for_citizen")
def refresh_alerts_for_citizen(citizen_id: int) -> int:
    """Recompute one citizen's alerts after a change to the case (queued after commit)."""
    return alerts_refresh(citizen_ids=[citizen_id])


@shared_task(name="citizens.tasks.refresh_all_alerts")
def refresh_all_alerts() -> int:
    """Nightly (Celery beat, see CELERY_BEAT_SCHEDULE): every citizen with an open course, and
    every citizen who still has alerts (so alerts of closed courses are removed). Deadlines move
    with the date even when nothing in the case changed. alerts_refresh works in chunks."""
    ids = set(Citizen.objects.filter(current_course__isnull=False).values_list("pk", flat=True))
    ids.update(Alert.objects.values_list("citizen_id", flat=True).distinct())
    return alerts_refresh(citizen_ids=ids)


@shared_task(name="citizens.tasks.anonymise_expired")
def anonymise_expired() -> int:
    """Nightly (Celery beat): anonymise the closed cases past the retention period
    (citizens.retention); safe to run twice (an anonymised case is not due again)."""
    from .services import anonymise_expired as anonymise

    return anonymise(actor=None)
