"""The employers' side of the demo data: companies, workplaces, openings and contacts."""

from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta

from core.choices import OpeningKind
from core.models import User
from employers.models import Dispensation, Employer, EmployerContact, Opening, Workplace

from . import vocabulary as V
from .identifiers import make_cvr, make_p_number
from .population import (
    ACCOMMODATION_WEIGHTS,
    BATCH_SIZE,
    EMPLOYERS_PER_SCALE,
    OPENING_KIND_WEIGHTS,
    PUBLIC_SHARE,
    OpeningSlot,
    WorkplaceSlot,
    aware,
    rimelighed_capacity,
    scaled,
    weighted,
)


class EmployerSeeding:
    """Mixin of DemoSeeder (it holds rng, today, writer, occupations and the used numbers)."""

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
                created_at=aware(self.today - timedelta(days=6 * 365)),
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
                # Not a model field: the total the unit may hold under its registered
                # dispensation (written as a Dispensation row once the workplace is saved).
                place.demo_dispensation_total = dispensation or 0
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
                # Most companies were in the register long before the demo's three years of
                # history; some joined during them.
                created_at=aware(
                    self.today
                    - timedelta(
                        days=weighted(rng, ((2400, 80), (700, 10), (300, 10))) + rng.randint(0, 180)
                    )
                ),
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
        self.writer.write(
            Dispensation,
            [
                Dispensation(
                    workplace=place,
                    granted_by=Dispensation.GrantedBy.RAR,
                    reference=f"RAR Hovedstaden, j.nr. {self.window_start:%Y}-{place.pk:05d}",
                    valid_from=self.window_start,
                    kinds=[OpeningKind.NYTTEJOB.value],
                    extra_seats=max(
                        place.demo_dispensation_total
                        - rimelighed_capacity(place.ordinary_employees, on=self.window_start),
                        1,
                    ),
                    note="Administrativ enhed for nyttejob (bek. 1178/2019 § 12).",
                )
                for place, _, _ in workplaces
                if getattr(place, "demo_dispensation_total", 0)
            ],
        )
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
        capacities: dict[int, int] = {}

        def capacity(employees: int) -> int:
            if employees not in capacities:
                capacities[employees] = rimelighed_capacity(employees, on=self.today)
            return capacities[employees]

        for place, employer, occupations in workplaces:
            dispensation_total = getattr(place, "demo_dispensation_total", 0)
            is_servicekorps = bool(dispensation_total)
            key = place.pk
            self.workplace_slots[key] = WorkplaceSlot(
                capacity=(
                    capacity(place.ordinary_employees)
                    + max(dispensation_total - capacity(place.ordinary_employees), 1)
                    if is_servicekorps
                    else capacity(place.ordinary_employees)
                )
            )
            n = weighted(rng, ((0, 30), (1, 40), (2, 20), (3, 7), (4, 3)))
            if is_servicekorps:
                n = 3
            # Openings come and go at a steady pace over the whole history: an eighth start in the
            # last half year (those open today), the rest spread evenly over the years before.
            for i in range(n * 4):
                if is_servicekorps and i >= n:
                    break
                kind = weighted(rng, OPENING_KIND_WEIGHTS)
                if is_servicekorps:  # its dispensation (RAR) covers nyttejob only
                    kind = OpeningKind.NYTTEJOB
                if kind == OpeningKind.NYTTEJOB and not employer.public:
                    kind = OpeningKind.VIRKSOMHEDSPRAKTIK
                code = rng.choice(occupations)
                hours_min, hours_max = self._opening_hours(kind)
                if rng.random() < 1 / 8:
                    start = self._day_between(
                        self.today - timedelta(days=180), self.today + timedelta(days=60)
                    )
                else:
                    start = self._day_between(
                        self.window_start - timedelta(days=365), self.today - timedelta(days=180)
                    )
                if kind == OpeningKind.ORDINAERT_JOB:
                    # A job advertised more than five months ago has been filled since.
                    old = start < self.today - timedelta(days=150)
                    end = start + timedelta(days=rng.randint(30, 150)) if old else None
                else:
                    end = start + timedelta(days=rng.randint(180, 730))
                seats = (
                    1
                    if kind == OpeningKind.ORDINAERT_JOB
                    else weighted(rng, ((1, 60), (2, 25), (3, 10), (5, 5)))
                )
                if is_servicekorps and kind == OpeningKind.NYTTEJOB:
                    seats, end = dispensation_total, None
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
                # From a year before the data start: a full 12-month samarbejdsgrad window.
                day = self._day_between(self.window_start - timedelta(days=365), self.today)
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
