"""Supply against demand for planning campaigns: at every DISCO-08 level, by opening kind and by
postcode area, with the gap per cell and the cells where demand exceeds supply most
("kampagneforslag"). Reads only; grid.selectors.supply_demand checks the permission.

- Supply: active citizens (an open course), each counted ONCE, under the occupation of their
  first job track (lowest priority number). So the groups add up at every level: the rows of a
  group's children sum to the group's row. Citizens whose first track lies elsewhere but a later
  track falls in the group are shown beside it (`citizens_later_tracks`), not added.
  By kind: the citizens whose benefit may be offered that kind (GridKindRule in force, the GRID's
  hard limit 2), so one citizen counts under several kinds; by postcode: where they live.
- Demand: free seats (seats minus placements active today) of open openings, by the opening's
  occupation, kind and the workplace's postcode.
- Gap: citizens minus free seats (positive: more citizens than seats; negative: demand exceeds
  supply). Shortage, in the campaign list: free seats minus citizens, only where positive.
- A code shorter than the level shown (an opening registered at "53" only) stays in its own row
  at the deeper levels ("not further specified"), so nothing drops out of the sums.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.db.models import Q
from django.utils import timezone

from citizens.models import JobTrack
from core.choices import OpeningKind
from core.models import Occupation
from employers.models import Opening

from .loading import POSTCODE_FILE, active_citizens
from .models import GridKindRule

LEVELS = (1, 2, 3, 4)
KIND_ORDER = {kind: index for index, kind in enumerate(OpeningKind.values)}


@dataclass(frozen=True)
class Query:
    """What to show: the level (1 major group … 4 unit group), the group drilled into (its code;
    empty: everything), one opening kind and one postcode (empty: all)."""

    level: int = 1
    parent: str = ""
    kind: str = ""
    postcode: str = ""


def make_query(
    *, level: int | None = None, parent: str = "", kind: str = "", postcode: str = ""
) -> Query:
    """A Query from validated values (the API's serializer, the page's form): the level defaults
    to the one below `parent`."""
    return Query(level=level or len(parent) + 1, parent=parent, kind=kind, postcode=postcode)


# --- The data ----------------------------------------------------------------------------------


@dataclass
class Facts:
    """One read of the database: per active citizen their segment, postcode, the kinds their
    benefit may be offered, the first track's code and the later tracks' codes; per open opening
    its code, kind, postcode and free seats."""

    citizens: list[tuple[str, str, frozenset[str], str, tuple[str, ...]]]
    openings: list[tuple[str, str, str, int]]


def _allowed_kinds(on: date) -> dict[str, frozenset[str]]:
    rules = GridKindRule.objects.filter(valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    kinds: dict[str, set[str]] = defaultdict(set)
    for kind, benefit in rules.values_list("kind", "benefit"):
        kinds[benefit].add(kind)
    return {benefit: frozenset(values) for benefit, values in kinds.items()}


def load_facts(*, on: date | None = None) -> Facts:
    from employers.selectors import openings_annotated

    on = on or timezone.localdate()
    allowed = _allowed_kinds(on)
    tracks: dict[int, list[str]] = defaultdict(list)
    for citizen_id, code in (
        JobTrack.objects.filter(citizen__in=active_citizens())
        .order_by("citizen_id", "priority", "pk")
        .values_list("citizen_id", "occupation_id")
    ):
        tracks[citizen_id].append(code)
    citizens = []
    for citizen_id, segment, postcode, benefit in active_citizens().values_list(
        "pk", "segment", "postcode", "current_course__benefit"
    ):
        codes = tracks.get(citizen_id)
        if not codes:
            continue  # no job track: not supply for any occupation
        later = tuple(code for code in dict.fromkeys(codes[1:]) if code != codes[0])
        citizens.append((segment, postcode, allowed.get(benefit, frozenset()), codes[0], later))
    openings = [
        (code, kind, postcode, max(seats - used, 0))
        for code, kind, postcode, seats, used in openings_annotated(
            Opening.objects.filter(status=Opening.Status.OPEN), on=on
        ).values_list("occupation_id", "kind", "workplace__postcode", "seats", "seats_used")
    ]
    return Facts(citizens=citizens, openings=openings)


# --- Counting ----------------------------------------------------------------------------------


def group_of(code: str, level: int) -> str:
    """The group of `code` at `level`: its first `level` digits (a shorter code is its own)."""
    return code[:level]


@dataclass
class Counts:
    citizens: Counter  # group -> citizens (first track)
    later: Counter  # group -> citizens with a later track there (first track elsewhere)
    by_segment: Counter  # (group, segment) -> citizens
    eligible: Counter  # (group, kind) -> citizens whose benefit may be offered the kind
    seats: Counter  # group -> free seats
    seats_by_kind: Counter  # (group, kind) -> free seats
    area_citizens: Counter  # postcode -> citizens (under parent, kind; every postcode)
    area_seats: Counter  # postcode -> free seats (under parent, kind; every postcode)


def count(facts: Facts, query: Query) -> Counts:
    level, parent, kind, postcode = query.level, query.parent, query.kind, query.postcode
    counts = Counts(*(Counter() for _ in range(8)))
    for segment, home, kinds, first, later in facts.citizens:
        if kind and kind not in kinds:
            continue
        inside = first.startswith(parent)
        if inside:
            counts.area_citizens[home] += 1
        if postcode and home != postcode:
            continue
        first_group = group_of(first, level)
        if inside:
            counts.citizens[first_group] += 1
            counts.by_segment[(first_group, segment)] += 1
            for allowed in kinds:
                if not kind or allowed == kind:
                    counts.eligible[(first_group, allowed)] += 1
        for group in {group_of(code, level) for code in later if code.startswith(parent)}:
            if group != first_group or not inside:
                counts.later[group] += 1
    for code, opening_kind, place, free in facts.openings:
        if not free or (kind and opening_kind != kind) or not code.startswith(parent):
            continue
        counts.area_seats[place] += free
        if postcode and place != postcode:
            continue
        group = group_of(code, level)
        counts.seats[group] += free
        counts.seats_by_kind[(group, opening_kind)] += free
    return counts


# --- The picture -------------------------------------------------------------------------------


def occupation_titles(codes) -> dict[str, str]:
    return {
        code: title_da or title_en
        for code, title_da, title_en in Occupation.objects.filter(code__in=set(codes)).values_list(
            "code", "title_da", "title_en"
        )
    }


@lru_cache(maxsize=1)
def postcode_names() -> dict[str, str]:
    """Town names of the postcodes in grid/data/postcode_coordinates.csv."""
    with POSTCODE_FILE.open(encoding="utf-8") as handle:
        return {row["postcode"]: row["name"] for row in csv.DictReader(handle)}


def _gap_row(group: str, title: str, citizens: int, seats: int) -> dict:
    return {"group": group, "title": title, "citizens": citizens, "free_seats": seats}


def picture(query: Query, *, facts: Facts | None = None) -> dict:
    """Everything the page and the API show for `query` (see the module's docstring):

    - `supply` (group, segment, citizens), `demand` (group, kind, seats) and `gap` (group,
      citizens, free seats, gap, and: whether the code is specified to this level, whether it has
      children to drill into, citizens with a later track there) at the query's level;
    - `cells`: per group × kind, citizens allowed the kind, free seats of the kind, the gap;
    - `areas`: per postcode (every postcode, under the parent and kind): citizens, seats, gap;
    - `campaigns`: the cells where free seats exceed citizens, most shortage first;
    - `path`: the groups from the top down to the parent; `totals`: the sums of `gap`.
    Each row has the occupation's Danish title (English when it has none)."""
    facts = facts or load_facts()
    counts = count(facts, query)
    level = query.level
    groups = sorted(set(counts.citizens) | set(counts.seats) | set(counts.later))
    titles = occupation_titles([*groups, *(query.parent[:n] for n in range(1, level))])
    kinds = sorted(
        {kind for (_, kind), seats in counts.seats_by_kind.items() if seats}
        | ({query.kind} if query.kind else set()),
        key=KIND_ORDER.get,
    )
    gap, cells = [], []
    for group in groups:
        citizens, seats = counts.citizens[group], counts.seats[group]
        row = _gap_row(group, titles.get(group, group), citizens, seats)
        row.update(
            gap=citizens - seats,
            specified=len(group) == level,
            has_children=len(group) == level < LEVELS[-1],
            citizens_later_tracks=counts.later[group],
        )
        gap.append(row)
        for kind in kinds:
            allowed, free = counts.eligible[(group, kind)], counts.seats_by_kind[(group, kind)]
            cell = _gap_row(group, row["title"], allowed, free)
            cell.update(
                kind=kind, gap=allowed - free, citizens_later_tracks=row["citizens_later_tracks"]
            )
            cells.append(cell)
    campaigns = sorted(
        (cell for cell in cells if cell["free_seats"] > cell["citizens"]),
        key=lambda c: (
            c["citizens"] - c["free_seats"],
            -c["free_seats"],
            c["group"],
            KIND_ORDER[c["kind"]],
        ),
    )
    for rank, cell in enumerate(campaigns, start=1):
        cell["rank"] = rank
        cell["shortage"] = cell["free_seats"] - cell["citizens"]
    names = postcode_names()
    areas = [
        {
            "postcode": code,
            "name": names.get(code, ""),
            "citizens": counts.area_citizens[code],
            "free_seats": counts.area_seats[code],
            "gap": counts.area_citizens[code] - counts.area_seats[code],
        }
        for code in sorted(set(counts.area_citizens) | set(counts.area_seats))
    ]
    citizens_total, seats_total = sum(counts.citizens.values()), sum(counts.seats.values())
    return {
        "level": level,
        "parent": query.parent,
        "kind": query.kind,
        "postcode": query.postcode,
        "path": [
            {"group": query.parent[:n], "title": titles.get(query.parent[:n], query.parent[:n])}
            for n in range(1, len(query.parent) + 1)
        ],
        "kinds": kinds,
        "supply": [
            {"group": group, "title": titles.get(group, group), "segment": segment, "citizens": n}
            for (group, segment), n in sorted(counts.by_segment.items())
        ],
        "demand": [
            {"group": group, "title": titles.get(group, group), "kind": kind, "seats": n}
            for (group, kind), n in sorted(counts.seats_by_kind.items())
            if n
        ],
        "gap": gap,
        "cells": cells,
        "campaigns": campaigns,
        "areas": areas,
        "totals": {
            "citizens": citizens_total,
            "free_seats": seats_total,
            "gap": citizens_total - seats_total,
        },
    }
