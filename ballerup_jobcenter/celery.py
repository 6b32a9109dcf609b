"""The Celery application. Settings come from Django's settings with the CELERY_ prefix."""

import logging
import os

from celery import Celery
from celery.signals import after_setup_logger, after_setup_task_logger

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ballerup_jobcenter.settings.local")

app = Celery("ballerup_jobcenter")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@after_setup_logger.connect
@after_setup_task_logger.connect
def mask_cpr_in_worker_logs(logger: logging.Logger, **kwargs: object) -> None:
    """The worker and beat set up their own log handlers: each gets the CPR mask too
    (core.log_masking; the web's handlers have it from settings.LOGGING)."""
    from core.log_masking import MaskCprFilter

    for handler in logger.handlers:
        if not any(isinstance(f, MaskCprFilter) for f in handler.filters):
            handler.addFilter(MaskCprFilter())
