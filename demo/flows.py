"""The flows of the demo data: who is on which benefit when, as a steady stream of courses.

Each population (population.GROUPS) is a stock of `count` citizens on any day. Its courses last
`durations` (bands of days); the inflow is the stock divided by the mean length, so the stock stays
steady while about count / mean courses start and end every day (Little's law). A stationary
stream, drawn in two independent parts:
- the courses running today: exactly `count`, each with the time it has run so far drawn from the
  stationary distribution of elapsed time (a length-biased duration, then a uniform point in it);
- the courses that ended before today: arrivals at the inflow rate from before the data start,
  each with a drawn length, kept when they end between the data start and yesterday.
A course that began before the data start is recorded from the data start (the system's first
day), so every quarter from the data start on sees the full stock; the lead-in year before the
three years the indicators are read over absorbs what that shortening does to durations.

The courses are then shared out over citizens: current citizens hold the running ones (and some an
earlier closed one), the rest go to former citizens (one or two courses each).
"""

import bisect
import math
from datetime import date, timedelta

from citizens.segments import derive_segment
from core.identifiers import validate_cpr

from .identifiers import make_cpr
from .population import (
    FRIKORT_PER_SCALE,
    GROUPS,
    PAID_HOURS_PER_SCALE,
    TEAMS,
    WEAK_GROUPS,
    CitizenGroup,
    Person,
    Spell,
    age_on,
    scaled,
    weighted,
)

Band = tuple[int, int, int]
# Paid hours and socialt frikort in closed courses of the margin groups: the share of such courses
# with an episode, so that the number of citizens with paid hours (frikort) in a month stays near
# PAID_HOURS_PER_SCALE (FRIKORT_PER_SCALE) back in time, not only today.
PAID_HOURS_SPELL_SHARE = 0.105
FRIKORT_SPELL_SHARE = 0.105
# Frikort holders by age (under 30, 30-49, 50 and over): all ages, as in the frikort statistics.
FRIKORT_AGE_BANDS = ((18, 29, 25), (30, 49, 40), (50, 99, 35))
EARLIER_COURSE_SHARE = {"weak": 0.5, "other": 0.3}
SECOND_COURSE_SHARE = 0.25  # former citizens with two courses


def mean_days(bands: tuple[Band, ...]) -> float:
    total = sum(weight for _, _, weight in bands)
    return sum((low + high) / 2 * weight for low, high, weight in bands) / total


def draw_days(rng, bands: tuple[Band, ...]) -> int:
    low, high, _ = weighted(rng, ((band, band[2]) for band in bands))
    return rng.randint(low, high)


def draw_elapsed(rng, bands: tuple[Band, ...]) -> int:
    """Days a course running on a given day has run so far, in a steady stream: its length is
    drawn length-biased (a long course is more likely to be running), the day uniformly in it."""
    low, high, _ = weighted(rng, ((band, band[2] * (band[0] + band[1])) for band in bands))
    length = math.sqrt(low * low + rng.random() * (high * high - low * low))
    return int(rng.random() * length)


def in_margin_group(person_or_spell_group: CitizenGroup, readiness: str) -> bool:
    """The groups on the margin of the labour market: paid hours and socialt frikort."""
    key = person_or_spell_group.key
    if key in WEAK_GROUPS:
        return True
    return key in ("integration", "unge") and readiness == "aktivitetsparat"


