"""Generate Ballerup-sized demo data: staff, employers and three years of citizens' history
(after a lead-in year, see demo.flows).

Deterministic: one `random.Random(seed)` drives everything, and the dates are relative to `today`,
so the same seed, scale and day give the same rows. Fast: rows are built in memory and written
in batches (demo.population.Writer: COPY on PostgreSQL, bulk_create elsewhere); there is no
per-row save() or query. Neither writes change-log rows (auditlog listens to save/delete
signals), which is what a seed wants; the whole run is also wrapped in `disable_auditlog()`.

The numbers at scale 1 come from the seeds (see docs/domain.md): ~600 forsikrede ledige, 150-170
jobparate on kontanthjælp, ~900 on sygedagpenge/jobafklaring (80/20), ~300 under 30, a few hundred
in the integration programme, 40-45 with paid hours, 55 with a socialt frikort, a few hundred
employers. These are stocks; demo.flows turns each into a steady stream of courses (about 450
sick-pay courses close a quarter), so the quarterly indicators are steady too
(`manage.py demo_series` prints them).
"""

import logging
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date, timedelta

from auditlog.context import disable_auditlog
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, models, transaction

from citizens.models import (
    Citizen,
    CitizenLanguage,
    Conversation,
    Course,
    CourseChange,
    Intervention,
    JobTrack,
    PaidHours,
    PlanRevision,
)
from core.choices import OpeningKind
from core.models import Occupation, Team, User
from core.roles import CASEWORKER, CONSULTANT, MANAGER, sync_roles
from employers.models import Employer, EmployerContact, Opening, Placement, Workplace
from grid.models import (
    CandidateRequest,
    CandidateRequestAnswer,
    GridState,
    Match,
    MatchRun,
    MatchRunShard,
    OpeningCandidate,
    RunPlan,
)

from . import vocabulary as V
from .flows import FlowSeeding
from .models import DemoSeed
from .population import (
    BATCH_SIZE,
    CASELOAD,
    CHUNK_CITIZENS,
    CONSULTANTS_PER_SCALE,
    DEMO_USERS,
    HISTORY_DAYS,
    LEAD_DAYS,
    TEAMS,
    OpeningSlot,
    SeedResult,
    WorkplaceSlot,
    Writer,
)
from .seed_citizens import CitizenSeeding
from .seed_employers import EmployerSeeding
from .seed_history import HistorySeeding
from .seed_sick_pay import SickPaySeeding

logger = logging.getLogger(__name__)


def demo_seed_present() -> DemoSeed | None:
    return DemoSeed.objects.order_by("-id").first()


class DemoSeeder(EmployerSeeding, FlowSeeding, CitizenSeeding, HistorySeeding, SickPaySeeding):
    """One seeding run: staff, occupations, employers (seed_employers), the courses (flows), then
    citizens in chunks (seed_citizens, seed_history), all in one transaction. Use `demo_seed`, not
    this class directly."""

    def __init__(
        self, *, seed: int, scale: float, today: date, log: Callable[[str], None] | None = None
    ) -> None:
        if scale <= 0:
            raise ValueError("scale must be positive")
        self.seed = seed
        self.scale = scale
        self.today = today
        # The data begin a lead-in year before the three years of history (population.LEAD_DAYS).
        self.data_start = today - timedelta(days=HISTORY_DAYS + LEAD_DAYS)
        self.window_start = self.data_start
        self.rng = random.Random(seed)  # noqa: S311  # demo data, not secrets  # nosec B311
        # The sick-pay details (seed_sick_pay) have their own stream: the rest stays as it was.
        self.sick_rng = random.Random(f"{seed}:sick-pay")  # noqa: S311  # demo data  # nosec B311
        self.log = log or logger.info
        self.writer = Writer()
        self.used_cprs: set[str] = {c.cpr for c in Citizen.objects.only("cpr_encrypted")}
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
        rng = random.Random(f"{self.seed}:{username}")  # noqa: S311  # demo data  # nosec B311
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
        for username, role, slug in wanted:
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
                    # Managers edit the rule table in the admin; their permissions stay the
                    # leder group's (is_staff only opens the admin's door).
                    is_staff=role == MANAGER,
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
        courses = write(Course, collect("course"))
        self.set_current_courses([(c.citizen_id, c.pk) for c in courses if c.end is None])
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

    def set_current_courses(self, pairs: list[tuple[int, int]]) -> None:
        """Point each citizen at their open course: one UPDATE ... FROM (VALUES ...) per batch
        (PostgreSQL and SQLite 3.33+) instead of one query per citizen, and without a correlated
        subquery, which PostgreSQL plans badly on tables filled in the same transaction."""
        table = connection.ops.quote_name(Citizen._meta.db_table)
        for i in range(0, len(pairs), BATCH_SIZE):
            batch = pairs[i : i + BATCH_SIZE]
            values = ", ".join(["(%s, %s)"] * len(batch))
            sql = (
                f"UPDATE {table} SET current_course_id = v.column2 "  # noqa: S608  # no input  # nosec B608
                f"FROM (VALUES {values}) AS v WHERE {table}.id = v.column1"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [number for pair in batch for number in pair])

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
    # checks foreign keys, so a row outside the demo data that points at a demo row stops the
    # reset (and the transaction rolls back).
    return queryset._raw_delete(queryset.db)


