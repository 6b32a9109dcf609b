"""From the database to the engine's arrays (grid.engine): the active citizens of a shard, the
openings of a run (with hard limit 1 computed in bulk), and the tables (rules, weights, commute).

Commute: no package ships Danish postcode coordinates, so grid/data/postcode_coordinates.csv holds
approximate centroids for the Capital Region (1000-3699). A postcode not in the file takes the
nearest listed postcode within 50 numbers (Danish postcodes are numbered geographically); failing
that its distance is unknown: the commute factor is then a neutral 50 and no distance is shown.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from citizens.models import Alert, Benefit, Citizen, CitizenLanguage, Intervention, JobTrack
from citizens.rules.sick_pay import own_employer_cvr
from core.identifiers import is_ascii_digits
from core.prefetch import id_list
from employers.models import Opening, Placement
from employers.rules import RIMELIGHEDSKRAV_KINDS, active_on_q
from employers.rules import rooms as rimelighedskrav_rooms

from . import engine
from .engine.vocabulary import Vocabulary
from .models import GridKindRule, OpeningsVersion, ScoreWeights

POSTCODE_FILE = Path(__file__).resolve().parent / "data" / "postcode_coordinates.csv"
POSTCODE_FALLBACK_SPAN = 50
UNKNOWN_COMMUTE = 50
LANGUAGE_CODES = engine.LANGUAGE_CODES  # bit i = LANGUAGE_CODES[i]
# The rows of Tables.kind_allowed and the values of CitizenArrays.benefit.
BENEFITS = tuple(Benefit.values)
# Citizen's language level → language factor (an opening asking for a language).
LANGUAGE_LEVEL_FACTOR: dict[str, int] = {
    CitizenLanguage.Level.BASIC: 50,
    CitizenLanguage.Level.GOOD: 75,
    CitizenLanguage.Level.FLUENT: 100,
    CitizenLanguage.Level.NATIVE: 100,
}
# Every code the loader meets is looked up in its model's vocabulary: an unknown one raises
# engine.UnknownCode (naming the code and the record), never a default.
KIND_VOCABULARY = Vocabulary(_("opening kind"), engine.KINDS)
SEGMENT_VOCABULARY = Vocabulary(_("segment"), engine.SEGMENTS)
ACCOMMODATION_VOCABULARY = Vocabulary(_("accommodation needs"), engine.ACCOMMODATIONS)
LANGUAGE_VOCABULARY = Vocabulary(_("language"), LANGUAGE_CODES)
BENEFIT_VOCABULARY = Vocabulary(_("benefit"), BENEFITS)
LANGUAGE_LEVEL_VOCABULARY = Vocabulary(_("language level"), tuple(CitizenLanguage.Level.values))
CITIZEN, OPENING, KIND_RULE = _("citizen"), _("opening"), _("GRID kind rule")
MAX_TRACKS = 3
UNIT_DIGITS = 4  # a DISCO unit group's code
# Overdue deadlines that make a match urgent (citizens.models.Alert codes).
URGENT_ALERTS = ("jobparat_3_months", "long_term_unemployed", "sick_reassessment")
URGENCY_COURSE_MAX = 60  # reached after a year in the course
URGENCY_OVERDUE = 40


# --- Postcodes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostcodeGrid:
    codes: tuple[str, ...]  # index 0 is "unknown"
    index: dict[str, int]
    km: np.ndarray  # float (P, P); nan for unknown

    def index_of(self, postcode: str) -> int:
        found = self.index.get(postcode)
        if found is not None:
            return found
        return _fallback_index(self, postcode)


@lru_cache(maxsize=1)
def postcode_grid() -> PostcodeGrid:
    rows = []
    with POSTCODE_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.append((row["postcode"], float(row["latitude"]), float(row["longitude"])))
    codes = ("", *(code for code, _, _ in rows))
    lat = np.radians(np.array([r[1] for r in rows]))
    lon = np.radians(np.array([r[2] for r in rows]))
    # Equirectangular projection: metres-accurate enough over a region.
    x = 6371.0 * lon * math.cos(math.radians(55.7))
    y = 6371.0 * lat
    km = np.full((len(codes), len(codes)), np.nan)
    km[1:, 1:] = np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])
    return PostcodeGrid(codes=codes, index={c: i for i, c in enumerate(codes) if c}, km=km)


_fallbacks: dict[str, int] = {}


def _fallback_index(grid: PostcodeGrid, postcode: str) -> int:
    if postcode in _fallbacks:
        return _fallbacks[postcode]
    best, best_gap = 0, POSTCODE_FALLBACK_SPAN + 1
    if is_ascii_digits(postcode):
        number = int(postcode)
        for code, i in grid.index.items():
            gap = abs(int(code) - number)
            if gap < best_gap:
                best, best_gap = i, gap
    _fallbacks[postcode] = best
    return best


def commute_tables(max_distance_km: int) -> tuple[np.ndarray, np.ndarray]:
    """(commute factor 0-100 or -1 beyond the maximum; rounded km or -1 unknown), both (P, P)."""
    km = postcode_grid().km
    known = ~np.isnan(km)
    safe = np.where(known, km, 0.0)
    factor = np.where(
        known,
        np.floor(100.0 * np.clip(1.0 - safe / max_distance_km, 0.0, 1.0) + 0.5),
        UNKNOWN_COMMUTE,
    )
    factor = np.where(known & (safe > max_distance_km), -1, factor).astype(np.int16)
    rounded = np.where(known, np.floor(safe + 0.5), -1).astype(np.int16)
    return factor, rounded


def distance_km(postcode_a: str, postcode_b: str) -> int | None:
    grid = postcode_grid()
    value = grid.km[grid.index_of(postcode_a), grid.index_of(postcode_b)]
    return None if np.isnan(value) else math.floor(value + 0.5)


# --- Tables -------------------------------------------------------------------------------------


def current_weights() -> ScoreWeights:
    return ScoreWeights.objects.order_by("-changed_at", "-id").first() or ScoreWeights()


class GridRulesMissing(LookupError):
    pass


def kind_allowed_matrix(on: date) -> np.ndarray:
    """Hard limit 2 as a (benefit, kind) table from GridKindRule rows in force on `on`. An empty
    rule table is a configuration error (nothing would ever match): refused loudly."""
    if not GridKindRule.objects.exists():
        raise GridRulesMissing(
            "The GRID's rule table of allowed opening kinds (GridKindRule) is empty."
        )
    allowed = np.zeros((len(BENEFITS), len(engine.KINDS)), dtype=bool)
    rules = GridKindRule.objects.filter(valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    for pk, kind, benefit in rules.values_list("pk", "kind", "benefit"):
        row = BENEFIT_VOCABULARY.index(benefit, record=KIND_RULE, pk=pk)
        allowed[row, KIND_VOCABULARY.index(kind, record=KIND_RULE, pk=pk)] = True
    return allowed


def tables_for(*, on: date, top_k: int | None = None, placed=frozenset()) -> engine.Tables:
    weights = current_weights()
    commute, km = commute_tables(weights.max_distance_km)
    return engine.Tables(
        weights=(
            weights.occupation,
            weights.commute,
            weights.urgency,
            weights.language,
            weights.kind,
        ),
        kind_allowed=kind_allowed_matrix(on),
        commute=commute,
        distance_km=km,
        top_k=top_k or weights.top_k,
        placed=frozenset(placed),
    )


# --- Openings -------------------------------------------------------------------------------------


# PostgreSQL's binary COPY: a 19-byte header, then per row a 16-bit field count and per field a
# 32-bit length and the value (big-endian), then a 16-bit -1.
_COPY_HEADER, _COPY_TRAILER = 19, 2


def int64_columns(queryset: QuerySet, *fields: str) -> np.ndarray:
    """The integer columns `fields` of `queryset`'s rows as an (n, len(fields)) int64 array, for
    millions of rows: on PostgreSQL one binary COPY read straight into numpy (the optimal plan
    reads a national run's 5.3 million suggestions), elsewhere through values_list. The columns
    must not be NULL (a NULL is an error, not a number)."""
    width = len(fields)
    if connection.vendor != "postgresql":
        rows = list(queryset.values_list(*fields))
        return np.array(rows, dtype=np.int64).reshape(-1, width)
    names = [f"_int64_{i}" for i in range(width)]
    casts = {
        name: Cast(F(field), BigIntegerField()) for name, field in zip(names, fields, strict=True)
    }
    try:
        sql, params = (
            queryset.order_by().annotate(**casts).values_list(*names).query.sql_with_params()
        )
    except EmptyResultSet:  # .none() and the like: no query to run
        return np.empty((0, width), dtype=np.int64)
    data = bytearray()
    copy_sql = f"COPY ({sql}) TO STDOUT (FORMAT binary)"  # Django's SQL, values as parameters
    with connection.cursor() as cursor, cursor.cursor.copy(copy_sql, params) as copy:
        for block in copy:
            data += block
    row = np.dtype(
        [("n", ">i2")] + [(f"v{i}", [("len", ">i4"), ("value", ">i8")]) for i in range(width)]
    )
    body = memoryview(data)[_COPY_HEADER : len(data) - _COPY_TRAILER]
    if len(body) % row.itemsize:
        raise ValueError("int64_columns: a NULL or a wider value in the rows read")
    records = np.frombuffer(body, dtype=row)
    if len(records) and not all((records[f"v{i}"]["len"] == 8).all() for i in range(width)):
        raise ValueError("int64_columns: a NULL in the rows read")
    out = np.empty((len(records), width), dtype=np.int64)
    for i in range(width):
        out[:, i] = records[f"v{i}"]["value"]
    return out


def _unit_code(code: str) -> int:
    digits = (code or "")[:4]
    return int(digits) if is_ascii_digits(digits) and len(digits) == 4 else 0


# A workplace whose dispensation sets no seat limit: room enough for any plan.
NO_LIMIT = 10**6


def rimelighedskrav_free_places(workplace_ids: set[int], on: date) -> dict[int, int]:
    """Workplace id -> free places under the rimelighedskrav on `on` for every supported kind
    (the smallest over the kinds, since a dispensation may cover only some): the bulk form
    employers.rules.rooms, which also holds the missing-rule policy (no room)."""
    free: dict[int, int] = {}
    for kind in RIMELIGHEDSKRAV_KINDS:
        for pk, room in rimelighedskrav_rooms(
            workplace_ids=workplace_ids, kind=kind, start=on, end=on
        ).items():
            places = NO_LIMIT if room.free is None else room.free
            free[pk] = min(free.get(pk, NO_LIMIT), places)
    return free


def openings_queryset() -> QuerySet[Opening]:
    return Opening.objects.filter(status=Opening.Status.OPEN)


def load_openings(
    *,
    on: date,
    opening_id: int | None = None,
    id_from: int | None = None,
    id_to: int | None = None,
) -> engine.OpeningArrays:
    """The open openings (those with id in [id_from, id_to] when given; or one, open or not),
    with hard limit 1 (free seat, rimelighedskrav) as `free`."""
    queryset = openings_queryset()
    if id_from is not None and id_to is not None:
        queryset = queryset.filter(pk__gte=id_from, pk__lte=id_to)
    if opening_id is not None:
        queryset = Opening.objects.filter(pk=opening_id)
    rows = list(
        queryset.order_by("pk").values_list(
            "pk",
            "occupation__code",
            "kind",
            "hours_min",
            "accommodations",
            "required_languages",
            "requires_driving_licence",
            "workplace__postcode",
            "workplace_id",
            "seats",
            "status",
            "start",
            "end",
            "workplace__employer__cvr",
        )
    )
    seats_used = dict(
        Placement.objects.filter(
            opening_id__in=[r[0] for r in rows]
            if opening_id is not None
            else queryset.values("pk"),
        )
        .filter(active_on_q(on))
        .values("opening_id")
        .annotate(n=Count("pk"))
        .values_list("opening_id", "n")
    )
    # Room per (workplace, kind): a dispensation may cover only some kinds.
    rk_kinds: dict[str, set[int]] = defaultdict(set)
    for r in rows:
        if r[2] in RIMELIGHEDSKRAV_KINDS:
            rk_kinds[r[2]].add(r[8])
    room = {
        (pk, kind): value.has_room
        for kind, workplaces in rk_kinds.items()
        for pk, value in rimelighedskrav_rooms(
            workplace_ids=workplaces, kind=kind, start=on, end=on
        ).items()
    }
    grid = postcode_grid()
    n = len(rows)
    arrays = engine.OpeningArrays(
        ids=np.fromiter((r[0] for r in rows), dtype=np.int64, count=n),
        code=np.fromiter((_unit_code(r[1]) for r in rows), dtype=np.int16, count=n),
        kind=np.fromiter(
            (KIND_VOCABULARY.index(r[2], record=OPENING, pk=r[0]) for r in rows),
            dtype=np.int8,
            count=n,
        ),
        hours_min=np.fromiter((r[3] for r in rows), dtype=np.int16, count=n),
        accommodations=np.fromiter(
            (ACCOMMODATION_VOCABULARY.mask(r[4], record=OPENING, pk=r[0]) for r in rows),
            dtype=engine.ACCOMMODATION_DTYPE,
            count=n,
        ),
        languages=np.fromiter(
            (LANGUAGE_VOCABULARY.mask(r[5], record=OPENING, pk=r[0]) for r in rows),
            dtype=np.uint64,
            count=n,
        ),
        licence=np.fromiter((bool(r[6]) for r in rows), dtype=bool, count=n),
        postcode=np.fromiter((grid.index_of(r[7]) for r in rows), dtype=np.int16, count=n),
        free=np.fromiter(
            (
                r[10] == Opening.Status.OPEN
                and (r[12] is None or r[12] >= on)
                and seats_used.get(r[0], 0) < r[9]
                and (r[2] not in RIMELIGHEDSKRAV_KINDS or room.get((r[8], r[2]), False))
                for r in rows
            ),
            dtype=bool,
            count=n,
        ),
        employer=np.fromiter((_cvr_number(r[13]) for r in rows), dtype=np.int64, count=n),
    )
    return arrays


# (on, version) and the arrays of open_openings, kept by this process between runs.
_kept_openings: tuple[tuple[date, int], engine.OpeningArrays] | None = None


def openings_version() -> int | None:
    """The version of the tables load_openings reads (grid.models.OpeningsVersion: new on every
    write to them), or None where no trigger keeps it (SQLite, the embedded default)."""
    return OpeningsVersion.current()


def open_openings(on: date) -> engine.OpeningArrays:
    """load_openings(on=on), kept in this process between runs while the date and the openings'
    data version are the same: a run for one citizen (after every save of a case) reads every
    open opening, which at national scale costs seconds. The version is read before the
    openings, so the arrays kept are at least as new as the version they are kept under; a
    write after that changes the version, and the next run loads again. The arrays are made
    read-only, as they are shared between runs. Without the triggers every call loads."""
    global _kept_openings
    version = openings_version()
    if version is None:
        return load_openings(on=on)
    kept = _kept_openings
    if kept is not None and kept[0] == (on, version):
        return kept[1]
    arrays = load_openings(on=on)
    for name in engine.OPENING_FIELDS:
        getattr(arrays, name).flags.writeable = False
    _kept_openings = ((on, version), arrays)
    return arrays


def _cvr_number(cvr: str | None) -> int:
    return int(cvr) if cvr and is_ascii_digits(cvr) else 0


def _own_employer(benefit: str, sick_from: str, return_not_possible: bool, cvr: str) -> int:
    """CitizenArrays.own_employer from the course (citizens.rules.sick_pay.own_employer_cvr)."""
    bound = own_employer_cvr(
        benefit=benefit,
        sick_from=sick_from,
        return_not_possible=return_not_possible,
        employer_cvr=cvr,
    )
    if bound is None:
        return 0
    return _cvr_number(bound) or engine.UNKNOWN_EMPLOYER


# --- Citizens ---------------------------------------------------------------------------------


def active_citizens() -> QuerySet[Citizen]:
    """Only citizens with an open current course are loaded (the inactive are never screened;
    "why not?" says so with the reason `inactive`)."""
    return Citizen.objects.filter(current_course__isnull=False, current_course__end__isnull=True)


def with_track_in_group(queryset: QuerySet[Citizen], occupation_code: str) -> QuerySet[Citizen]:
    """The citizens with a job track in the DISCO major group of `occupation_code`: the only ones
    an opening of that occupation can be relevant to (grid.engine.limits.NOT_RELEVANT), so a run
    for one opening loads these and not the whole population. (Any track of theirs: a superset
    of the tracks the engine reads, which checks again.)"""
    group = (occupation_code or "")[:1]
    return queryset.filter(
        Exists(
            JobTrack.objects.filter(citizen_id=OuterRef("pk"), occupation__code__startswith=group)
        )
    )


def shared_digits(occupation_code: str) -> dict[int, int]:
    """Every active citizen with a job track in the DISCO major group of `occupation_code`, with
    the most leading digits any of their tracks shares with it (1-4): one query of ids, so a run
    for one opening (grid.opening_run) can read the closest citizens first, by id."""
    code = occupation_code or ""
    level = Case(
        *(
            When(occupation__code__startswith=code[:digits], then=Value(digits))
            for digits in range(UNIT_DIGITS, 1, -1)
        ),
        default=Value(1),
    )
    rows = (
        JobTrack.objects.filter(
            citizen__in=active_citizens(), occupation__code__startswith=code[:1]
        )
        .order_by()
        .values("citizen_id")
        .annotate(shared=Max(level))
        .values_list("citizen_id", "shared")
    )
    return dict(rows)


def _these_ids(ids: list[int], queryset: QuerySet[Citizen]):
    """The right-hand side of `citizen_id__in` for citizens already read: on PostgreSQL the ids
    themselves as one array (a run for one opening read its related rows through the group's
    semi-join again for each table: 0.59 s against 0.28 s at 10x Ballerup; core.prefetch.id_list),
    elsewhere the query they came from (tens of thousands of ids are past SQLite's limit of
    bound values)."""
    if connection.vendor == "postgresql":
        return id_list(ids)
    return queryset.values("pk")


def load_citizens(
    *,
    on: date,
    id_from: int,
    id_to: int,
    team_id: int | None = None,
    ids: list[int] | None = None,
) -> tuple[engine.CitizenArrays, frozenset[tuple[int, int]]]:
    """The active citizens with id in [id_from, id_to] (and of the team; and among `ids`, as a
    run for one opening reads its tiers: grid.opening_run), and their placements."""
    queryset = active_citizens().filter(pk__gte=id_from, pk__lte=id_to)
    if team_id is not None:
        queryset = queryset.filter(team_id=team_id)
    if ids is not None:
        queryset = queryset.filter(pk__in=id_list(ids))
    rows = list(
        queryset.order_by("pk").values_list(
            "pk",
            "current_course__benefit",
            "current_course__start",
            "segment",
            "max_hours_per_week",
            "accommodations",
            "driving_licence",
            "postcode",
            "current_course__sick_from",
            "current_course__return_not_possible",
            "current_course__employer_cvr",
        )
    )
    n = len(rows)
    position = {r[0]: i for i, r in enumerate(rows)}
    tracks = np.zeros((n, MAX_TRACKS), dtype=np.int16)
    languages = np.zeros(n, dtype=np.uint64)
    levels = np.zeros((n, 64), dtype=np.uint8)
    overdue = np.zeros(n, dtype=bool)
    placed: set[tuple[int, int]] = set()
    if n:
        bounds = {"citizen_id__gte": id_from, "citizen_id__lte": id_to}
        if ids is not None:
            bounds["citizen_id__in"] = _these_ids(list(position), queryset)
        ranked = defaultdict(list)
        for cid, _priority, code in (
            JobTrack.objects.filter(**bounds)
            .order_by("citizen_id", "priority")
            .values_list("citizen_id", "priority", "occupation__code")
            .iterator(chunk_size=20_000)
        ):
            if cid in position:
                ranked[cid].append(_unit_code(code))
        for cid, codes in ranked.items():
            for t, code in enumerate(codes[:MAX_TRACKS]):
                tracks[position[cid], t] = code
        for cid, code, level in (
            CitizenLanguage.objects.filter(**bounds)
            .order_by()  # the model's order joins the citizens to sort by name
            .values_list("citizen_id", "code", "level")
            .iterator(chunk_size=20_000)
        ):
            i = position.get(cid)
            if i is not None:
                bit = LANGUAGE_VOCABULARY.index(code, record=CITIZEN, pk=cid)
                LANGUAGE_LEVEL_VOCABULARY.index(level, record=CITIZEN, pk=cid)
                languages[i] |= np.uint64(1 << bit)
                levels[i, bit] = LANGUAGE_LEVEL_FACTOR[level]
        for cid in (
            Alert.objects.filter(**bounds, code__in=URGENT_ALERTS, due__lte=on)
            .order_by()
            .values_list("citizen_id", flat=True)
        ):
            if cid in position:
                overdue[position[cid]] = True
        for cid, oid in (
            Intervention.objects.filter(**bounds, placement__status=Placement.Status.ACTIVE)
            .order_by()
            .values_list("citizen_id", "placement__opening_id")
        ):
            placed.add((cid, oid))
    grid = postcode_grid()
    days = np.fromiter(((on - r[2]).days if r[2] else 0 for r in rows), dtype=np.int32, count=n)
    urgency = np.minimum(URGENCY_COURSE_MAX, np.maximum(days, 0) * URGENCY_COURSE_MAX // 365)
    urgency = urgency + np.where(overdue, URGENCY_OVERDUE, 0)
    citizens = engine.CitizenArrays(
        ids=np.fromiter((r[0] for r in rows), dtype=np.int64, count=n),
        tracks=tracks,
        benefit=np.fromiter(
            (BENEFIT_VOCABULARY.index(r[1], record=CITIZEN, pk=r[0]) for r in rows),
            dtype=np.int8,
            count=n,
        ),
        segment=np.fromiter(
            (SEGMENT_VOCABULARY.index(r[3], record=CITIZEN, pk=r[0]) for r in rows),
            dtype=np.int8,
            count=n,
        ),
        max_hours=np.fromiter(
            (r[4] if r[4] is not None else engine.NO_HOURS_LIMIT for r in rows),
            dtype=np.int16,
            count=n,
        ),
        accommodations=np.fromiter(
            (ACCOMMODATION_VOCABULARY.mask(r[5], record=CITIZEN, pk=r[0]) for r in rows),
            dtype=engine.ACCOMMODATION_DTYPE,
            count=n,
        ),
        languages=languages,
        language_levels=levels,
        licence=np.fromiter((bool(r[6]) for r in rows), dtype=bool, count=n),
        postcode=np.fromiter((grid.index_of(r[7]) for r in rows), dtype=np.int16, count=n),
        urgency=np.minimum(urgency, 100).astype(np.int16),
        own_employer=np.fromiter(
            (_own_employer(r[1], r[8], r[9], r[10]) for r in rows), dtype=np.int64, count=n
        ),
        overdue=overdue,
    )
    return citizens, frozenset(placed)