class FlowSeeding:
    """Mixin of DemoSeeder (it holds rng, scale, today, data_start and used_cprs)."""

    def group_spells(self, group: CitizenGroup) -> tuple[list[Spell], list[Spell]]:
        """(running today, closed) courses of one population; see the module docstring."""
        rng, today, first = self.rng, self.today, self.data_start
        count = scaled(group.count, self.scale)
        running = []
        for _ in range(count):
            since = today - timedelta(days=draw_elapsed(rng, group.durations))
            spell = Spell(group, max(first, since), None, weighted(rng, group.readiness), "")
            spell.since = since
            running.append(spell)
        closed: list[Spell] = []
        rate = count / mean_days(group.durations)  # courses starting per day
        if rate <= 0:
            return running, closed
        longest = max(high for _, high, _ in group.durations)
        day = float(-longest)  # days from the data start
        horizon = (today - first).days
        while True:
            day += rng.expovariate(rate)
            if day >= horizon:
                break
            start = first + timedelta(days=math.floor(day))
            end = start + timedelta(days=draw_days(rng, group.durations) - 1)
            if end < first + timedelta(days=14) or end >= today:
                continue  # ended before the data (or too soon after it), or running today
            spell = Spell(
                group,
                max(start, first),
                end,
                weighted(rng, group.readiness),
                weighted(rng, group.outcomes),
                since=start,
            )
            if in_margin_group(group, spell.readiness):
                draw = rng.random()
                if draw < PAID_HOURS_SPELL_SHARE:
                    spell.flags = frozenset({"paid_hours"})
                elif draw < PAID_HOURS_SPELL_SHARE + FRIKORT_SPELL_SHARE:
                    spell.flags = frozenset({"frikort"})
            closed.append(spell)
        return running, closed

    # ---------------------------------------------------------------- people
    def _birth_date(self, group: CitizenGroup, on: date) -> date:
        """Born so that the citizen is in the group's age range on `on`."""
        low, high, _ = weighted(self.rng, ((band, band[2]) for band in group.ages))
        age = self.rng.randint(low, high)
        return on - timedelta(days=int((age + self.rng.random()) * 365.25))

    def _new_cpr(self, born: date, gender: str) -> str:
        while True:
            cpr = make_cpr(self.rng, born, gender)
            if cpr not in self.used_cprs:
                validate_cpr(cpr, today=self.today)
                self.used_cprs.add(cpr)
                return cpr

    def _person(self, spells: list[Spell], *, current: bool) -> Person:
        rng = self.rng
        latest = spells[0]
        group = latest.group
        # Current citizens are in the group's ages today; former ones when their first course began.
        born = self._birth_date(group, self.today if current else spells[-1].start)
        gender = rng.choice("MF")
        segment = derive_segment(
            benefit=group.benefit,
            readiness=latest.readiness,
            integration_programme=group.integration,
            age=age_on(born, self.today if current else latest.end),
        )
        return Person(
            group=group,
            current=current,
            birth=born,
            gender=gender,
            cpr=self._new_cpr(born, gender),
            benefit=group.benefit,
            readiness=latest.readiness,
            segment=segment,
            team_slug=TEAMS[segment][1],
            spells=spells,
        )

    def _take_earlier(self, pool: list[Spell], ends: list[date], before: date) -> Spell | None:
        """A closed course of `pool` (sorted by end, `ends` its end days) that ended before
        `before`, removed from the pool; None if three tries find none."""
        limit = bisect.bisect_left(ends, before)
        for _ in range(3 if limit else 0):
            index = self.rng.randrange(limit)
            spell = pool[index]
            if spell is not None:
                pool[index] = None
                return spell
        return None

    def make_people(self) -> list[Person]:
        """Current citizens (one running course each, some with an earlier one), then former
        citizens for the other closed courses; paid hours and frikort for some at the margin."""
        rng = self.rng
        people: list[Person] = []
        pools: dict[str, tuple[list, list[date]]] = {}
        for group in GROUPS:
            running, closed = self.group_spells(group)
            closed.sort(key=lambda spell: spell.end)
            pools[group.key] = (closed, [spell.end for spell in closed])
            for spell in running:
                spells = [spell]
                share = EARLIER_COURSE_SHARE["weak" if group.key in WEAK_GROUPS else "other"]
                if rng.random() < share:
                    pool, ends = pools[group.key]
                    earlier = self._take_earlier(pool, ends, spell.start - timedelta(days=20))
                    if earlier is not None:
                        spells.append(earlier)
                people.append(self._person(spells, current=True))
        for group in GROUPS:
            pool, ends = pools[group.key]
            for index in range(len(pool) - 1, -1, -1):
                spell = pool[index]
                if spell is None:
                    continue
                pool[index] = None
                spells = [spell]
                if rng.random() < SECOND_COURSE_SHARE:
                    earlier = self._take_earlier(pool, ends, spell.start - timedelta(days=30))
                    if earlier is not None:
                        spells.append(earlier)
                people.append(self._person(spells, current=False))
        self._mark_margin(people)
        return people

    def _mark_margin(self, people: list[Person]) -> None:
        """Paid hours (lønnede timer) and socialt frikort for current citizens at the margin:
        exactly the seeds' numbers today, frikort holders spread over all ages."""
        rng = self.rng
        eligible = [
            i for i, p in enumerate(people) if p.current and in_margin_group(p.group, p.readiness)
        ]
        paid = set(
            rng.sample(eligible, min(len(eligible), scaled(PAID_HOURS_PER_SCALE, self.scale)))
        )
        for i in paid:
            people[i].flags = frozenset({"paid_hours"})
        by_band: dict[tuple, list[int]] = {band: [] for band in FRIKORT_AGE_BANDS}
        for i in eligible:
            if i in paid:
                continue
            age = age_on(people[i].birth, self.today)
            for band in FRIKORT_AGE_BANDS:
                if band[0] <= age <= band[1]:
                    by_band[band].append(i)
        wanted = scaled(FRIKORT_PER_SCALE, self.scale)
        total_weight = sum(band[2] for band in FRIKORT_AGE_BANDS)
        chosen: list[int] = []
        for band in FRIKORT_AGE_BANDS:
            n = min(len(by_band[band]), round(wanted * band[2] / total_weight))
            chosen += rng.sample(by_band[band], n)
        taken = set(chosen)
        rest = [i for band in FRIKORT_AGE_BANDS for i in by_band[band] if i not in taken]
        chosen += rng.sample(rest, min(len(rest), max(0, wanted - len(chosen))))
        for i in chosen:
            people[i].flags = frozenset({"frikort"})