def _delete_dependants(
    model: type[models.Model], ids: models.QuerySet, handled: tuple, deleted: Counter
) -> None:
    """Delete rows of models this module does not know (alerts, transfers, matches…) that point
    at the demo rows `ids` of `model`; the known ones are deleted in order by the caller."""
    for relation in model._meta.related_objects:
        related = relation.related_model
        if relation.many_to_many or related is model or related in handled:
            continue
        rows = related._base_manager.filter(**{f"{relation.field.name}__in": ids})
        deleted[related._meta.model_name] += _raw_delete(rows)


def _delete_grid_results(deleted: Counter) -> None:
    """The GRID's runs are computed from the case data (the demo's first run makes one): they go
    with it, and so do the candidate requests on demo companies' openings. Their keys to citizens
    and openings are hidden (related_name "+", some without a database constraint), so the
    generic walk over the demo rows' dependants does not see them."""
    GridState.objects.update(current_run=None)
    for model in (Match, OpeningCandidate, MatchRunShard, RunPlan, MatchRun):
        deleted[model._meta.model_name] += _raw_delete(model.objects.all())
    demo_employers = models.Q(pk__in=[])
    for marker in DemoSeed.objects.exclude(employer_id_min=None):
        demo_employers |= models.Q(pk__gte=marker.employer_id_min, pk__lte=marker.employer_id_max)
    demo_openings = Opening.objects.filter(
        workplace__employer__in=Employer.objects.filter(demo_employers)
    )
    requests = CandidateRequest.objects.filter(opening__in=demo_openings)
    deleted["candidaterequestanswer"] += _raw_delete(
        CandidateRequestAnswer.objects.filter(request__in=requests)
    )
    deleted["candidaterequest"] += _raw_delete(requests)


@transaction.atomic
def demo_reset() -> dict[str, int]:
    """Delete the rows of every recorded demo seed. Staff users and teams are kept (the access
    and change logs point at them and can never be deleted); the next seed reuses them."""
    deleted: Counter = Counter()
    if DemoSeed.objects.exists():
        _delete_grid_results(deleted)
    citizen_children = (Course, Conversation, PlanRevision, JobTrack, CitizenLanguage, PaidHours)
    with disable_auditlog():
        for marker in DemoSeed.objects.all():
            if marker.citizen_id_min is not None:
                citizens = Citizen.objects.filter(
                    pk__gte=marker.citizen_id_min, pk__lte=marker.citizen_id_max
                )
                citizens.update(current_course=None)
                ids = citizens.values("pk")
                _delete_dependants(Citizen, ids, (*citizen_children, Intervention), deleted)
                courses = Course.objects.filter(citizen__in=ids).values("pk")
                _delete_dependants(Course, courses, (Citizen, CourseChange), deleted)
                interventions = Intervention.objects.filter(citizen__in=ids)
                placement_ids = list(
                    interventions.exclude(placement=None).values_list("placement_id", flat=True)
                )
                _delete_dependants(Intervention, interventions.values("pk"), (), deleted)
                deleted["intervention"] += _raw_delete(interventions)
                for i in range(0, len(placement_ids), BATCH_SIZE):
                    deleted["placement"] += _raw_delete(
                        Placement.objects.filter(pk__in=placement_ids[i : i + BATCH_SIZE])
                    )
                deleted["coursechange"] += _raw_delete(
                    CourseChange.objects.filter(course__citizen__in=ids)
                )
                for model in citizen_children:
                    deleted[model._meta.model_name] += _raw_delete(
                        model.objects.filter(citizen__in=ids)
                    )
                deleted["citizen"] += _raw_delete(citizens)
            if marker.employer_id_min is not None:
                employer_range = Employer.objects.filter(
                    pk__gte=marker.employer_id_min, pk__lte=marker.employer_id_max
                )
                employers = employer_range.values("pk")
                openings = Opening.objects.filter(workplace__employer__in=employers)
                placements = Placement.objects.filter(opening__in=openings.values("pk"))
                _delete_dependants(Placement, placements.values("pk"), (Intervention,), deleted)
                _delete_dependants(
                    Opening, openings.values("pk"), (Placement, EmployerContact), deleted
                )
                deleted["employercontact"] += _raw_delete(
                    EmployerContact.objects.filter(employer__in=employers)
                )
                deleted["placement"] += _raw_delete(placements)
                deleted["opening"] += _raw_delete(openings)
                workplaces = Workplace.objects.filter(employer__in=employers)
                _delete_dependants(Workplace, workplaces.values("pk"), (Opening,), deleted)
                deleted["workplace"] += _raw_delete(workplaces)
                _delete_dependants(Employer, employers, (Workplace, EmployerContact), deleted)
                deleted["employer"] += _raw_delete(employer_range)
            marker.delete()
    return dict(deleted)
