"""Template helpers for the strategy dashboards: figures formatted by unit (Danish number
format through the active locale), the status (icon + text, never colour alone) and the trend."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from strategy import dashboard
from strategy.models import DISPLAY_DECIMALS, Indicator, as_shown
from strategy.services import Trend

register = template.Library()


def _number(value: Decimal, unit: str) -> str:
    """Rounded half up (number_format alone truncates), in the active language's format."""
    return number_format(
        as_shown(value, unit),
        decimal_pos=DISPLAY_DECIMALS.get(unit, 1),
        use_l10n=True,
        force_grouping=True,
    )


@register.filter
def figure(value: Decimal | None, unit: str) -> str:
    """A value with its unit: 23,4 %, 1.250, nr. 2, 4,1 mdr."""
    if value is None or value == "":
        return "–"
    text = _number(value, unit)
    if unit == Indicator.Unit.PERCENT:
        return f"{text} %"
    if unit == Indicator.Unit.RANK:
        return _("no. %(rank)s") % {"rank": text}
    if unit == Indicator.Unit.WEEKS:
        return _("%(n)s weeks") % {"n": text}
    if unit == Indicator.Unit.MONTHS:
        return _("%(n)s months") % {"n": text}
    return text


@register.filter
def plain(value: Decimal | None, unit: str) -> str:
    """A value without its unit (table cells under a header that names the unit)."""
    return "–" if value is None or value == "" else _number(value, unit)


@register.inclusion_tag("strategy/_status.html")
def status(value: str | None, compact: bool = False) -> dict:
    """The smiley with its text, e.g. "Grøn: målet er nået"."""
    texts = {
        "green": (_("Green"), _("the target is met")),
        "yellow": (_("Yellow"), _("close to the target (within 10 %)")),
        "red": (_("Red"), _("the target is not met")),
    }
    if value not in texts:
        return {
            "status": "none",
            "colour": "",
            "text": _("No status: no value or no target"),
            "compact": compact,
        }
    colour, text = texts[value]
    return {"status": value, "colour": colour, "text": text, "compact": compact}


@register.inclusion_tag("strategy/_trend.html")
def trend(value: Trend | None, unit: str, previous_label: str = "") -> dict:
    """Arrow + text: which way the value moved since the previous quarter and if that is better."""
    if value is None:
        return {"trend": None, "text": _("No comparison with the previous quarter")}
    if value.shown_change > 0:
        arrow, moved = "↑", _("Up %(change)s")
    elif value.shown_change < 0:
        arrow, moved = "↓", _("Down %(change)s")
    else:
        arrow, moved = "→", _("Unchanged")
    change = abs(value.shown_change)
    amount = _number(change, unit) + (
        " " + _("percentage points") if unit == Indicator.Unit.PERCENT else ""
    )
    verdict = {"better": _("better"), "worse": _("worse"), "same": ""}[value.verdict]
    text = moved % {"change": amount} if "%(change)s" in moved else moved
    if previous_label:
        text = _("%(movement)s since %(period)s") % {"movement": text, "period": previous_label}
    return {"trend": value, "arrow": arrow, "text": text, "verdict": verdict}


@register.simple_tag(takes_context=True)
def key_figures(context: template.Context) -> list:
    """The focus areas with their key figure, for the leder's start page (no personal data)."""
    user = context.get("user")
    if user is None or not user.has_perms(["strategy.view_focusarea", "strategy.view_indicator"]):
        return []
    return dashboard.overview_areas(user=user)
