"""Generate Ballerup-sized demo data: staff, employers and three years of citizens' history.

Deterministic: one `random.Random(seed)` drives everything, and the dates are relative to `today`,
so the same seed, scale and day give the same rows. Fast: rows are built in memory and written
with `bulk_create` in batches; there is no per-row save() or query. bulk_create writes no
change-log rows (auditlog listens to save/delete signals), which is what a seed wants; the whole
run is also wrapped in `disable_auditlog()`.

The numbers at scale 1 come from the seeds (see docs/domain.md): ~600 forsikrede ledige, 150-170
jobparate on kontanthjælp, ~900 on sygedagpenge/jobafklaring (80/20), ~300 under 30, a few hundred
in the integration programme, 40-45 with paid hours, 55 with a socialt frikort, a few hundred
employers.
"""

import logging
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from auditlog.context import disable_auditlog
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.db.models import OuterRef, Subquery

from citizens.models import (
    COMPANY_BASED_KINDS,
    Benefit,
    Citizen,
    CitizenLanguage,
    Conversation,
    Course,
    CourseChange,
    Intervention,
    InterventionKind,
    JobTrack,
    Outcome,
    PaidHours,
    PlanRevision,
    Readiness,
)
from citizens.segments import Segment, derive_segment
from core.choices import Accommodation, OpeningKind
from core.identifiers import cpr_birth_date, cpr_gender, validate_cpr
from core.models import Occupation, Team, User
from core.roles import API_CLIENT, CASEWORKER, CONSULTANT, MANAGER, sync_roles
from employers.models import Employer, EmployerContact, Opening, Placement, Workplace

from . import vocabulary as V
from .identifiers import make_cpr, make_cvr, make_p_number
from .models import DemoSeed

logger = logging.getLogger(__name__)

BATCH_SIZE = 2500
CHUNK_CITIZENS = 5000
HISTORY_DAYS = 3 * 365
# Uddannelseshjælp was merged into kontanthjælp on this day (see docs/domain.md).
BENEFIT_REFORM = date(2025, 7, 1)
CASELOAD = 85  # current citizens per caseworker
CONSULTANTS_PER_SCALE = 8
EMPLOYERS_PER_SCALE = 300
FORMER_PER_SCALE = 500
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
    """A population at scale 1 with its benefit, readiness, ages and course lengths (days)."""

    key: str
    count: int
    benefit: str
    readiness: tuple[tuple[str, int], ...]
    ages: tuple[tuple[int, int, int], ...]  # (from, to, weight)
    profile: str  # vocabulary profile: default, weak, young, integration
    open_days: tuple[int, int]  # current course length range
    closed_days: tuple[int, int]  # closed course length range
    outcomes: tuple[tuple[str, int], ...]
    integration: bool = False
    long_share: float = 0.0  # share of open courses in the long range below
    long_days: tuple[int, int] = (365, HISTORY_DAYS)


O = Outcome  # noqa: E741 - short alias for the tables below
GROUPS: tuple[CitizenGroup, ...] = (
    CitizenGroup(
        "dagpenge",
        600,
        Benefit.A_DAGPENGE,
        (("jobparat", 1),),
        ((22, 29, 10), (30, 49, 55), (50, 66, 35)),
        "default",
        (7, 300),
        (30, 540),
        ((O.ORDINARY_JOB, 75), (O.EDUCATION, 7), (O.MOVED, 5), (O.OTHER, 13)),
        long_share=0.15,
        long_days=(300, 700),
    ),
    CitizenGroup(
        "kh_jobparat",
        160,
        Benefit.KONTANTHJAELP,
        (("jobparat", 1),),
        ((25, 29, 8), (30, 49, 60), (50, 64, 32)),
        "default",
        (14, 360),
        (30, 700),
        ((O.ORDINARY_JOB, 55), (O.EDUCATION, 15), (O.MOVED, 8), (O.OTHER, 22)),
        long_share=0.34,
        long_days=(370, HISTORY_DAYS),
    ),
    CitizenGroup(
        "sygedagpenge",
        720,
        Benefit.SYGEDAGPENGE,
        (("", 1),),
        ((20, 29, 10), (30, 59, 75), (60, 66, 15)),
        "default",
        (7, 360),
        (14, 540),
        (
            (O.ORDINARY_JOB, 70),
            (O.FLEKSJOB, 8),
            (O.FOERTIDSPENSION, 5),
            (O.EDUCATION, 2),
            (O.MOVED, 3),
            (O.OTHER, 12),
        ),
        long_share=0.15,
        long_days=(365, 800),
    ),
    CitizenGroup(
        "jobafklaring",
        180,
        Benefit.JOBAFKLARING,
        (("", 1),),
        ((20, 29, 10), (30, 59, 75), (60, 66, 15)),
        "default",
        (220, 900),
        (220, 900),
        ((O.ORDINARY_JOB, 40), (O.FLEKSJOB, 20), (O.FOERTIDSPENSION, 10), (O.OTHER, 30)),
    ),
    CitizenGroup(
        "unge",
        230,
        Benefit.KONTANTHJAELP,
        (("uddannelsesparat", 45), ("aabenlyst_uddannelsesparat", 20), ("aktivitetsparat", 35)),
        ((18, 24, 60), (25, 29, 40)),
        "young",
        (14, 600),
        (30, 500),
        ((O.EDUCATION, 50), (O.ORDINARY_JOB, 25), (O.MOVED, 7), (O.OTHER, 18)),
    ),
    CitizenGroup(
        "integration",
        250,
        Benefit.KONTANTHJAELP,
        (("jobparat", 55), ("aktivitetsparat", 45)),
        ((18, 29, 30), (30, 44, 50), (45, 58, 20)),
        "integration",
        (30, 900),
        (90, 900),
        ((O.ORDINARY_JOB, 45), (O.EDUCATION, 20), (O.MOVED, 10), (O.OTHER, 25)),
        integration=True,
    ),
    CitizenGroup(
        "kh_aktivitetsparat",
        450,
        Benefit.KONTANTHJAELP,
        (("aktivitetsparat", 1),),
        ((30, 49, 55), (50, 64, 45)),
        "weak",
        (90, HISTORY_DAYS),
        (90, 900),
        (
            (O.ORDINARY_JOB, 20),
            (O.EDUCATION, 12),
            (O.FLEKSJOB, 8),
            (O.FOERTIDSPENSION, 10),
            (O.MOVED, 10),
            (O.OTHER, 40),
        ),
    ),
    CitizenGroup(
        "ressourceforloeb",
        120,
        Benefit.RESSOURCEFORLOEB,
        (("", 1),),
        ((30, 49, 55), (50, 62, 45)),
        "weak",
        (180, HISTORY_DAYS),
        (365, 1000),
        ((O.FLEKSJOB, 30), (O.FOERTIDSPENSION, 25), (O.ORDINARY_JOB, 10), (O.OTHER, 35)),
    ),
    CitizenGroup(
        "ledighedsydelse",
        90,
        Benefit.LEDIGHEDSYDELSE,
        (("", 1),),
        ((35, 49, 45), (50, 66, 55)),
        "weak",
        (30, 900),
        (60, 700),
        ((O.FLEKSJOB, 75), (O.FOERTIDSPENSION, 10), (O.OTHER, 15)),
    ),
    CitizenGroup(
        "foertidspension",
        40,
        Benefit.FOERTIDSPENSION,
        (("", 1),),
        ((35, 49, 40), (50, 66, 60)),
        "weak",
        (365, HISTORY_DAYS),
        (365, 900),
        ((O.OTHER, 1),),
    ),
)
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
# Kinds that count against the rimelighedskrav at a workplace (praktik + løntilskud, and nyttejob).
SUPPORTED_KINDS = frozenset(
    {OpeningKind.VIRKSOMHEDSPRAKTIK, OpeningKind.LOENTILSKUD, OpeningKind.NYTTEJOB}
)
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


