"""Tables and small types of the demo data: the populations at scale 1 (from the seeds),
the staff, the vocabularies of weights, and the rimelighedskrav."""

import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models

from citizens.models import Benefit, Outcome, Readiness
from citizens.segments import Segment
from core.choices import Accommodation, OpeningKind
from core.models import User
from core.roles import API_CLIENT, CASEWORKER, CONSULTANT, MANAGER
from employers.models import Opening
from employers.rules import RIMELIGHEDSKRAV_KINDS

from .models import DemoSeed

BATCH_SIZE = 2500
CHUNK_CITIZENS = 5000
HISTORY_DAYS = 3 * 365
# The data start a lead-in year before the three years the indicators are read over, so that
# 12-month look-backs and course durations are already steady when those three years begin.
LEAD_DAYS = 365
# Uddannelseshjælp was merged into kontanthjælp on this day (see docs/domain.md).
BENEFIT_REFORM = date(2025, 7, 1)
CASELOAD = 85  # current citizens per caseworker
CONSULTANTS_PER_SCALE = 8
EMPLOYERS_PER_SCALE = 300
PAID_HOURS_PER_SCALE = 43
FRIKORT_PER_SCALE = 55
PUBLIC_SHARE = 0.15

TEAMS: dict[str, tuple[str, str]] = {
    Segment.JOBPARATE: ("Jobafsnit", "jobafsnit"),
    Segment.UNGE: ("Ungeafsnit", "ungeafsnit"),
    Segment.SYGEDAGPENGE_JOBAFKLARING: ("Sygedagpengeafsnit", "sygedagpengeafsnit"),
    Segment.IKKE_JOBPARATE: ("Helhedsafsnit", "helhedsafsnit"),
    Segment.INTEGRATION: ("Integrationsafsnit", "integrationsafsnit"),
}
# The fixed demo logins: username -> (role, team slug or None).
DEMO_USERS: dict[str, tuple[str, str | None]] = {
    "sagsbehandler": (CASEWORKER, "jobafsnit"),
    "sagsbehandler2": (CASEWORKER, "sygedagpengeafsnit"),
    "konsulent": (CONSULTANT, None),
    "leder": (MANAGER, None),
    "api": (API_CLIENT, None),
}


@dataclass(frozen=True)
class CitizenGroup:
    """A population at scale 1 (the stock on any day) with its benefit, readiness, ages and course
    lengths: `durations` are bands (from, to, weight) in days; the inflow follows from the stock
    and the mean length (demo.flows)."""

    key: str
    count: int
    benefit: str
    readiness: tuple[tuple[str, int], ...]
    ages: tuple[tuple[int, int, int], ...]  # (from, to, weight)
    profile: str  # vocabulary profile: default, weak, young, integration
    durations: tuple[tuple[int, int, int], ...]  # (from, to, weight) in days
    outcomes: tuple[tuple[str, int], ...]
    integration: bool = False


