"""The citizens' side of the demo data: each person's rows (name, address, languages, job
tracks, courses, plans, paid hours and frikort); the courses come from demo.flows, the history
inside them from demo.seed_history."""

from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal

from citizens.models import (
    Benefit,
    Citizen,
    CitizenLanguage,
    Course,
    InterventionKind,
    JobTrack,
    PaidHours,
    PlanRevision,
)
from core.identifiers import cpr_birth_date, cpr_gender
from core.models import User

from . import vocabulary as V
from .population import (
    ACCOMMODATION_SHARE,
    ACCOMMODATION_WEIGHTS,
    BENEFIT_REFORM,
    DEMO_USERS,
    MAX_HOURS,
    CitizenGroup,
    Person,
    age_on,
    aware,
    weighted,
)


class CitizenSeeding:
    """Mixin of DemoSeeder (it holds rng, today, writer, occupations and the opening slots)."""

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

        # Courses (demo.flows): the open one of a current citizen first, then earlier ones.
        courses = [
            (spell.group, spell.start, spell.end, spell.readiness, spell.outcome, spell.flags)
            for spell in person.spells
        ]

        if person.current:
            segment, team_slug = person.segment, person.team_slug
            team_caseworkers = caseworkers[team_slug]
            caseworker = team_caseworkers[counters[team_slug] % len(team_caseworkers)]
            counters[team_slug] += 1
        else:
            segment = ""
            team_slug = person.team_slug  # the team of their last course
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

        self._dimittend(citizen, person)
        colleagues = team_caseworkers
        for index, (course_group, start, end, readiness, outcome, flags) in enumerate(courses):
            # The history inside the course runs from its real start, also when that was before
            # the data start (then only what falls inside the data is written).
            since = min(start, person.spells[index].since or start)
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
            anchor = self._sick_pay(course, since)
            rows["course"].append(course)
            self._course_changes(rows, course, course_group, held_by, since)
            self._conversations(rows, citizen, course, course_group, held_by, since, anchor)
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
                since,
            )
            self._plans(rows, citizen, course, course_group, held_by, tracks, since)
            if is_open:
                flags = person.flags
            if "paid_hours" in flags:
                self._paid_hours(
                    rows, citizen, course, held_by, max_hours, accommodations, languages
                )
            if "frikort" in flags:
                self._frikort(rows, citizen, course)
        return rows

    def _plans(
        self,
        rows,
        citizen: Citizen,
        course: Course,
        group: CitizenGroup,
        by: User,
        tracks: list[str],
        since: date,
    ) -> None:
        """A plan at the start of the course and a revision about every half year."""
        rng = self.rng
        last_day = course.end or self.today
        n = 1 + (last_day - since).days // 180
        title = V.OCCUPATIONS[tracks[0]][2].lower() if tracks else "medarbejder"
        area = V.AREA_LABELS[V.OCCUPATIONS[tracks[0]][3]] if tracks else "servicefag"
        for i in range(n):
            day = min(since + timedelta(days=14 + i * 180 + rng.randint(0, 30)), last_day)
            if day < course.start and i < n - 1:
                continue  # before the data start (the latest plan is always kept)
            day = max(day, course.start)
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

    def _months_back(self, count: int, course: Course) -> list[date]:
        """The first days of up to `count` months, latest first, back from the course's last
        month (this month for an open course) and not before the month it started."""
        months = []
        last = course.end or self.today
        year, month = last.year, last.month
        first = date(course.start.year, course.start.month, 1)
        for _ in range(count):
            if date(year, month, 1) < first:
                break
            months.append(date(year, month, 1))
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        return months

    def _paid_hours(
        self,
        rows,
        citizen: Citizen,
        course: Course,
        by: User,
        max_hours: int | None,
        accommodations: list[str],
        languages: list[tuple[str, str]],
    ) -> None:
        """Lønnede timer: ~40 hours a month at an employer, the last months of the course (until
        now for an open one)."""
        rng = self.rng
        months = self._months_back(rng.randint(3, 18), course)
        start = max(course.start, months[-1] + timedelta(days=rng.randint(0, 20)))
        if course.end is not None and start > course.end:
            start = course.end
        self._add_intervention(
            rows,
            citizen,
            InterventionKind.LOENNEDE_TIMER,
            start,
            course.end,
            self._intervention_hours(InterventionKind.LOENNEDE_TIMER, max_hours),
            by,
            max_hours,
            accommodations,
            languages,
            True,
        )
        wage = Decimal(rng.randint(130, 165))
        taken = _paid_months(rows)
        for month in months:
            hours = Decimal(max(28, min(55, round(rng.gauss(40, 6)))))
            if month in taken:
                continue  # an earlier course's last month (one row a month)
            rows["paid"].append(
                PaidHours(
                    citizen=citizen,
                    month=month,
                    hours=hours,
                    earnings=hours * wage,
                    under_frikort=False,
                )
            )

    def _frikort(self, rows, citizen: Citizen, course: Course) -> None:
        """Socialt frikort: small tax-free earnings, kept under the yearly amount (41,280 DKK in
        2024); a few citizens come close to it."""
        rng = self.rng
        wage = Decimal(rng.randint(120, 150))
        near = rng.random() < 0.15
        taken = _paid_months(rows)
        for month in self._months_back(rng.randint(4, 20), course):
            hours = Decimal(rng.randint(20, 22) if near else rng.randint(4, 18))
            if month in taken:
                continue  # an earlier course's last month (one row a month)
            rows["paid"].append(
                PaidHours(
                    citizen=citizen,
                    month=month,
                    hours=hours,
                    earnings=hours * wage,
                    under_frikort=True,
                )
            )


def _paid_months(rows) -> set[date]:
    """The months the citizen already has paid hours for: two courses can share a month (one
    ends, the next starts), and PaidHours holds one row per citizen and month."""
    return {paid.month for paid in rows["paid"]}
