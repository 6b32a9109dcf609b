"""Celery tasks for citizens' cases: thin, reload by id, call the service, safe to run twice."""

from celery import shared_task

from core.queue import send_now

from .alerts import alerts_refresh
from .models import Alert, Citizen


@shared_task(name="citizens.tasks.refresh_alerts_for_citizen")
def refresh_alerts_for_citizen(citizen_id: int) -> int:
    """Recompute one citizen's alerts after a change to the case (queued after commit)."""
    return alerts_refresh(citizen_ids=[citizen_id])


# The nightly refresh is cut into tasks of this many citizens (about 3 s of work each), so the
# workers share it evenly and finish close together.
NIGHTLY_ALERT_TASK_CITIZENS = 5_000


def _nightly_alert_citizens(first: int | None = None, last: int | None = None) -> list[int]:
    """Every citizen with an open course, and every citizen who still has alerts (so alerts of
    closed courses are removed), in order; only ids in first..last when given."""
    citizens = Citizen.objects.filter(current_course__isnull=False)
    alerts = Alert.objects.all()
    if first is not None and last is not None:
        citizens = citizens.filter(pk__range=(first, last))
        alerts = alerts.filter(citizen_id__gte=first, citizen_id__lte=last)
    ids = set(citizens.values_list("pk", flat=True))
    ids.update(alerts.values_list("citizen_id", flat=True).distinct())
    return sorted(ids)


@shared_task(name="citizens.tasks.refresh_all_alerts")
def refresh_all_alerts() -> int:
    """Nightly (Celery beat, see CELERY_BEAT_SCHEDULE): deadlines move with the date even when
    nothing in the case changed. The citizens are cut into id ranges of
    NIGHTLY_ALERT_TASK_CITIZENS, each queued as refresh_alerts_in_range, so the workers share the
    night's work (the embedded default runs them here, one after another). Returns how many
    citizens were queued."""
    ids = _nightly_alert_citizens()
    ranges = [
        (ids[start], ids[min(start + NIGHTLY_ALERT_TASK_CITIZENS, len(ids)) - 1])
        for start in range(0, len(ids), NIGHTLY_ALERT_TASK_CITIZENS)
    ]
    send_now(
        refresh_alerts_in_range,
        [((first, last), {}) for first, last in ranges],
        what="Nightly alert refresh",
    )
    return len(ids)


@shared_task(name="citizens.tasks.refresh_alerts_in_range")
def refresh_alerts_in_range(first: int, last: int) -> int:
    """One share of the nightly refresh: the citizens of refresh_all_alerts with ids in
    first..last (read again, so a late task sees the case as it is). Safe to run twice."""
    return alerts_refresh(citizen_ids=_nightly_alert_citizens(first, last))


@shared_task(name="citizens.tasks.anonymise_expired")
def anonymise_expired() -> int:
    """Nightly (Celery beat): anonymise the closed cases past the retention period
    (citizens.retention); safe to run twice (an anonymised case is not due again)."""
    from .services import anonymise_expired as anonymise

    return anonymise(actor=None)