O = Outcome  # noqa: E741 - short alias for the table below
R = Readiness
# The populations at scale 1. ages and durations: (from, to, weight).
# fmt: off
GROUPS: tuple[CitizenGroup, ...] = (
    CitizenGroup(
        key="dagpenge", count=600, benefit=Benefit.A_DAGPENGE, readiness=((R.JOBPARAT, 1),),
        ages=((22, 29, 10), (30, 49, 55), (50, 66, 35)), profile="default",
        durations=((14, 60, 25), (60, 182, 40), (182, 365, 25), (365, 730, 10)),
        outcomes=((O.ORDINARY_JOB, 75), (O.EDUCATION, 7), (O.MOVED, 5), (O.OTHER, 13)),
    ),
    CitizenGroup(  # "ca. 150-170 jobparate kontanthjælpsmodtagere; ca. 1/3 ledige over et år"
        key="kh_jobparat", count=160, benefit=Benefit.KONTANTHJAELP, readiness=((R.JOBPARAT, 1),),
        ages=((25, 29, 8), (30, 49, 60), (50, 64, 32)), profile="default",
        durations=((30, 182, 35), (182, 365, 30), (365, 730, 25), (730, 1460, 10)),
        outcomes=((O.ORDINARY_JOB, 55), (O.EDUCATION, 15), (O.MOVED, 8), (O.OTHER, 22)),
    ),
    CitizenGroup(  # ~900 on sygedagpenge/jobafklaring, 80/20; 10 % under 30, 15 % over 60
        key="sygedagpenge", count=720, benefit=Benefit.SYGEDAGPENGE, readiness=(("", 1),),
        ages=((20, 29, 10), (30, 59, 75), (60, 66, 15)), profile="default",
        # ~450 closed courses a quarter with the jobafklaring below; a tail past 52 weeks
        durations=((14, 60, 30), (60, 120, 25), (120, 182, 20), (182, 365, 18), (365, 730, 7)),
        outcomes=((O.ORDINARY_JOB, 70), (O.FLEKSJOB, 8), (O.FOERTIDSPENSION, 5),
                  (O.EDUCATION, 2), (O.MOVED, 3), (O.OTHER, 12)),
    ),
    CitizenGroup(
        key="jobafklaring", count=180, benefit=Benefit.JOBAFKLARING, readiness=(("", 1),),
        ages=((20, 29, 10), (30, 59, 75), (60, 66, 15)), profile="default",
        durations=((220, 400, 50), (400, 730, 35), (730, 1100, 15)),
        outcomes=((O.ORDINARY_JOB, 40), (O.FLEKSJOB, 20), (O.FOERTIDSPENSION, 10),
                  (O.OTHER, 30)),
    ),
    CitizenGroup(
        key="unge", count=295, benefit=Benefit.KONTANTHJAELP,  # "ca. 300 unge" (seed 001)
        readiness=((R.UDDANNELSESPARAT, 45), (R.AABENLYST_UDDANNELSESPARAT, 20),
                   (R.AKTIVITETSPARAT, 35)),
        ages=((18, 24, 60), (25, 29, 40)), profile="young",
        durations=((30, 120, 30), (120, 365, 45), (365, 730, 20), (730, 1095, 5)),
        outcomes=((O.EDUCATION, 50), (O.ORDINARY_JOB, 25), (O.MOVED, 7), (O.OTHER, 18)),
    ),
    CitizenGroup(  # the integration programme: recorded as participation, never ethnicity
        key="integration", count=250, benefit=Benefit.KONTANTHJAELP, integration=True,
        readiness=((R.JOBPARAT, 55), (R.AKTIVITETSPARAT, 45)),
        ages=((18, 29, 30), (30, 44, 50), (45, 58, 20)), profile="integration",
        durations=((60, 365, 40), (365, 730, 35), (730, 1460, 25)),
        outcomes=((O.ORDINARY_JOB, 45), (O.EDUCATION, 20), (O.MOVED, 10), (O.OTHER, 25)),
    ),
    CitizenGroup(
        key="kh_aktivitetsparat", count=450, benefit=Benefit.KONTANTHJAELP,
        readiness=((R.AKTIVITETSPARAT, 1),),
        ages=((30, 49, 55), (50, 64, 45)), profile="weak",
        # a tail beyond three years: a fifth of the courses last 3-6 years
        durations=((90, 365, 30), (365, 730, 30), (730, 1095, 20), (1095, 2190, 20)),
        outcomes=((O.ORDINARY_JOB, 20), (O.EDUCATION, 12), (O.FLEKSJOB, 8),
                  (O.FOERTIDSPENSION, 10), (O.MOVED, 10), (O.OTHER, 40)),
    ),
    CitizenGroup(
        key="ressourceforloeb", count=120, benefit=Benefit.RESSOURCEFORLOEB, readiness=(("", 1),),
        ages=((30, 49, 55), (50, 62, 45)), profile="weak",
        durations=((365, 730, 40), (730, 1095, 35), (1095, 1825, 25)),
        outcomes=((O.FLEKSJOB, 30), (O.FOERTIDSPENSION, 25), (O.ORDINARY_JOB, 10),
                  (O.OTHER, 35)),
    ),
    CitizenGroup(
        key="ledighedsydelse", count=90, benefit=Benefit.LEDIGHEDSYDELSE, readiness=(("", 1),),
        ages=((35, 49, 45), (50, 66, 55)), profile="weak",
        durations=((30, 182, 40), (182, 365, 30), (365, 1095, 30)),
        outcomes=((O.FLEKSJOB, 75), (O.FOERTIDSPENSION, 10), (O.OTHER, 15)),
    ),
    CitizenGroup(  # førtidspension with KLAPjob, småjob or a socialt frikort
        key="foertidspension", count=40, benefit=Benefit.FOERTIDSPENSION, readiness=(("", 1),),
        ages=((35, 49, 40), (50, 66, 60)), profile="weak",
        durations=((365, 2190, 1),), outcomes=((O.OTHER, 1),),
    ),
)
# fmt: on
GROUPS_BY_KEY = {group.key: group for group in GROUPS}
WEAK_GROUPS = ("kh_aktivitetsparat", "ressourceforloeb", "ledighedsydelse", "foertidspension")

ACCOMMODATION_WEIGHTS = (
    (Accommodation.NO_HEAVY_LIFTING, 25),
    (Accommodation.NO_PROLONGED_STANDING, 15),
    (Accommodation.NO_NIGHT_OR_SHIFT_WORK, 15),
    (Accommodation.QUIET_ENVIRONMENT, 12),
    (Accommodation.FLEXIBLE_HOURS, 15),
    (Accommodation.LIMITED_CUSTOMER_CONTACT, 8),
    (Accommodation.STEP_FREE_ACCESS, 4),
    (Accommodation.MENTOR_SUPPORT, 12),
)
# Share of a group with accommodation needs, and with a maximum of hours per week (range).
ACCOMMODATION_SHARE = {
    "dagpenge": 0.05,
    "kh_jobparat": 0.1,
    "sygedagpenge": 0.5,
    "jobafklaring": 0.8,
    "unge": 0.2,
    "integration": 0.15,
    "kh_aktivitetsparat": 0.6,
    "ressourceforloeb": 0.9,
    "ledighedsydelse": 1.0,
    "foertidspension": 1.0,
}
MAX_HOURS = {
    "sygedagpenge": (0.4, 10, 30),
    "jobafklaring": (0.7, 8, 25),
    "kh_aktivitetsparat": (0.3, 15, 30),
    "ressourceforloeb": (0.7, 6, 20),
    "ledighedsydelse": (1.0, 8, 25),
    "foertidspension": (1.0, 4, 15),
}

