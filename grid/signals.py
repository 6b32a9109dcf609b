"""Incremental runs: when a citizen or an opening changes, re-screen only that citizen or that
opening, after the commit. Connected in GridConfig.ready(), so citizens and employers never import
the GRID. Switched off with the setting GRID_INCREMENTAL = False."""

from django.conf import settings

from core.queue import in_bulk, queue_after_commit


def _queue(**scope: int) -> None:
    if not getattr(settings, "GRID_INCREMENTAL", True) or in_bulk():
        return
    from .tasks import incremental_match_run

    # The broker may be down: logged, and the nightly run catches up.
    queue_after_commit(incremental_match_run, what=f"GRID incremental run for {scope}", **scope)


def citizen_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    citizen_id = getattr(instance, "citizen_id", None) or instance.pk
    _queue(citizen_id=citizen_id)


def opening_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    opening_id = getattr(instance, "opening_id", None) or instance.pk
    _queue(opening_id=opening_id)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from citizens.models import Citizen, CitizenLanguage, Course, JobTrack
    from employers.models import Opening, Placement

    for model in (Citizen, JobTrack, CitizenLanguage, Course):
        post_save.connect(citizen_changed, sender=model, dispatch_uid=f"grid-{model.__name__}")
    for model in (JobTrack, CitizenLanguage):
        post_delete.connect(
            citizen_changed, sender=model, dispatch_uid=f"grid-del-{model.__name__}"
        )
    for model in (Opening, Placement):
        post_save.connect(opening_changed, sender=model, dispatch_uid=f"grid-{model.__name__}")
