"""Vocabularies shared by citizens, employers and the GRID."""

from functools import cache
from typing import Any

from django.db import models
from django.utils.hashable import make_hashable
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


@cache
def _labels(field: models.Field, language: str | None) -> dict[Any, str]:
    return {make_hashable(value): str(label) for value, label in field.flatchoices}


class ChoiceLabels:
    """Model mixin: `get_FOO_display()` reads the label from a dict made once per field and
    language. Django's own builds that dict on every call and translates every label of the
    field to do it (a caseload page of 50 rows made 1,000 translations); the answer is the
    same (tests/core/test_choices.py)."""

    def _get_FIELD_display(self, field: models.Field) -> Any:
        value = getattr(self, field.attname)
        return _labels(field, get_language()).get(make_hashable(value), value)


class Accommodation(models.TextChoices):
    """Skånebehov: FUNCTIONAL limits, never diagnoses (GDPR art. 9).

    A citizen lists the ones they need; an opening lists the ones its workplace can accommodate.
    """

    NO_HEAVY_LIFTING = "no_heavy_lifting", _("No heavy lifting")
    NO_PROLONGED_STANDING = "no_prolonged_standing", _("No prolonged standing work")
    NO_NIGHT_OR_SHIFT_WORK = "no_night_or_shift_work", _("No night or shift work")
    QUIET_ENVIRONMENT = "quiet_environment", _("Quiet surroundings")
    FLEXIBLE_HOURS = "flexible_hours", _("Flexible working hours")
    LIMITED_CUSTOMER_CONTACT = "limited_customer_contact", _("Limited customer contact")
    STEP_FREE_ACCESS = "step_free_access", _("Step-free access")
    MENTOR_SUPPORT = "mentor_support", _("Mentor or supported start")


class OpeningKind(models.TextChoices):
    """What an employer offers; the same values are intervention kinds on the citizen's side."""

    ORDINAERT_JOB = "ordinaert_job", _("Ordinary job")
    VIRKSOMHEDSPRAKTIK = "virksomhedspraktik", _("Work placement (virksomhedspraktik)")
    LOENTILSKUD = "loentilskud", _("Wage subsidy (løntilskud)")
    SMAAJOB = "smaajob", _("Small job (småjob)")
    FLEKSJOB = "fleksjob", _("Flex job (fleksjob)")
    NYTTEJOB = "nyttejob", _("Utility job (nyttejob)")
    LOENNEDE_TIMER = "loennede_timer", _("Paid hours (lønnede timer)")


# ISO 639-1 codes of the languages the job centre records most often, with their names.
LANGUAGES: dict[str, str] = {
    "da": _("Danish"),
    "en": _("English"),
    "de": _("German"),
    "sv": _("Swedish"),
    "no": _("Norwegian"),
    "pl": _("Polish"),
    "ro": _("Romanian"),
    "lt": _("Lithuanian"),
    "uk": _("Ukrainian"),
    "ru": _("Russian"),
    "tr": _("Turkish"),
    "ar": _("Arabic"),
    "fa": _("Persian"),
    "ur": _("Urdu"),
    "so": _("Somali"),
    "ti": _("Tigrinya"),
    "ku": _("Kurdish"),
    "bs": _("Bosnian"),
    "sr": _("Serbian"),
    "hr": _("Croatian"),
    "sq": _("Albanian"),
    "zh": _("Chinese"),
    "th": _("Thai"),
    "vi": _("Vietnamese"),
    "tl": _("Tagalog"),
    "es": _("Spanish"),
    "fr": _("French"),
    "it": _("Italian"),
    "pt": _("Portuguese"),
    "hi": _("Hindi"),
    "ta": _("Tamil"),
    "ps": _("Pashto"),
}
LANGUAGE_CHOICES = sorted(LANGUAGES.items())