OPENING_KIND_WEIGHTS = (
    (OpeningKind.ORDINAERT_JOB, 30),
    (OpeningKind.VIRKSOMHEDSPRAKTIK, 25),
    (OpeningKind.LOENTILSKUD, 15),
    (OpeningKind.SMAAJOB, 8),
    (OpeningKind.FLEKSJOB, 12),
    (OpeningKind.LOENNEDE_TIMER, 6),
    (OpeningKind.NYTTEJOB, 4),
)
# Kinds that count against the rimelighedskrav at a workplace (employers.rules).
SUPPORTED_KINDS = frozenset(RIMELIGHEDSKRAV_KINDS)
FAR_FUTURE = date(9999, 12, 31)
NOTES = ("", "", "Hos ekstern leverandør.", "Aftalt i Min Plan.")
JOBAFKLARING_REASON = "Sygedagpengene kan ikke forlænges; overgang til jobafklaringsforløb."
REFORM_REASON = "Kontanthjælpsreformen 1. juli 2025: uddannelseshjælp bliver kontanthjælp."


def weighted(rng: random.Random, pairs: Iterable[tuple[Any, int]]) -> Any:
    items = list(pairs)
    return rng.choices([item for item, _ in items], weights=[w for _, w in items])[0]


def scaled(count: float, scale: float) -> int:
    return max(0, round(count * scale))


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def aware(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def rimelighed_capacity(employees: int, *, on: date) -> int:
    """Supported placements a workplace may hold by the ratio: employers.rules, the one home of
    the rimelighedskrav (0 when the rule rows are missing, its missing-rule policy)."""
    from employers.rules import capacity_on

    return capacity_on(employees, on=on)


@dataclass
class OpeningSlot:
    """What the placement search needs to know about an opening, kept in memory."""

    opening: Opening
    workplace_key: int
    kind: str
    start: date
    end: date | None
    hours_min: int
    hours_max: int
    seats: int
    accommodations: frozenset
    languages: tuple[str, ...]
    licence: bool
    consultant: User | None
    public: bool
    intervals: list[tuple[date, date]] = field(default_factory=list)
    active_now: int = 0  # placements active today


@dataclass
class WorkplaceSlot:
    capacity: int
    intervals: list[tuple[date, date]] = field(default_factory=list)


@dataclass
class Spell:
    """One course on benefit (demo.flows): end None while it runs today."""

    group: CitizenGroup
    start: date
    end: date | None
    readiness: str
    outcome: str
    flags: frozenset = frozenset()  # "paid_hours" or "frikort" during the course
    since: date | None = None  # the real start when the course began before the data start


@dataclass
class Person:
    """The core attributes of one citizen, decided before the history is generated. `spells`
    are their courses, latest first (the open one first for a current citizen)."""

    group: CitizenGroup
    current: bool
    birth: date
    gender: str
    cpr: str
    benefit: str
    readiness: str
    segment: str
    team_slug: str
    flags: frozenset = frozenset()
    spells: list[Spell] = field(default_factory=list)


@dataclass
class SeedResult:
    counts: dict[str, int]
    segments: dict[str, int]
    seconds: float
    marker: DemoSeed


class Writer:
    """Writes rows per model in batches: on PostgreSQL with COPY (the primary keys taken from the
    table's sequence first, so the rows carry them as bulk_create would leave them), elsewhere
    (SQLite, the embedded default) with bulk_create."""

    def __init__(self) -> None:
        self.counts: Counter = Counter()

    def write(self, model: type[models.Model], rows: list) -> list:
        if rows:
            if connection.vendor == "postgresql":
                _copy_rows(model, rows)
            else:
                model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
            self.counts[model._meta.label] += len(rows)
        return rows


def _copy_rows(model: type[models.Model], rows: list) -> None:
    """bulk_create's work with one COPY: each field's value as saving prepares it (pre_save,
    get_db_prep_save: the CPR encrypted, JSON adapted), no INSERT statement built per batch."""
    meta = model._meta
    fields = list(meta.local_concrete_fields)
    db = connections[DEFAULT_DB_ALIAS]  # the wrapper itself: the proxy costs a lookup per value
    quote = db.ops.quote_name
    for row in rows:
        row._prepare_related_fields_for_save(operation_name="bulk_create")
    unnumbered = [row for row in rows if row.pk is None]
    with db.cursor() as cursor:
        if unnumbered:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(unnumbered)],
            )
            for row, (pk,) in zip(unnumbered, cursor.fetchall(), strict=True):
                row.pk = pk
        columns = ", ".join(quote(f.column) for f in fields)
        sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"  # the model's own names
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row([f.get_db_prep_save(f.pre_save(row, True), db) for f in fields])
    for row in rows:
        row._state.adding = False
        row._state.db = db.alias