def rimelighed_capacity(employees: int) -> int:
    """Supported placements a workplace may hold (bek. 1297/2017 § 92): 1 per 5 up to 50,
    plus 1 per 10 above. Zero ordinary employees: none (the conservative reading)."""
    if employees <= 0:
        return 0
    return max(1, min(employees, 50) // 5) + max(0, employees - 50) // 10


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
class Person:
    """The core attributes of one citizen, decided before the history is generated."""

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


@dataclass
class SeedResult:
    counts: dict[str, int]
    segments: dict[str, int]
    seconds: float
    marker: DemoSeed


class Writer:
    """Collects unsaved rows per model and writes them with bulk_create in batches."""

    def __init__(self) -> None:
        self.counts: Counter = Counter()

    def write(self, model: type[models.Model], rows: list) -> list:
        if rows:
            model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
            self.counts[model._meta.label] += len(rows)
        return rows


def demo_seed_present() -> DemoSeed | None:
    return DemoSeed.objects.order_by("-id").first()


class DemoSeeder:
    def __init__(
        self, *, seed: int, scale: float, today: date, log: Callable[[str], None] | None = None
    ) -> None:
        if scale <= 0:
            raise ValueError("scale must be positive")
        self.seed = seed
        self.scale = scale
        self.today = today
        self.window_start = today - timedelta(days=HISTORY_DAYS)
        self.rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
        self.log = log or logger.info
        self.writer = Writer()
        self.used_cprs: set[str] = set(Citizen.objects.values_list("cpr", flat=True))
        self.used_cvrs: set[str] = set(Employer.objects.values_list("cvr", flat=True))
        self.used_p_numbers: set[str] = set(Workplace.objects.values_list("p_number", flat=True))
        self.password_hash = make_password(settings.DEMO_PASSWORD)
        self.opening_slots: dict[str, list[OpeningSlot]] = defaultdict(list)
        self.workplace_slots: dict[int, WorkplaceSlot] = {}
        self.segment_counts: Counter = Counter()
        self.occupations: dict[str, Occupation] = {}

    # ---------------------------------------------------------------- helpers
    def _day_between(self, start: date, end: date) -> date:
        if end <= start:
            return start
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    def _name(self, gender: str) -> tuple[str, str]:
        rng = self.rng
        first = rng.choice(V.FIRST_NAMES_MALE if gender == "M" else V.FIRST_NAMES_FEMALE)
        last = rng.choice(V.LAST_NAMES)
        if rng.random() < 0.08:
            last = f"{rng.choice(V.LAST_NAMES)} {last}"
        return first, last

    def _staff_name(self, username: str) -> tuple[str, str]:
        rng = random.Random(f"{self.seed}:{username}")  # noqa: S311
        names = V.FIRST_NAMES_MALE if rng.random() < 0.5 else V.FIRST_NAMES_FEMALE
        return rng.choice(names), rng.choice(V.LAST_NAMES)

    def _street(self, postcode: str) -> str:
        rng = self.rng
        local = V.LOCAL_STREETS.get(postcode)
        if local and rng.random() < 0.6:
            street = rng.choice(local)
        else:
            street = f"{rng.choice(V.STREET_STEMS)}{rng.choice(V.STREET_SUFFIXES)}"
        return f"{street} {rng.randint(1, 160)}"

    def _home_address(self, postcode: str) -> str:
        address = self._street(postcode)
        if self.rng.random() < 0.45:
            floor = self.rng.choice(("st.", "1.", "2.", "3.", "4."))
            address += f", {floor} {self.rng.choice(('th.', 'tv.', 'mf.'))}"
        return address

    # ---------------------------------------------------------------- staff
    def make_teams(self) -> dict[str, Team]:
        teams = {}
        for name, slug in TEAMS.values():
            teams[slug], _ = Team.objects.get_or_create(slug=slug, defaults={"name": name})
        return teams

    def make_users(
        self, teams: dict[str, Team], team_sizes: Counter
    ) -> tuple[dict[str, list[User]], list[User]]:
        """The five demo logins plus enough caseworkers (~CASELOAD each) and consultants."""
        groups = {group.name: group for group in Group.objects.all()}
        wanted: list[tuple[str, str, str | None]] = [
            (username, role, slug) for username, (role, slug) in DEMO_USERS.items()
        ]
        fixed_caseworker_teams = {slug for _, (role, slug) in DEMO_USERS.items() if slug}
        for slug in sorted(slug for _name, slug in TEAMS.values()):
            needed = max(1, round(team_sizes[slug] / CASELOAD))
            first = 1 if slug in fixed_caseworker_teams else 0
            wanted += [(f"sb-{slug}-{n:02d}", CASEWORKER, slug) for n in range(first, needed)]
        consultants = max(2, round(CONSULTANTS_PER_SCALE * self.scale))
        wanted += [(f"vk-{n:02d}", CONSULTANT, None) for n in range(1, consultants)]

        existing = {u.username: u for u in User.objects.filter(username__in=[w[0] for w in wanted])}
        new_users = []
        for username, _role, slug in wanted:
            if username in existing:
                continue
            # Staff names from their own generator, so citizens come out the same whether or not
            # the staff users already exist (after a reset they are kept).
            first, last = self._staff_name(username)
            new_users.append(
                User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@ballerup.example",
                    password=self.password_hash,
                    team=teams[slug] if slug else None,
                )
            )
        self.writer.write(User, new_users)
        users = {u.username: u for u in User.objects.filter(username__in=[w[0] for w in wanted])}
        memberships = []
        through = User.groups.through
        have = set(
            through.objects.filter(user__in=users.values()).values_list("user_id", "group_id")
        )
        for username, role, slug in wanted:
            user = users[username]
            if username in DEMO_USERS and user.password != self.password_hash:
                user.password = self.password_hash
                user.team = teams[slug] if slug else None
                user.save(update_fields=["password", "team"])
            if (user.pk, groups[role].pk) not in have:
                memberships.append(through(user_id=user.pk, group_id=groups[role].pk))
        through.objects.bulk_create(memberships)

        caseworkers: dict[str, list[User]] = defaultdict(list)
        consultant_users: list[User] = []
        for username, role, slug in wanted:
            if role == CASEWORKER:
                caseworkers[slug].append(users[username])
            elif role == CONSULTANT:
                consultant_users.append(users[username])
        return caseworkers, consultant_users

    # ---------------------------------------------------------------- occupations
    def make_occupations(self) -> None:
        """Use the DISCO-08 rows if loaded; create the few needed ones only if missing."""
        existing = Occupation.objects.in_bulk(list(V.OCCUPATIONS))
        missing = [
            Occupation(code=code, level=Occupation.Level.UNIT, title_en=en, title_da=da)
            for code, (en, da, _title, _area) in V.OCCUPATIONS.items()
            if code not in existing
        ]
        self.writer.write(Occupation, missing)
        self.occupations = Occupation.objects.in_bulk(list(V.OCCUPATIONS))

    # ---------------------------------------------------------------- employers
    def _unique(self, used: set[str], make: Callable[[], str]) -> str:
        while True:
            value = make()
            if value not in used:
                used.add(value)
                return value

    def _employer_name(self, patterns: tuple[str, ...], town: str, names: set[str]) -> str:
        rng = self.rng
        for attempt in range(8):
            name = rng.choice(patterns).format(
                last=rng.choice(V.LAST_NAMES),
                last2=rng.choice(V.LAST_NAMES),
                town=town,
                stem=rng.choice(V.STREET_STEMS),
                noun=rng.choice(V.PUBLIC_NOUNS),
            )
            if attempt == 7:
                name = f"{name} {rng.randint(2, 999)}"
            if name not in names:
                names.add(name)
                return name
        return name

    def _employees(self) -> int:
        band = weighted(
            self.rng,
            (((0, 4), 18), ((5, 19), 35), ((20, 49), 24), ((50, 249), 18), ((250, 600), 5)),
        )
        return self.rng.randint(*band)

    def make_employers(self, consultants: list[User]) -> None:
        rng = self.rng
        count = max(3, scaled(EMPLOYERS_PER_SCALE, self.scale))
        public_industries = [row for row in V.INDUSTRIES if row[4]]
        private_industries = [row for row in V.INDUSTRIES if not row[4]]
        employers: list[Employer] = []
        workplaces: list[tuple[Workplace, Employer, tuple[str, ...]]] = []
        names: set[str] = set()

        # Ballerup Kommune: one CVR, many units (P-numbers), Servicekorpset with a dispensation.
        kommune_cvr = V.BALLERUP_KOMMUNE_CVR
        if kommune_cvr not in self.used_cvrs:
            self.used_cvrs.add(kommune_cvr)
            kommune = Employer(
                cvr=kommune_cvr,
                name="Ballerup Kommune",
                branche_code="841100",
                branche_title="Generelle offentlige tjenester",
                address="Hold-an Vej 7",
                postcode="2750",
                public=True,
                consultant=consultants[0],
            )
            employers.append(kommune)
            for name, _code, _title, occupations, employees, dispensation in V.BALLERUP_UNITS:
                place = Workplace(
                    employer=kommune,
                    p_number=self._unique(self.used_p_numbers, lambda: make_p_number(rng)),
                    name=f"Ballerup Kommune, {name}",
                    address=self._street("2750"),
                    postcode="2750",
                    ordinary_employees=employees,
                    employees_counted_on=self.today - timedelta(days=rng.randint(0, 90)),
                )
                if dispensation:
                    place.dispensation_capacity = dispensation
                    place.dispensation_from = self.window_start
                    place.dispensation_reason = (
                        "Administrativ enhed for nyttejob; udvalget har givet dispensation "
                        f"fra rimelighedskravet til op til {dispensation} borgere ad gangen."
                    )
                workplaces.append((place, kommune, occupations))

        for _ in range(count - len(employers)):
            public = rng.random() < PUBLIC_SHARE
            industry = weighted(
                rng,
                ((row, row[3]) for row in (public_industries if public else private_industries)),
            )
            code, title, occupations, _weight, _public, patterns = industry
            postcode = weighted(rng, V.EMPLOYER_POSTCODES)
            town = V.TOWNS[postcode]
            employer = Employer(
                cvr=self._unique(self.used_cvrs, lambda: make_cvr(rng)),
                name=self._employer_name(patterns, town, names),
                branche_code=code,
                branche_title=title,
                address=self._street(postcode),
                postcode=postcode,
                public=public,
                consultant=rng.choice(consultants),
            )
            employers.append(employer)
            for n in range(weighted(rng, ((1, 60), (2, 28), (3, 12)))):
                wp_postcode = postcode if n == 0 else weighted(rng, V.EMPLOYER_POSTCODES)
                employees = self._employees()
                if n == 0:
                    employees = max(employees, rng.randint(1, 8))
                workplaces.append(
                    (
                        Workplace(
                            employer=employer,
                            p_number=self._unique(self.used_p_numbers, lambda: make_p_number(rng)),
                            name=employer.name
                            if n == 0
                            else f"{employer.name}, {V.TOWNS[wp_postcode]}",
                            address=self._street(wp_postcode),
                            postcode=wp_postcode,
                            ordinary_employees=employees,
                            employees_counted_on=self.today - timedelta(days=rng.randint(0, 365)),
                        ),
                        employer,
                        occupations,
                    )
                )
        self.writer.write(Employer, employers)
        self.employers = employers
        for place, employer, _ in workplaces:
            place.employer = employer  # picks up the primary key set by bulk_create
        self.writer.write(Workplace, [w for w, _, _ in workplaces])
        self.log(f"employers: {len(employers)}, workplaces: {len(workplaces)}")
        self.make_openings(workplaces)

    def _opening_hours(self, kind: str) -> tuple[int, int]:
        rng = self.rng
        if kind == OpeningKind.ORDINAERT_JOB:
            return weighted(rng, (((37, 37), 50), ((30, 37), 25), ((20, 30), 15), ((15, 25), 10)))
        if kind == OpeningKind.VIRKSOMHEDSPRAKTIK:
            low = rng.randint(8, 20)
            return low, rng.randint(max(low, 25), 37)
        if kind == OpeningKind.LOENTILSKUD:
            return weighted(rng, (((37, 37), 50), ((30, 37), 35), ((20, 37), 15)))
        if kind == OpeningKind.SMAAJOB:
            return weighted(rng, (((2, 8), 50), ((4, 12), 50)))
        if kind == OpeningKind.FLEKSJOB:
            low = rng.randint(6, 15)
            return low, rng.randint(low + 5, 25)
        if kind == OpeningKind.LOENNEDE_TIMER:
            return weighted(rng, (((5, 12), 60), ((8, 15), 40)))
        return weighted(rng, (((15, 30), 60), ((10, 37), 40)))  # nyttejob

    def make_openings(self, workplaces: list[tuple[Workplace, Employer, tuple[str, ...]]]) -> None:
        rng = self.rng
        accommodation_codes = [code for code, _ in ACCOMMODATION_WEIGHTS]
        slots: list[OpeningSlot] = []
        for place, employer, occupations in workplaces:
            is_servicekorps = bool(place.dispensation_capacity)
            key = place.pk
            self.workplace_slots[key] = WorkplaceSlot(
                capacity=(
                    place.dispensation_capacity
                    if is_servicekorps
                    else rimelighed_capacity(place.ordinary_employees)
                )
            )
            n = weighted(rng, ((0, 30), (1, 40), (2, 20), (3, 7), (4, 3)))
            if is_servicekorps:
                n = 3
            for i in range(n):
                kind = weighted(rng, OPENING_KIND_WEIGHTS)
                if is_servicekorps and i == 0:
                    kind = OpeningKind.NYTTEJOB
                if kind == OpeningKind.NYTTEJOB and not employer.public:
                    kind = OpeningKind.VIRKSOMHEDSPRAKTIK
                code = rng.choice(occupations)
                hours_min, hours_max = self._opening_hours(kind)
                if rng.random() < 0.5:
                    start = self._day_between(
                        self.today - timedelta(days=180), self.today + timedelta(days=60)
                    )
                else:
                    start = self._day_between(self.window_start, self.today - timedelta(days=180))
                if kind == OpeningKind.ORDINAERT_JOB:
                    end = None
                else:
                    end = start + timedelta(days=rng.randint(180, 730))
                seats = (
                    1
                    if kind == OpeningKind.ORDINAERT_JOB
                    else weighted(rng, ((1, 60), (2, 25), (3, 10), (5, 5)))
                )
                if is_servicekorps and kind == OpeningKind.NYTTEJOB:
                    seats, end = place.dispensation_capacity, None
                    start = self.window_start
                accommodation_count = (
                    weighted(rng, ((0, 50), (1, 30), (2, 20)))
                    if kind in (OpeningKind.ORDINAERT_JOB, OpeningKind.LOENTILSKUD)
                    else weighted(rng, ((1, 20), (2, 30), (3, 25), (4, 15), (6, 10)))
                )
                accommodations = sorted(rng.sample(accommodation_codes, accommodation_count))
                languages: list[str] = []
                area = V.OCCUPATIONS[code][3]
                roll = rng.random()
                if area in ("care", "office", "it") and roll < 0.25:
                    languages = ["da"]
                elif area in ("care", "hotel") and roll < 0.35:
                    languages = [rng.choice(("tr", "ar", "en", "pl"))]
                elif area == "it" and roll < 0.6:
                    languages = ["en"]
                licence = code in ("8322", "8332") or (
                    code in ("5322", "7112", "7115") and rng.random() < 0.4
                )
                singular = V.OCCUPATIONS[code][2]
                title = {
                    OpeningKind.ORDINAERT_JOB: singular + (" (deltid)" if hours_max < 30 else ""),
                    OpeningKind.VIRKSOMHEDSPRAKTIK: f"Virksomhedspraktik som {singular.lower()}",
                    OpeningKind.LOENTILSKUD: f"{singular} i løntilskud",
                    OpeningKind.SMAAJOB: f"Småjob: {singular.lower()}",
                    OpeningKind.FLEKSJOB: f"Fleksjob som {singular.lower()}",
                    OpeningKind.LOENNEDE_TIMER: f"Lønnede timer: {singular.lower()}",
                    OpeningKind.NYTTEJOB: f"Nyttejob: {singular.lower()}",
                }[kind]
                opening = Opening(
                    workplace=place,
                    kind=kind,
                    occupation=self.occupations[code],
                    title=title,
                    description=f"{place.name}. {hours_min}-{hours_max} timer om ugen.",
                    seats=seats,
                    hours_min=hours_min,
                    hours_max=hours_max,
                    start=start,
                    end=end,
                    required_languages=languages,
                    requires_driving_licence=licence,
                    accommodations=accommodations,
                    status=Opening.Status.OPEN,
                )
                slots.append(
                    OpeningSlot(
                        opening=opening,
                        workplace_key=key,
                        kind=kind,
                        start=start,
                        end=end,
                        hours_min=hours_min,
                        hours_max=hours_max,
                        seats=seats,
                        accommodations=frozenset(accommodations),
                        languages=tuple(languages),
                        licence=licence,
                        consultant=employer.consultant,
                        public=employer.public,
                    )
                )
        self.writer.write(Opening, [slot.opening for slot in slots])
        for slot in slots:
            self.opening_slots[slot.kind].append(slot)
        self.all_opening_slots = slots
        self.log(f"openings: {len(slots)}")

    def make_contacts(self, consultants: list[User]) -> None:
        rng = self.rng
        by_employer: dict[int, list[Opening]] = defaultdict(list)
        for slot in self.all_opening_slots:
            by_employer[slot.opening.workplace.employer_id].append(slot.opening)
        rows = []
        kinds = list(EmployerContact.Kind.values)
        for employer in self.employers:
            n = weighted(rng, ((0, 25), (1, 15), (2, 12), (3, 8), (5, 15), (8, 15), (15, 10)))
            openings = by_employer.get(employer.pk, [])
            for _ in range(n):
                day = self._day_between(self.window_start, self.today)
                opening = None
                if openings and rng.random() < 0.3:
                    opening = rng.choice(openings)
                    day = max(day, opening.start - timedelta(days=30))
                rows.append(
                    EmployerContact(
                        employer=employer,
                        date=min(day, self.today),
                        kind=weighted(rng, zip(kinds, (25, 40, 20, 15), strict=True)),
                        by=(
                            employer.consultant if rng.random() < 0.85 else rng.choice(consultants)
                        ),
                        note=rng.choice(V.CONTACT_NOTES),
                        opening=opening,
                    )
                )
                if len(rows) >= BATCH_SIZE * 4:
                    self.writer.write(EmployerContact, rows)
                    rows = []
        self.writer.write(EmployerContact, rows)

    # ---------------------------------------------------------------- citizens: core attributes
    def _birth_date(self, group: CitizenGroup) -> date:
        low, high, _ = weighted(self.rng, ((band, band[2]) for band in group.ages))
        age = self.rng.randint(low, high)
        born = self.today - timedelta(days=int((age + self.rng.random()) * 365.25))
        return born

    def _new_cpr(self, born: date, gender: str) -> str:
        while True:
            cpr = make_cpr(self.rng, born, gender)
            if cpr not in self.used_cprs:
                validate_cpr(cpr, today=self.today)
                self.used_cprs.add(cpr)
                return cpr

    def make_people(self) -> list[Person]:
        people: list[Person] = []
        for group in GROUPS:
            for _ in range(scaled(group.count, self.scale)):
                people.append(self._person(group, current=True))
        former_groups = [(group, group.count) for group in GROUPS if group.key != "foertidspension"]
        for _ in range(scaled(FORMER_PER_SCALE, self.scale)):
            people.append(self._person(weighted(self.rng, former_groups), current=False))
        # Paid hours (lønnede timer) and socialt frikort for some current citizens at the margin.
        eligible = [
            i
            for i, p in enumerate(people)
            if p.current
            and p.group.key in (*WEAK_GROUPS, "integration", "unge")
            and not (p.group.key in ("integration", "unge") and p.readiness != "aktivitetsparat")
        ]
        paid = set(
            self.rng.sample(eligible, min(len(eligible), scaled(PAID_HOURS_PER_SCALE, self.scale)))
        )
        rest = [i for i in eligible if i not in paid and people[i].group.key in WEAK_GROUPS]
        frikort = set(self.rng.sample(rest, min(len(rest), scaled(FRIKORT_PER_SCALE, self.scale))))
        for i in paid:
            people[i].flags = frozenset({"paid_hours"})
        for i in frikort:
            people[i].flags = frozenset({"frikort"})
        return people

    def _person(self, group: CitizenGroup, *, current: bool) -> Person:
        rng = self.rng
        born = self._birth_date(group)
        gender = rng.choice("MF")
        readiness = weighted(rng, group.readiness)
        benefit = group.benefit
        segment = derive_segment(
            benefit=benefit,
            readiness=readiness,
            integration_programme=group.integration,
            age=age_on(born, self.today),
        )
        return Person(
            group=group,
            current=current,
            birth=born,
            gender=gender,
            cpr=self._new_cpr(born, gender),
            benefit=benefit,
            readiness=readiness,
            segment=segment,
            team_slug=TEAMS[segment][1],
        )

    # ---------------------------------------------------------------- citizens: history
    def _accommodations(self, group: CitizenGroup) -> tuple[list[str], int | None]:
        rng = self.rng
        needs: list[str] = []
        if rng.random() < ACCOMMODATION_SHARE[group.key]:
            count = weighted(rng, ((1, 55), (2, 30), (3, 15)))
            while len(needs) < count:
                code = weighted(rng, ACCOMMODATION_WEIGHTS)
                if code not in needs:
                    needs.append(str(code))
        max_hours = None
        if group.key in MAX_HOURS:
            share, low, high = MAX_HOURS[group.key]
            if rng.random() < share:
                max_hours = rng.randint(low, high)
        return sorted(needs), max_hours

    def _languages(self, profile: str) -> list[tuple[str, str]]:
        rng = self.rng
        if profile == "integration":
            native = weighted(rng, V.INTEGRATION_LANGUAGES)
            result = [
                (native, "native"),
                ("da", weighted(rng, (("basic", 50), ("good", 35), ("fluent", 5)))),
            ]
            for _ in range(weighted(rng, ((0, 40), (1, 45), (2, 15)))):
                extra = weighted(
                    rng,
                    (
                        ("en", 50),
                        ("ar", 10),
                        ("fa", 5),
                        ("ru", 8),
                        ("fr", 5),
                        ("ku", 5),
                        ("tr", 5),
                        ("de", 4),
                    ),
                )
                result.append((extra, weighted(rng, (("basic", 40), ("good", 40), ("fluent", 20)))))
        elif rng.random() < 0.07:
            native = weighted(rng, V.OTHER_NATIVE_LANGUAGES)
            result = [
                (native, "native"),
                ("da", weighted(rng, (("basic", 25), ("good", 50), ("fluent", 25)))),
            ]
        else:
            result = [("da", "native")]
        if rng.random() < (0.6 if profile in ("default", "young") else 0.25):
            result.append(("en", weighted(rng, (("basic", 30), ("good", 50), ("fluent", 20)))))
        seen: dict[str, str] = {}
        for code, level in result:
            seen.setdefault(code, level)
        return sorted(seen.items())

    def _open_start(self, group: CitizenGroup) -> date:
        rng = self.rng
        low, high = group.long_days if rng.random() < group.long_share else group.open_days
        days = min(HISTORY_DAYS, int(low + (high - low) * rng.random() ** 1.6))
        return self.today - timedelta(days=days)

    def _closed_benefit(self, group: CitizenGroup, end: date) -> str:
        if group.key == "unge" and end < BENEFIT_REFORM:
            return Benefit.UDDANNELSESHJAELP
        return group.benefit

    def build_citizen(
        self, person: Person, caseworkers: dict[str, list[User]], counters: Counter
    ) -> dict[str, list]:
        """All the rows of one citizen (unsaved; foreign keys set to unsaved instances)."""
        rng = self.rng
        group = person.group
        rows: dict[str, list] = defaultdict(list)
        first, last = self._name(person.gender)
        postcode = weighted(rng, V.CITIZEN_POSTCODES)
        accommodations, max_hours = self._accommodations(group)
        languages = self._languages(group.profile)

        # Courses: the open one (for current citizens) and earlier closed ones.
        courses: list[tuple[CitizenGroup, date, date | None, str, str]] = []
        if person.current:
            start = self._open_start(group)
            courses.append((group, start, None, person.readiness, ""))
            earlier = 0.5 if group.key in WEAK_GROUPS else 0.3
            next_end = start - timedelta(days=rng.randint(20, 300))
            if rng.random() < earlier:
                courses.append(self._closed_course(group, next_end))
        else:
            end = self._day_between(
                self.window_start + timedelta(days=60), self.today - timedelta(days=1)
            )
            courses.append(self._closed_course(group, end))
            if courses[-1] is not None and rng.random() < 0.25:
                earlier_end = courses[-1][1] - timedelta(days=rng.randint(30, 400))
                courses.append(self._closed_course(group, earlier_end))
        courses = [c for c in courses if c is not None and c[1] >= self.window_start]
        if not courses:  # a former citizen whose only course fell outside the window
            courses.append(
                self._closed_course(group, self.today - timedelta(days=rng.randint(1, 200)))
            )

        if person.current:
            segment, team_slug = person.segment, person.team_slug
            team_caseworkers = caseworkers[team_slug]
            caseworker = team_caseworkers[counters[team_slug] % len(team_caseworkers)]
            counters[team_slug] += 1
        else:
            last_group, _, last_end, last_readiness, _ = courses[0]
            segment = ""
            team_slug = TEAMS[
                derive_segment(
                    benefit=last_group.benefit,
                    readiness=last_readiness,
                    integration_programme=last_group.integration,
                    age=age_on(person.birth, last_end),
                )
            ][1]
            team_caseworkers = caseworkers[team_slug]
            pool = [u for u in team_caseworkers if u.username not in DEMO_USERS] or team_caseworkers
            caseworker = pool[counters["former", team_slug] % len(pool)]
            counters["former", team_slug] += 1

        citizen = Citizen(
            cpr=person.cpr,
            first_name=first,
            last_name=last,
            address=self._home_address(postcode),
            postcode=postcode,
            phone=f"{rng.choice('23456')}{rng.randrange(10**7):07d}",
            email=(f"borger{rng.randrange(10**6):06d}@example.dk" if rng.random() < 0.4 else ""),
            birth_date=cpr_birth_date(person.cpr),
            gender=cpr_gender(person.cpr),
            team_id=self.team_ids[team_slug],
            caseworker=caseworker,
            segment=segment,
            accommodations=accommodations,
            max_hours_per_week=max_hours,
            driving_licence=rng.random()
            < (
                0.35
                if group.profile == "integration"
                else 0.72
                if age_on(person.birth, self.today) >= 25
                else 0.4
            ),
            education_level=weighted(rng, V.EDUCATION_BY_GROUP[group.profile]),
        )
        if segment:
            self.segment_counts[segment] += 1
        rows["citizen"].append(citizen)
        for code, level in languages:
            rows["language"].append(CitizenLanguage(citizen=citizen, code=code, level=level))

        # Job tracks: 1-3 occupations from the group's demand areas.
        areas = V.AREAS_BY_GROUP[group.profile if group.profile in V.AREAS_BY_GROUP else "default"]
        tracks: list[str] = []
        for _ in range(weighted(rng, ((1, 50), (2, 35), (3, 15)))):
            code = rng.choice(V.AREA_OCCUPATIONS[weighted(rng, areas)])
            if code not in tracks:
                tracks.append(code)
        for priority, code in enumerate(tracks, start=1):
            rows["track"].append(
                JobTrack(
                    citizen=citizen,
                    occupation=self.occupations[code],
                    priority=priority,
                    hours_per_week=max_hours or weighted(rng, ((37, 70), (30, 20), (25, 10))),
                )
            )

        colleagues = team_caseworkers
        for index, (course_group, start, end, readiness, outcome) in enumerate(courses):
            is_open = end is None
            held_by = caseworker if (is_open or rng.random() < 0.7) else rng.choice(colleagues)
            benefit = course_group.benefit if is_open else self._closed_benefit(course_group, end)
            course = Course(
                citizen=citizen,
                benefit=benefit,
                readiness=readiness,
                integration_programme=course_group.integration,
                start=start,
                end=end,
                outcome=outcome,
            )
            rows["course"].append(course)
            self._course_changes(rows, course, course_group, held_by)
            self._conversations(rows, citizen, course, course_group, held_by)
            self._interventions(
                rows,
                citizen,
                course,
                course_group,
                person,
                held_by,
                max_hours,
                accommodations,
                languages,
                index,
            )
            self._plans(rows, citizen, course, course_group, held_by, tracks, is_open)
        if "paid_hours" in person.flags:
            self._paid_hours(
                rows, citizen, person, caseworker, max_hours, accommodations, languages
            )
        if "frikort" in person.flags:
            self._frikort(rows, citizen)
        return rows

    def _closed_course(self, group: CitizenGroup, end: date):
        rng = self.rng
        if end < self.window_start + timedelta(days=14):
            return None
        low, high = group.closed_days
        days = int(low + (high - low) * rng.random() ** 1.5)
        start = end - timedelta(days=days)
        if start < self.window_start:
            start = self.window_start
        readiness = weighted(rng, group.readiness)
        return (group, start, end, readiness, weighted(rng, group.outcomes))

    def _course_changes(self, rows, course: Course, group: CitizenGroup, by: User) -> None:
        rng = self.rng
        last_day = course.end or self.today

        def change(day: date, name: str, old: str, new: str, reason: str) -> None:
            rows["change"].append(
                CourseChange(
                    course=course,
                    effective=day,
                    field=name,
                    old_value=old,
                    new_value=new,
                    changed_by=by,
                    reason=reason,
                )
            )

        if course.benefit == Benefit.JOBAFKLARING:
            day = course.start + timedelta(weeks=rng.randint(22, 30))
            day = min(day, last_day)
            change(day, "benefit", Benefit.SYGEDAGPENGE, Benefit.JOBAFKLARING, JOBAFKLARING_REASON)
        if (
            group.key == "unge"
            and course.benefit == Benefit.KONTANTHJAELP
            and course.start < BENEFIT_REFORM <= last_day
        ):
            change(
                BENEFIT_REFORM,
                "benefit",
                Benefit.UDDANNELSESHJAELP,
                Benefit.KONTANTHJAELP,
                REFORM_REASON,
            )
        readiness_changes = {
            Readiness.JOBPARAT: (Readiness.AKTIVITETSPARAT, 0.2),
            Readiness.UDDANNELSESPARAT: (Readiness.AKTIVITETSPARAT, 0.25),
            Readiness.AKTIVITETSPARAT: (Readiness.JOBPARAT, 0.08),
        }
        if course.readiness in readiness_changes and (last_day - course.start).days > 60:
            old, share = readiness_changes[course.readiness]
            if group.key == "unge" and course.readiness == Readiness.AKTIVITETSPARAT:
                old = Readiness.UDDANNELSESPARAT
            if rng.random() < share:
                day = self._day_between(course.start + timedelta(days=30), last_day)
                change(day, "readiness", old, course.readiness, "Revisiteret efter samtale.")
        if course.end:
            change(course.end, "outcome", "", course.outcome, "Forløbet er afsluttet.")

    def _conversations(
        self, rows, citizen: Citizen, course: Course, group: CitizenGroup, by: User
    ) -> None:
        rng = self.rng
        last_day = min(course.end or self.today, self.today)
        span = (last_day - course.start).days
        key = group.key
        if key in ("sygedagpenge", "jobafklaring"):
            first, interval, kinds = (14, 55), (24, 32), (("sygeopfoelgning", 1),)
        elif key == "dagpenge":
            first, interval, kinds = (7, 21), (35, 70), (("jobrettet", 85), ("faellessamtale", 15))
        elif key in ("kh_jobparat", "integration"):
            first, interval, kinds = (7, 30), (30, 70), (("jobrettet", 75), ("opfoelgning", 25))
        elif key == "unge":
            first, interval, kinds = (7, 30), (30, 60), (("opfoelgning", 55), ("jobrettet", 45))
        else:
            first, interval, kinds = (14, 45), (60, 100), (("opfoelgning", 60), ("jobrettet", 40))
        stretch = max(1.0, span / (12 * interval[0]))  # at most ~12 per course
        day = course.start + timedelta(days=rng.randint(*first))
        participants = "Borger, sagsbehandler"
        n = 0
        while day <= last_day:
            kind = weighted(rng, kinds)
            if key == "jobafklaring" and n >= 6:
                kind = weighted(rng, (("opfoelgning", 60), ("jobrettet", 40)))
            if key == "dagpenge" and n == 1:
                kind = "faellessamtale"
            who = participants
            if kind == "faellessamtale":
                who = "Borger, sagsbehandler, a-kasse"
            elif key == "integration" and rng.random() < 0.3:
                who = "Borger, sagsbehandler, tolk"
            elif key in ("sygedagpenge", "jobafklaring") and rng.random() < 0.2:
                who = "Borger, sagsbehandler, arbejdsgiver"
            area = V.AREA_LABELS[rng.choice(tuple(V.AREA_LABELS))]
            rows["conversation"].append(
                Conversation(
                    citizen=citizen,
                    date=day,
                    kind=kind,
                    participants=who,
                    note=rng.choice(V.CONVERSATION_NOTES[kind]).format(area=area),
                    held_by=by,
                )
            )
            n += 1
            day += timedelta(days=int(rng.randint(*interval) * stretch))

    def _intervention_plan(
        self, group: CitizenGroup, readiness: str
    ) -> list[tuple[str, float, int]]:
        """(kind, probability, offset in days from course start)."""
        key = group.key
        if key in ("dagpenge", "kh_jobparat"):
            late = 0.6 if key == "dagpenge" else 0.7
            return [
                ("opkvalificering", 0.12, 20),
                ("virksomhedspraktik", 0.13, 30),
                ("company_offer", late, 92),
                ("smaajob", 0.1 if key == "kh_jobparat" else 0.0, 120),
            ]
        if key == "sygedagpenge":
            return [
                ("virksomhedspraktik", 0.3, 70),
                ("mentor", 0.1, 60),
                ("opkvalificering", 0.05, 120),
            ]
        if key == "jobafklaring":
            return [("virksomhedspraktik", 0.5, 200), ("mentor", 0.3, 180), ("ips", 0.15, 220)]
        if key == "unge":
            return [
                ("fgu", 0.35, 30),
                ("virksomhedspraktik", 0.25, 60),
                ("smaajob", 0.15, 90),
                ("mentor", 0.2 if readiness == "aktivitetsparat" else 0.05, 20),
                ("opkvalificering", 0.15, 45),
            ]
        if key == "integration":
            return [
                ("opkvalificering", 0.4, 14),
                ("virksomhedspraktik", 0.6, 60),
                ("loentilskud", 0.3, 180),
                ("smaajob", 0.1, 120),
            ]
        if key == "kh_aktivitetsparat":
            return [
                ("mentor", 0.7, 30),
                ("virksomhedspraktik", 0.35, 90),
                ("ips", 0.15, 60),
                ("opkvalificering", 0.2, 120),
                ("nytteindsats", 0.05, 60),
            ]
        if key == "ressourceforloeb":
            return [("mentor", 0.8, 20), ("virksomhedspraktik", 0.4, 90), ("ips", 0.15, 60)]
        if key == "ledighedsydelse":
            return [("virksomhedspraktik", 0.6, 30), ("mentor", 0.2, 20)]
        return [("klapjob", 0.4, 60), ("smaajob", 0.1, 90)]  # førtidspension

    def _intervention_days(self, kind: str, group: CitizenGroup) -> int | None:
        rng = self.rng
        if kind == InterventionKind.VIRKSOMHEDSPRAKTIK:
            if group.key in ("dagpenge", "kh_jobparat") or (group.key == "unge"):
                return 28
            return weighted(rng, ((91, 80), (182, 20)))
        if kind == InterventionKind.LOENTILSKUD:
            months = {"dagpenge": 4, "kh_jobparat": 6, "integration": 12}.get(group.key, 6)
            return rng.randint(60, months * 30)
        if kind in (InterventionKind.NYTTEJOB, InterventionKind.NYTTEINDSATS):
            return rng.randint(28, 91)
        if kind == InterventionKind.OPKVALIFICERING:
            return rng.randint(14, 120)
        if kind == InterventionKind.MENTOR:
            return rng.randint(90, 365)
        if kind == InterventionKind.IPS:
            return rng.randint(180, 540)
        if kind == InterventionKind.FGU:
            return rng.randint(180, 700)
        if kind == InterventionKind.SMAAJOB:
            return rng.randint(90, 365)
        return None  # open-ended: KLAPjob, fleksjob, lønnede timer, ordinary job

    def _intervention_hours(self, kind: str, max_hours: int | None) -> int | None:
        rng = self.rng
        wanted = {
            InterventionKind.VIRKSOMHEDSPRAKTIK: rng.randint(15, 37),
            InterventionKind.LOENTILSKUD: weighted(rng, ((37, 70), (30, 30))),
            InterventionKind.NYTTEJOB: rng.randint(15, 30),
            InterventionKind.NYTTEINDSATS: rng.randint(15, 30),
            InterventionKind.SMAAJOB: rng.randint(3, 10),
            InterventionKind.KLAPJOB: rng.randint(5, 15),
            InterventionKind.LOENNEDE_TIMER: rng.randint(8, 11),
            InterventionKind.FLEKSJOB: rng.randint(10, 25),
            InterventionKind.ORDINAERT_JOB: 37,
            InterventionKind.OPKVALIFICERING: 37,
            InterventionKind.FGU: 30,
        }.get(kind)
        if wanted is not None and max_hours:
            wanted = min(wanted, max_hours)
        return wanted

    def _find_opening(
        self,
        kind: str,
        start: date,
        end: date | None,
        hours: int | None,
        max_hours: int | None,
        accommodations: list[str],
        languages: list[tuple[str, str]],
        licence: bool,
    ) -> tuple[OpeningSlot, int] | None:
        rng = self.rng
        candidates = self.opening_slots.get(kind)
        if not candidates:
            return None
        spoken = {code for code, _ in languages}
        needs = set(accommodations)
        stop = end or FAR_FUTURE
        for _ in range(12):
            slot = rng.choice(candidates)
            if slot.start > start or (slot.end and slot.end < stop):
                continue
            ceiling = min(max_hours or 37, slot.hours_max)
            if slot.hours_min > ceiling:
                continue
            if not needs <= slot.accommodations or not set(slot.languages) <= spoken:
                continue
            if slot.licence and not licence:
                continue
            if sum(1 for s, e in slot.intervals if s <= stop and start <= e) >= slot.seats:
                continue
            if kind in SUPPORTED_KINDS:
                workplace = self.workplace_slots[slot.workplace_key]
                used = sum(1 for s, e in workplace.intervals if s <= stop and start <= e)
                if used >= workplace.capacity:
                    continue
                workplace.intervals.append((start, stop))
            slot.intervals.append((start, stop))
            chosen_hours = min(max(hours or slot.hours_min, slot.hours_min), ceiling)
            return slot, chosen_hours
        return None

    def _add_intervention(
        self,
        rows,
        citizen: Citizen,
        kind: str,
        start: date,
        end: date | None,
        hours: int | None,
        by: User,
        max_hours: int | None,
        accommodations: list[str],
        languages: list[tuple[str, str]],
        place: bool,
    ) -> None:
        rng = self.rng
        placement = None
        opening_kind = {"nytteindsats": OpeningKind.NYTTEJOB}.get(kind, kind)
        if place and opening_kind in OpeningKind.values:
            found = self._find_opening(
                opening_kind,
                start,
                end,
                hours,
                max_hours,
                accommodations,
                languages,
                citizen.driving_licence,
            )
            if found:
                slot, hours = found
                kind = opening_kind
                status = Placement.Status.ACTIVE
                if rng.random() < 0.05 and (end is None or (end - start).days > 14):
                    end = start + timedelta(days=rng.randint(3, 14))
                    status = Placement.Status.CANCELLED
                elif end and end < self.today:
                    status = Placement.Status.ENDED
                placement = Placement(
                    opening=slot.opening,
                    start=start,
                    end=end,
                    status=status,
                    merbeskaeftigelse_note=(
                        "Merbeskæftigelse bekræftet: flere ansatte end gennemsnittet for de "
                        "seneste 12 måneder."
                        if kind == OpeningKind.LOENTILSKUD
                        else ""
                    ),
                    created_by=slot.consultant or by,
                )
                if status == Placement.Status.ACTIVE and start <= self.today:
                    slot.active_now += 1
                rows["placement"].append(placement)
        rows["intervention"].append(
            Intervention(
                citizen=citizen,
                kind=kind,
                placement=placement,
                start=start,
                end=end,
                hours_per_week=hours,
                company_based=kind in COMPANY_BASED_KINDS,
                note="" if placement else rng.choice(NOTES),
                created_by=by,
            )
        )

    def _interventions(
        self,
        rows,
        citizen: Citizen,
        course: Course,
        group: CitizenGroup,
        person: Person,
        by: User,
        max_hours: int | None,
        accommodations: list[str],
        languages: list[tuple[str, str]],
        index: int,
    ) -> None:
        rng = self.rng
        last_day = course.end or self.today
        for kind, probability, offset in self._intervention_plan(group, course.readiness):
            if rng.random() >= probability:
                continue
            start = course.start + timedelta(days=int(offset * (0.7 + 0.6 * rng.random())))
            if start > last_day:
                continue
            if kind == "company_offer":
                kind = weighted(
                    rng, (("virksomhedspraktik", 45), ("loentilskud", 35), ("nytteindsats", 20))
                )
            days = self._intervention_days(kind, group)
            end = start + timedelta(days=days) if days else None
            if course.end and (end is None or end > course.end):
                end = course.end
            hours = self._intervention_hours(kind, max_hours)
            place = kind in OpeningKind.values or kind == "nytteindsats"
            self._add_intervention(
                rows,
                citizen,
                kind,
                start,
                end,
                hours,
                by,
                max_hours,
                accommodations,
                languages,
                place and rng.random() < 0.7,
            )
        # Courses that ended in a job: some were hired through a registered opening.
        if (
            course.end
            and course.outcome in (Outcome.ORDINARY_JOB, Outcome.FLEKSJOB)
            and rng.random() < 0.15
        ):
            kind = (
                InterventionKind.ORDINAERT_JOB
                if course.outcome == Outcome.ORDINARY_JOB
                else InterventionKind.FLEKSJOB
            )
            self._add_intervention(
                rows,
                citizen,
                kind,
                course.end,
                None,
                self._intervention_hours(kind, max_hours),
                by,
                max_hours,
                accommodations,
                languages,
                True,
            )

    def _plans(
        self,
        rows,
        citizen: Citizen,
        course: Course,
        group: CitizenGroup,
        by: User,
        tracks: list[str],
        is_open: bool,
    ) -> None:
        rng = self.rng
        last_day = course.end or self.today
        n = 1 + (min(3, (last_day - course.start).days // 180) if is_open else 0)
        title = V.OCCUPATIONS[tracks[0]][2].lower() if tracks else "medarbejder"
        area = V.AREA_LABELS[V.OCCUPATIONS[tracks[0]][3]] if tracks else "servicefag"
        for i in range(n):
            day = min(course.start + timedelta(days=14 + i * 180 + rng.randint(0, 30)), last_day)
            rows["plan"].append(
                PlanRevision(
                    citizen=citizen,
                    job_goal=rng.choice(V.JOB_GOALS).format(title=title),
                    education_goal=(
                        rng.choice(V.EDUCATION_GOALS)
                        if group.profile in ("young", "integration") and rng.random() < 0.7
                        else ""
                    ),
                    steps=rng.choice(V.PLAN_STEPS).format(area=area),
                    created_by=by,
                    created_at=aware(day, hour=rng.randint(8, 15)),
                )
            )

    def _months_back(self, count: int) -> list[date]:
        months = []
        year, month = self.today.year, self.today.month
        for _ in range(count):
            months.append(date(year, month, 1))
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        return months

    def _paid_hours(
        self,
        rows,
        citizen: Citizen,
        person: Person,
        by: User,
        max_hours: int | None,
        accommodations: list[str],
        languages: list[tuple[str, str]],
    ) -> None:
        """Lønnede timer: ~40 hours a month at an employer, from some months back until now."""
        rng = self.rng
        months = self._months_back(rng.randint(3, 18))
        start = months[-1] + timedelta(days=rng.randint(0, 20))
        self._add_intervention(
            rows,
            citizen,
            InterventionKind.LOENNEDE_TIMER,
            start,
            None,
            self._intervention_hours(InterventionKind.LOENNEDE_TIMER, max_hours),
            by,
            max_hours,
            accommodations,
            languages,
            True,
        )
        wage = Decimal(rng.randint(130, 165))
        for month in months:
            hours = Decimal(max(28, min(55, round(rng.gauss(40, 6)))))
            rows["paid"].append(
                PaidHours(
                    citizen=citizen,
                    month=month,
                    hours=hours,
                    earnings=hours * wage,
                    under_frikort=False,
                )
            )

    def _frikort(self, rows, citizen: Citizen) -> None:
        """Socialt frikort: small tax-free earnings, kept under the yearly amount (41,280 DKK in
        2024); a few citizens come close to it."""
        rng = self.rng
        wage = Decimal(rng.randint(120, 150))
        near = rng.random() < 0.15
        for month in self._months_back(rng.randint(4, 20)):
            hours = Decimal(rng.randint(20, 22) if near else rng.randint(4, 18))
            rows["paid"].append(
                PaidHours(
                    citizen=citizen,
                    month=month,
                    hours=hours,
                    earnings=hours * wage,
                    under_frikort=True,
                )
            )

    # ---------------------------------------------------------------- the run
    def write_chunk(self, chunk_rows: list[dict[str, list]]) -> None:
        def collect(name: str) -> list:
            return [row for rows in chunk_rows for row in rows.get(name, ())]

        write = self.writer.write
        write(Citizen, collect("citizen"))
        # bulk_create set the primary keys; point the children at them.
        for name in ("language", "track", "course", "conversation", "plan", "paid"):
            for row in collect(name):
                row.citizen_id = row.citizen.pk
        write(CitizenLanguage, collect("language"))
        write(JobTrack, collect("track"))
        write(Course, collect("course"))
        changes = collect("change")
        for row in changes:
            row.course_id = row.course.pk
        write(CourseChange, changes)
        write(Conversation, collect("conversation"))
        write(PlanRevision, collect("plan"))
        write(PaidHours, collect("paid"))
        placements = collect("placement")
        for row in placements:
            row.opening_id = row.opening.pk
        write(Placement, placements)
        interventions = collect("intervention")
        for row in interventions:
            row.citizen_id = row.citizen.pk
            if row.placement is not None:
                row.placement_id = row.placement.pk
        write(Intervention, interventions)

    def finish_openings(self) -> None:
        """Statuses from the dates and the seats taken today."""
        by_status: dict[str, list[int]] = defaultdict(list)
        for slot in self.all_opening_slots:
            status = Opening.Status.OPEN
            if slot.end and slot.end < self.today:
                status = Opening.Status.CLOSED
            elif slot.active_now >= slot.seats:
                status = Opening.Status.FILLED
            elif slot.kind == OpeningKind.ORDINAERT_JOB and slot.start < self.today - timedelta(
                days=150
            ):
                status = Opening.Status.CLOSED
            if status != Opening.Status.OPEN:
                by_status[status].append(slot.opening.pk)
        for status, ids in by_status.items():
            for i in range(0, len(ids), BATCH_SIZE):
                Opening.objects.filter(pk__in=ids[i : i + BATCH_SIZE]).update(status=status)

    def run(self) -> SeedResult:
        started = time.monotonic()
        with disable_auditlog(), transaction.atomic():
            sync_roles()
            teams = self.make_teams()
            self.team_ids = {slug: team.pk for slug, team in teams.items()}
            self.make_occupations()
            people = self.make_people()
            team_sizes = Counter(p.team_slug for p in people if p.current)
            caseworkers, consultants = self.make_users(teams, team_sizes)
            self.log(
                f"staff: {sum(map(len, caseworkers.values()))} caseworkers, "
                f"{len(consultants)} consultants"
            )
            self.make_employers(consultants)
            self.make_contacts(consultants)
            marker = DemoSeed.objects.create(seed=self.seed, scale=self.scale, seeded_on=self.today)

            counters: Counter = Counter()
            citizen_ids: list[int] = []
            for offset in range(0, len(people), CHUNK_CITIZENS):
                chunk = [
                    self.build_citizen(person, caseworkers, counters)
                    for person in people[offset : offset + CHUNK_CITIZENS]
                ]
                self.write_chunk(chunk)
                citizen_ids += [rows["citizen"][0].pk for rows in chunk]
                self.log(f"citizens: {min(offset + CHUNK_CITIZENS, len(people))}/{len(people)}")

            # Point every citizen at their open course (one UPDATE instead of one per row).
            if citizen_ids:
                open_course = Course.objects.filter(citizen=OuterRef("pk"), end__isnull=True)
                Citizen.objects.filter(pk__gte=min(citizen_ids), pk__lte=max(citizen_ids)).update(
                    current_course=Subquery(open_course.values("pk")[:1])
                )
            self.finish_openings()

            employer_ids = [e.pk for e in self.employers]
            marker.citizen_id_min = min(citizen_ids, default=None)
            marker.citizen_id_max = max(citizen_ids, default=None)
            marker.employer_id_min = min(employer_ids, default=None)
            marker.employer_id_max = max(employer_ids, default=None)
            counts = {label.split(".")[1]: n for label, n in sorted(self.writer.counts.items())}
            marker.counts = {**counts, "segments": dict(sorted(self.segment_counts.items()))}
            marker.seconds = round(time.monotonic() - started, 2)
            marker.save()
        return SeedResult(
            counts=counts,
            segments=dict(sorted(self.segment_counts.items())),
            seconds=marker.seconds,
            marker=marker,
        )


def demo_seed(
    *, seed: int, scale: float, today: date, log: Callable[[str], None] | None = None
) -> SeedResult:
    """Write a demo data set. The caller checks first that none is present (demo_seed_present)."""
    return DemoSeeder(seed=seed, scale=scale, today=today, log=log).run()


def _raw_delete(queryset: models.QuerySet) -> int:
    # One DELETE statement, no per-row signals: nothing reaches the change log. The database still
    # checks foreign keys, so rows that others made point at demo rows stop the reset.
    return queryset._raw_delete(queryset.db)


@transaction.atomic
def demo_reset() -> dict[str, int]:
    """Delete the rows of every recorded demo seed. Staff users and teams are kept (the access
    and change logs point at them and can never be deleted); the next seed reuses them."""
    deleted: Counter = Counter()
    with disable_auditlog():
        for marker in DemoSeed.objects.all():
            if marker.citizen_id_min is not None:
                citizens = Citizen.objects.filter(
                    pk__gte=marker.citizen_id_min, pk__lte=marker.citizen_id_max
                )
                citizens.update(current_course=None)
                ids = citizens.values("pk")
                interventions = Intervention.objects.filter(citizen__in=ids)
                placement_ids = list(
                    interventions.exclude(placement=None).values_list("placement_id", flat=True)
                )
                deleted["intervention"] += _raw_delete(interventions)
                for i in range(0, len(placement_ids), BATCH_SIZE):
                    deleted["placement"] += _raw_delete(
                        Placement.objects.filter(pk__in=placement_ids[i : i + BATCH_SIZE])
                    )
                deleted["coursechange"] += _raw_delete(
                    CourseChange.objects.filter(course__citizen__in=ids)
                )
                for model in (
                    Course,
                    Conversation,
                    PlanRevision,
                    JobTrack,
                    CitizenLanguage,
                    PaidHours,
                ):
                    deleted[model._meta.model_name] += _raw_delete(
                        model.objects.filter(citizen__in=ids)
                    )
                deleted["citizen"] += _raw_delete(citizens)
            if marker.employer_id_min is not None:
                employer_range = Employer.objects.filter(
                    pk__gte=marker.employer_id_min, pk__lte=marker.employer_id_max
                )
                employers = employer_range.values("pk")
                deleted["employercontact"] += _raw_delete(
                    EmployerContact.objects.filter(employer__in=employers)
                )
                deleted["placement"] += _raw_delete(
                    Placement.objects.filter(opening__workplace__employer__in=employers)
                )
                deleted["opening"] += _raw_delete(
                    Opening.objects.filter(workplace__employer__in=employers)
                )
                deleted["workplace"] += _raw_delete(
                    Workplace.objects.filter(employer__in=employers)
                )
                deleted["employer"] += _raw_delete(employer_range)
            marker.delete()
    return dict(deleted)
