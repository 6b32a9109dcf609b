"""The marker of a demo seed: which rows `manage.py seed_demo` created, so a second run can tell
that demo data is present and `--reset` can delete exactly those rows."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoSeed(models.Model):
    """One row per seeded data set. Rows are bulk-created in one run, so id ranges identify them."""

    seed = models.BigIntegerField(_("seed"))
    scale = models.FloatField(_("scale"))
    seeded_on = models.DateField(_("seeded as of"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    citizen_id_min = models.BigIntegerField(_("first citizen id"), null=True)
    citizen_id_max = models.BigIntegerField(_("last citizen id"), null=True)
    employer_id_min = models.BigIntegerField(_("first employer id"), null=True)
    employer_id_max = models.BigIntegerField(_("last employer id"), null=True)
    counts = models.JSONField(_("row counts"), default=dict)
    seconds = models.FloatField(_("seconds taken"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("demo seed")
        verbose_name_plural = _("demo seeds")

    def __str__(self) -> str:
        return f"seed {self.seed} × {self.scale} ({self.seeded_on})"
