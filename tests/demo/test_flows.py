"""The demo data's flows at scale 1 behave like Ballerup's: steady stocks fed by a realistic inflow
and outflow, long tails, frikort at all ages, and conversations that are sometimes late.

One seeding at scale 1 (fixed seed and day) for the whole module, rolled back at the end."""

from collections import Counter
from datetime import date, timedelta
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Prefetch

from citizens.alerts import RuleBook
from citizens.models import Alert, Benefit, Citizen, Conversation, Course, PaidHours
from citizens.rules.sick_pay import SICK_RULE_KEYS, sick_follow_up
from citizens.segments import Segment
from core.models import User
from demo.population import HISTORY_DAYS
from demo.series import SICK, flow_series
from employers.models import Dispensation, Employer
from strategy.periods import Period

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 1)
HISTORY_START = TODAY - timedelta(days=HISTORY_DAYS)


@pytest.fixture(scope="module", autouse=True)
def ballerup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command(
            "seed_demo",
            scale=1,
            seed=2750,
            today=TODAY,
            no_alerts=True,
            no_first_run=True,
            stdout=StringIO(),
        )
        yield
        transaction.set_rollback(True)


def full_quarters() -> tuple[date, date]:
    """The whole quarters of the three years of history (not the lead-in year, not today's)."""
    first = Period.quarter_of(HISTORY_START).shifted(1).start
    last = Period.quarter_of(TODAY).start - timedelta(days=1)
    return first, last


def test_about_450_sick_pay_courses_close_every_quarter_and_the_stock_stays_near_900():
    rows = flow_series(*full_quarters(), SICK)
    assert len(rows) >= 11
    for label, started, closed, stock in rows:
        assert 380 <= closed <= 560, label
        assert 380 <= started <= 560, label
        assert 820 <= stock <= 1000, label


def test_every_benefit_stock_is_steady_over_the_history():
    today = Course.objects.filter(end=None).count()
    for label, _started, _closed, stock in flow_series(*full_quarters(), Benefit.values):
        assert abs(stock - today) <= 0.1 * today, label


def test_some_aktivitetsparate_have_been_on_benefit_for_more_than_three_years():
    current = Course.objects.filter(
        end=None, benefit="kontanthjaelp", readiness="aktivitetsparat", integration_programme=False
    )
    long = current.filter(start__lt=TODAY - timedelta(days=3 * 365)).count()
    assert 0.05 <= long / current.count() <= 0.3


def test_frikort_holders_are_of_all_ages():
    month = date(TODAY.year, TODAY.month, 1)
    holders = Citizen.objects.filter(paid_hours__month=month, paid_hours__under_frikort=True)
    bands = Counter(
        "under 30" if age < 30 else "30-49" if age < 50 else "50+"
        for age in (citizen.age_on(TODAY) for citizen in holders.distinct())
    )
    total = sum(bands.values())
    assert 50 <= total <= 65
    for band in ("under 30", "30-49", "50+"):
        assert bands[band] >= 0.15 * total, bands


def test_some_first_sickness_conversations_are_late_but_most_on_time():
    """Of the sick-pay courses of the three years that lasted at least 10 weeks, some had their
    first sickness conversation after week 8 counted from the first absence day (the deadline of
    citizens.rules.sick_pay), most before."""
    first_held: dict[int, list[date]] = {}
    for citizen_id, day in Conversation.objects.filter(kind="sygeopfoelgning").values_list(
        "citizen_id", "date"
    ):
        first_held.setdefault(citizen_id, []).append(day)
    late = on_time = 0
    courses = Course.objects.filter(benefit="sygedagpenge", start__gte=HISTORY_START)
    for course in courses.values("citizen_id", "start", "end", "first_absence_day"):
        last = course["end"] or TODAY
        if (last - course["start"]).days < 10 * 7:
            continue
        held = [d for d in first_held.get(course["citizen_id"], []) if course["start"] <= d <= last]
        if not held:
            continue
        if (min(held) - course["first_absence_day"]).days >= 8 * 7:
            late += 1
        else:
            on_time += 1
    assert on_time > 1000
    assert 0.05 <= late / (late + on_time) <= 0.3


