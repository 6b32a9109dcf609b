import logging

from django.apps import AppConfig
from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_migrate

logger = logging.getLogger(__name__)


class CoreConfig(AppConfig):
    """Shared mechanisms: users and teams, roles, audit, rule tables, occupations.

    The four domain apps import from here; this app never imports them.
    """

    name = "core"
    verbose_name = "Fælles"

    def ready(self) -> None:
        from django.conf import settings

        from . import audit_guards, roles  # noqa: F401  (connects signal handlers)
        from .limits import install_ascii_numbers, install_date_bounds

        install_date_bounds()
        install_ascii_numbers()

        post_migrate.connect(roles.sync_roles_after_migrate, sender=self)
        m2m_changed.connect(roles.forget_roles, sender=get_user_model().groups.through)
        if settings.CPR_KEYS_DERIVED:
            logger.warning(
                "CPR numbers are encrypted with development keys derived from SECRET_KEY. Set "
                "CPR_ENCRYPTION_KEYS and CPR_HASH_KEYS (required in production)."
            )
        if settings.EMBEDDED_DATABASE or settings.EAGER_TASKS:
            logger.warning(
                "Embedded default in use: %s%s. Set DATABASE_URL and CELERY_BROKER_URL for "
                "PostgreSQL and a real Celery broker.",
                "SQLite database" if settings.EMBEDDED_DATABASE else "",
                (", " if settings.EMBEDDED_DATABASE else "") + "tasks run in-process"
                if settings.EAGER_TASKS
                else "",
            )
