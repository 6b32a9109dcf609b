"""The citizens' side of the demo data: people, courses and three years of history."""

from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal

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
from citizens.segments import derive_segment
from core.choices import OpeningKind
from core.identifiers import cpr_birth_date, cpr_gender, validate_cpr
from core.models import User
from employers.models import Placement

from . import vocabulary as V
from .identifiers import make_cpr
from .population import (
    ACCOMMODATION_SHARE,
    ACCOMMODATION_WEIGHTS,
    BENEFIT_REFORM,
    DEMO_USERS,
    FAR_FUTURE,
    FORMER_PER_SCALE,
    FRIKORT_PER_SCALE,
    GROUPS,
    HISTORY_DAYS,
    JOBAFKLARING_REASON,
    MAX_HOURS,
    NOTES,
    PAID_HOURS_PER_SCALE,
    REFORM_REASON,
    SUPPORTED_KINDS,
    TEAMS,
    WEAK_GROUPS,
    CitizenGroup,
    OpeningSlot,
    Person,
    age_on,
    aware,
    scaled,
    weighted,
)


class CitizenSeeding:
    """Mixin of DemoSeeder (it holds rng, today, writer, occupations and the opening slots)."""

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
        revisitable = course.benefit in (Benefit.KONTANTHJAELP, Benefit.UDDANNELSESHJAELP)
        if revisitable and course.readiness in readiness_changes:
            old, share = readiness_changes[course.readiness]
            if group.key == "unge" and course.readiness == Readiness.AKTIVITETSPARAT:
                old = Readiness.UDDANNELSESPARAT
            if rng.random() < share and (last_day - course.start).days > 60:
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

    def _intervention_days(self, kind: str, group: CitizenGroup, readiness: str) -> int | None:
        rng = self.rng
        if kind == InterventionKind.VIRKSOMHEDSPRAKTIK:
            # LAB § 61: 4 weeks for the job-ready and education-ready, else 13.
            if group.key in ("dagpenge", "kh_jobparat", "unge") or readiness in (
                "jobparat",
                "uddannelsesparat",
                "aabenlyst_uddannelsesparat",
            ):
                return 28
            # 13 weeks; the 26-week extension is not recorded on an intervention, so not used.
            return weighted(rng, ((91, 80), (56, 20)))
        if kind == InterventionKind.LOENTILSKUD:
            # LAB § 68: 4 months at a public employer for dagpenge and the job- and education-
            # ready (6 at a private one), 6 for the activity-ready
            # (citizens.rules.intervention_max).
            job_ready = group.key in ("dagpenge", "kh_jobparat") or readiness in (
                "jobparat",
                "uddannelsesparat",
                "aabenlyst_uddannelsesparat",
            )
            months = 4 if job_ready else 6
            return rng.randint(60, months * 30)
        if kind in (InterventionKind.NYTTEJOB, InterventionKind.NYTTEINDSATS):
            return rng.randint(28, 91)  # at most 13 weeks
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
            days = self._intervention_days(kind, group, course.readiness)
            # A period of N days ends on day N (inclusive): start + N - 1.
            end = start + timedelta(days=days - 1) if days else None
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