def test_the_first_sickness_conversation_is_overdue_for_a_few_open_courses_not_a_flood():
    courses = Course.objects.filter(benefit=Benefit.SYGEDAGPENGE, end=None)
    citizens = Citizen.objects.filter(current_course__in=courses).prefetch_related(
        Prefetch("conversations", queryset=Conversation.objects.order_by("date")),
        "current_course__changes",
    )
    rules = RuleBook(SICK_RULE_KEYS)
    codes = Counter()
    for citizen in citizens:
        deadline = sick_follow_up(citizen, citizen.current_course, today=TODAY, rules=rules)
        if deadline is not None:
            codes[deadline.code, deadline.due < TODAY] += 1
    first_overdue = codes[Alert.Code.SICK_FIRST_CONVERSATION, True]
    first_ahead = codes[Alert.Code.SICK_FIRST_CONVERSATION, False]
    assert 1 <= first_overdue <= 0.05 * courses.count()
    assert first_ahead > first_overdue


def test_some_follow_up_conversations_come_later_than_the_usual_interval():
    gaps = []
    by_citizen: dict[int, list[date]] = {}
    for citizen_id, day in (
        Conversation.objects.filter(kind="sygeopfoelgning")
        .order_by("citizen_id", "date")
        .values_list("citizen_id", "date")
    ):
        by_citizen.setdefault(citizen_id, []).append(day)
    for days in by_citizen.values():
        gaps += [(b - a).days for a, b in pairwise(days)]
    late = sum(1 for gap in gaps if 40 < gap < 120)  # longer: another course
    assert 0.05 <= late / len(gaps) <= 0.4


def test_scale_one_follows_ballerups_numbers():
    current = Course.objects.filter(end=None)
    benefits = Counter(current.values_list("benefit", flat=True))
    assert 570 <= benefits["a_dagpenge"] <= 630
    jobparat_kh = current.filter(benefit="kontanthjaelp", readiness="jobparat")
    assert 150 <= jobparat_kh.filter(integration_programme=False).count() <= 180
    sick = benefits["sygedagpenge"] + benefits["jobafklaring"]
    assert 850 <= sick <= 950
    assert 0.15 <= benefits["jobafklaring"] / sick <= 0.25
    segments = Counter(Citizen.objects.exclude(segment="").values_list("segment", flat=True))
    assert 250 <= segments[Segment.UNGE] <= 350
    assert 150 <= segments[Segment.INTEGRATION] <= 400
    assert benefits["ressourceforloeb"] > 0 and benefits["ledighedsydelse"] > 0
    month = date(TODAY.year, TODAY.month, 1)
    paid = PaidHours.objects.filter(
        under_frikort=False, month=month, citizen__current_course__isnull=False
    )
    assert 40 <= paid.values("citizen").distinct().count() <= 45
    all_paid = PaidHours.objects.filter(under_frikort=False)
    hours = [float(h) for h in all_paid.values_list("hours", flat=True)]
    assert 35 <= sum(hours) / len(hours) <= 45
    assert 200 <= Employer.objects.count() <= 400
    public = Employer.objects.filter(public=True).count() / Employer.objects.count()
    assert 0.1 <= public <= 0.2
    assert Dispensation.objects.filter(
        workplace__name__contains="Servicekorpset", granted_by="rar", kinds=["nyttejob"]
    ).exists()
    caseload = User.objects.get(username="sagsbehandler").caseload.count()
    assert 60 <= caseload <= 100
    sick_closed = Course.objects.filter(benefit="sygedagpenge").exclude(end=None)
    job_share = sick_closed.filter(outcome="ordinary_job").count() / sick_closed.count()
    assert 0.6 <= job_share <= 0.8
