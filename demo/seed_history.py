"""The history inside each demo course: course changes, conversations and interventions (placed
in the employers' openings within seats and the rimelighedskrav)."""

from datetime import date, timedelta

from citizens.models import (
    COMPANY_BASED_KINDS,
    Benefit,
    Citizen,
    Conversation,
    Course,
    CourseChange,
    Intervention,
    InterventionKind,
    Outcome,
    Readiness,
)
from core.choices import OpeningKind
from core.models import User
from employers.models import Placement

from . import vocabulary as V
from .population import (
    BENEFIT_REFORM,
    FAR_FUTURE,
    JOBAFKLARING_REASON,
    NOTES,
    REFORM_REASON,
    SUPPORTED_KINDS,
    CitizenGroup,
    OpeningSlot,
    Person,
    weighted,
)

# Share of conversations held late: the first one (after week 8 for the sick) and follow-ups, so the
# deadline alerts and indicators have something real to show.
LATE_SHARE = 0.12
MENTOR_RENEWED = ("kh_aktivitetsparat", "ressourceforloeb")


class HistorySeeding:
    """Mixin of DemoSeeder (it holds rng, today and the opening slots)."""

    def _course_changes(
        self, rows, course: Course, group: CitizenGroup, by: User, since: date
    ) -> None:
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
            day = min(since + timedelta(weeks=rng.randint(22, 30)), last_day)
            if day >= course.start:  # else on jobafklaring already when the data begin
                change(
                    day, "benefit", Benefit.SYGEDAGPENGE, Benefit.JOBAFKLARING, JOBAFKLARING_REASON
                )
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
        self,
        rows,
        citizen: Citizen,
        course: Course,
        group: CitizenGroup,
        by: User,
        since: date,
        anchor: date | None = None,
    ) -> None:
        """Conversations from the course's real start `since` (written from the data start). On
        sygedagpenge the first one is counted from the first absence day `anchor` (the deadline
        of citizens.rules.sick_pay: before the end of week 8), and held after the start."""
        rng = self.rng
        last_day = min(course.end or self.today, self.today)
        span = (last_day - since).days
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
        most = 20 if key in ("sygedagpenge", "jobafklaring") else 12
        stretch = max(1.0, span / (most * interval[0]))  # at most ~`most` per course
        late = (first[1] + 2, first[1] + 30)
        base = since
        if anchor is not None:  # sick pay: the weeks count from the first absence day
            # on time: after the start and by day 52 (due day 55 moves earlier on a weekend)
            base = anchor
            first = (max(first[0], (since - anchor).days + 3), 52)
        if rng.random() < LATE_SHARE:  # the first conversation late (after week 8 for the sick)
            first = late
        day = base + timedelta(days=rng.randint(*first))
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
            held = rows["conversation"] if day >= course.start else []
            held.append(
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
            if rng.random() < LATE_SHARE:  # now and then a conversation is held late
                day += timedelta(days=rng.randint(7, 45))

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
        # Hired into a job (no end): the opening must be advertised on the first day.
        hire = end is None and kind in (OpeningKind.ORDINAERT_JOB, OpeningKind.FLEKSJOB)
        spoken = {code for code, _ in languages}
        needs = set(accommodations)
        stop = end or FAR_FUTURE
        for _ in range(12):
            slot = rng.choice(candidates)
            if slot.start > start or (slot.end and slot.end < stop and not hire):
                continue
            if hire and slot.end and slot.end < start:
                continue  # a hire falls while the job is advertised
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
        since: date,
    ) -> None:
        rng = self.rng
        last_day = course.end or self.today
        for kind, probability, offset in self._intervention_plan(group, course.readiness):
            if rng.random() >= probability:
                continue
            start = since + timedelta(days=int(offset * (0.7 + 0.6 * rng.random())))
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
            periods = [(start, end)]
            # Seed 002: everyone in the long-term group has a mentor, so mentor support is renewed
            # through a long course (not only at its start).
            while kind == "mentor" and group.key in MENTOR_RENEWED and end is not None:
                start = end + timedelta(days=rng.randint(1, 45))
                if start > last_day or rng.random() >= 0.8:
                    break
                end = start + timedelta(days=self._intervention_days(kind, group, "") - 1)
                if course.end and end > course.end:
                    end = course.end
                periods.append((start, end))
            for index, (start, end) in enumerate(periods):
                if end is not None and end < course.start:
                    continue  # over before the data start
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
                    index == 0 and place and rng.random() < 0.7,
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
