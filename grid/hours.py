"""The hours a placement from the GRID is booked with: the one home of the rule.

Accepting a match books weekly hours within both the opening's range (hours_min..hours_max) and
the citizen's maximum (skånebehov, `Citizen.max_hours_per_week`; none: no limit). A pair whose
ranges don't meet (the citizen's maximum below the opening's minimum) can't be booked at all: the
GRID's hard limit "hours" keeps such pairs out of the screening, and proposing or accepting one
found since (the citizen's maximum lowered after the run) is refused. Without agreed hours the
booking takes the most the bounds allow.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class HoursBounds:
    low: int
    high: int

    def holds(self, hours: int) -> bool:
        return self.low <= hours <= self.high


def hours_bounds(
    *, opening_min: int, opening_max: int, citizen_max: int | None
) -> HoursBounds | None:
    """The hours that may be booked, or None when the citizen's maximum is below the opening's
    minimum (nothing fits)."""
    high = opening_max if citizen_max is None else min(opening_max, citizen_max)
    if high < opening_min:
        return None
    return HoursBounds(low=opening_min, high=high)


def match_hours_bounds(match) -> HoursBounds | None:
    """hours_bounds for a match (its opening and citizen loaded)."""
    return hours_bounds(
        opening_min=match.opening.hours_min,
        opening_max=match.opening.hours_max,
        citizen_max=match.citizen.max_hours_per_week,
    )
