"""The reasons of a match, in the user's language (Danish in the UI), rendered from what the run
stored on the row (grid.models.Match) and from the citizen's and the opening's current data.

Example (Danish): ["Jobspor 1: Social- og sundhedshjælper (5322) – samme enhedsgruppe",
"Kan tilbyde: ingen tunge løft", "3 km fra bopæl"]."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from core.choices import LANGUAGES, Accommodation
from core.models import Occupation

from .engine import limits
from .engine.limits import NOT_RELEVANT, TOO_FAR
from .models import Match

LEVEL_TEXT = {
    4: lambda: _("same unit group"),
    3: lambda: _("same minor group"),
    2: lambda: _("same sub-major group"),
    1: lambda: _("same major group"),
}
KIND_FIT_REASON_AT = 90
LONG_COURSE_URGENCY = 60


def occupation_titles(codes: Iterable[str]) -> dict[str, str]:
    """DISCO-08 code → Danish title (English when no Danish title is recorded)."""
    wanted = {code for code in codes if code}
    return {
        code: (title_da or title_en)
        for code, title_da, title_en in Occupation.objects.filter(code__in=wanted).values_list(
            "code", "title_da", "title_en"
        )
    }


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def match_reasons(match: Match, *, titles: dict[str, str] | None = None) -> list[str]:
    """The reasons, most important first. `match.citizen` and `match.opening` are used (select
    them related); `titles` from occupation_titles() saves a query per row in lists."""
    if titles is None:
        titles = occupation_titles([match.track_occupation])
    reasons: list[str] = []
    if match.track_priority and match.occupation_level in LEVEL_TEXT:
        code = match.track_occupation
        reasons.append(
            _("Job track %(priority)s: %(title)s (%(code)s) – %(level)s")
            % {
                "priority": match.track_priority,
                "title": titles.get(code, code),
                "code": code,
                "level": LEVEL_TEXT[match.occupation_level](),
            }
        )
    needs = [code for code in (match.citizen.accommodations or []) if code in Accommodation.values]
    if needs:
        labels = ", ".join(_lower_first(str(Accommodation(code).label)) for code in needs)
        reasons.append(_("Can accommodate: %(needs)s") % {"needs": labels})
    if match.distance_km is not None:
        reasons.append(_("%(km)s km from home") % {"km": match.distance_km})
    required = [code for code in (match.opening.required_languages or []) if code in LANGUAGES]
    if required:
        names = ", ".join(_lower_first(str(LANGUAGES[code])) for code in required)
        reasons.append(_("Speaks %(languages)s (required)") % {"languages": names})
    if match.kind_fit >= KIND_FIT_REASON_AT:
        reasons.append(
            _("%(kind)s suits the citizen's group") % {"kind": match.opening.get_kind_display()}
        )
    if match.overdue:
        reasons.append(_("Overdue deadline: an offer is urgent"))
    elif match.urgency >= LONG_COURSE_URGENCY:
        reasons.append(_("More than a year in the course"))
    return reasons


# Why a pair is excluded besides the hard limits, whose texts are declared with them
# (grid.engine.limits.HARD_LIMITS): the relevance rules and the reasons outside the kernel.
EXCLUSION_TEXT = {
    TOO_FAR: lambda: _("Farther from home than the maximum commute"),
    NOT_RELEVANT: lambda: _("No job track in the opening's occupation group"),
    "not_in_top_k": lambda: _("A match, but not among the citizen's best"),
    "inactive": lambda: _("The citizen has no open course"),
}


def exclusion_text(reason: str) -> str:
    for limit in limits.HARD_LIMITS:
        if limit.name == reason:
            return str(limit.text)
    return EXCLUSION_TEXT[reason]() if reason in EXCLUSION_TEXT else reason
