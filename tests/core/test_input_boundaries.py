"""Dates, hours, amounts and periods at the API's and the forms' edges (hypothesis): year 0 or
10000, impossible days, negative or huge hours, huge or malformed amounts, malformed periods like
`2026-Q5`. Each is a clear 400 (the API) or 422 with the field's error (a page), in Danish, and
nothing changes. (CPR, CVR and P-nummer have their own tests.)"""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citizens.models import Conversation, Intervention, JobTrack, PaidHours
from core.roles import CONSULTANT
from employers.models import Opening
from strategy.models import Indicator, Measurement
from tests.factories.citizens import CitizenFactory, JobTrackFactory
from tests.factories.core import UserFactory
from tests.factories.employers import WorkplaceFactory, occupation_get_or_create

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- What is sent ---------------------------------------------------------------------------------

years_out_of_range = st.one_of(st.integers(0, 1899), st.integers(2200, 99999))
bad_dates = st.one_of(
    years_out_of_range.map(lambda year: f"{year:04d}-06-15"),
    st.sampled_from(
        ["0000-01-01", "10000-01-01", "2026-02-30", "2026-13-01", "2026-00-10", "15-06-2026"]
    ),
    st.text(min_size=1, max_size=12).filter(
        lambda t: not re.fullmatch(r"\s*\d{4}-\d\d-\d\d\s*", t)
    ),
)
bad_weekly_hours = st.one_of(
    st.integers(max_value=0),
    st.integers(min_value=38),
    st.sampled_from([10**12, 10**30, -(10**30)]),
    st.sampled_from(["NaN", "Infinity", "-1.5", "tyve", ""]),
)
bad_amounts = st.one_of(
    st.decimals(max_value=Decimal("-0.01"), allow_nan=False, allow_infinity=False, places=2),
    st.integers(min_value=10**8).map(str),
    st.sampled_from(["1e30", "NaN", "Infinity", "-Infinity", "1.001", "12,5 kr", "", "-1"]),
)
# A number that is no number, or larger than a value may hold (14 digits, 4 decimals).
malformed_or_huge = st.one_of(
    st.integers(min_value=10**10).map(str),
    st.sampled_from(["1e30", "NaN", "Infinity", "-Infinity", "12,5 kr", "", "1.00001"]),
)
bad_periods = st.one_of(
    st.integers(1900, 2200).map(lambda year: f"{year}-Q5"),
    st.integers(1900, 2200).map(lambda year: f"{year}-Q0"),
    st.integers(1900, 2200).map(lambda year: f"{year}-13"),
    years_out_of_range.map(lambda year: f"{year:04d}-Q1"),
    years_out_of_range.map(lambda year: f"{year:04d}-07"),
    st.sampled_from(["2026-Q5", "2026Q1", "Q1-2026", "2026-1", "2026-Q", "", "   "]),
    st.text(max_size=10).filter(
        lambda t: not re.fullmatch(r"\s*\d{4}-(Q[1-4]|0[1-9]|1[0-2])\s*", t, re.I)
    ),
)

# Danish, not English: a Danish word, and no English one (DRF's and ours, translated).
DANISH = re.compile(
    r"\b(skal|ikke|er|en|et|gyldig|gyldigt|Ugyldig|værdi|værdien|Tjek|Sørg|mellem|påkrævet|"
    r"Datoen|Året|tal|heltal|decimaler|cifre|format|formatet|højst|mindst|Angiv|Indtast|mindre|"
    r"større|lig|feltet|Dette|timer|perioden)\b",
    re.IGNORECASE,
)
ENGLISH = re.compile(r"\b(must|the|is|valid|Ensure|Enter|between|required|format is)\b")


def _messages(errors) -> list[str]:
    if isinstance(errors, str):
        return [errors]
    if isinstance(errors, dict):
        return [m for value in errors.values() for m in _messages(value)]
    if isinstance(errors, list):
        return [m for value in errors for m in _messages(value)]
    return []


def assert_danish_400(response, field: str) -> None:
    assert response.status_code == 400, (response.status_code, response.content[:300])
    body = response.json()
    assert field in body or any(field in str(v) for v in body.values()), body
    messages = _messages(body)
    assert messages
    for message in messages:
        assert DANISH.search(message), message
        assert not ENGLISH.search(message), message


# --- The API --------------------------------------------------------------------------------------


@pytest.fixture
def own(caseworker, jobafsnit):
    citizen = CitizenFactory(team=jobafsnit, caseworker=caseworker)
    JobTrackFactory(citizen=citizen, occupation=occupation_get_or_create("5322"), priority=1)
    return citizen


@pytest.fixture
def as_caseworker(api, caseworker):
    api.force_authenticate(caseworker)
    api.credentials(HTTP_ACCEPT_LANGUAGE="da")
    return api


def _state(citizen) -> tuple:
    citizen.refresh_from_db()
    return (
        Conversation.objects.filter(citizen=citizen).count(),
        Intervention.objects.filter(citizen=citizen).count(),
        PaidHours.objects.filter(citizen=citizen).count(),
        list(JobTrack.objects.filter(citizen=citizen).values_list("occupation", "hours_per_week")),
        citizen.max_hours_per_week,
        list(citizen.accommodations),
    )


@EXAMPLES
@given(day=bad_dates)
def test_a_conversation_date_out_of_bounds_is_a_danish_400(as_caseworker, own, day):
    before = _state(own)
    body = {"date": day, "kind": Conversation.Kind.values[0], "note": "Samtale."}

    response = as_caseworker.post(f"/api/v1/citizens/{own.pk}/conversations/", body, format="json")

    assert_danish_400(response, "date")
    assert _state(own) == before


@EXAMPLES
@given(day=bad_dates, hours=st.one_of(st.none(), bad_weekly_hours))
def test_an_intervention_with_a_bad_start_or_hours_is_a_danish_400(as_caseworker, own, day, hours):
    before = _state(own)
    body = {"kind": "virksomhedspraktik", "start": day}
    if hours is not None:
        body["hours_per_week"] = hours

    response = as_caseworker.post(f"/api/v1/citizens/{own.pk}/interventions/", body, format="json")

    assert_danish_400(response, "start")
    assert _state(own) == before


@EXAMPLES
@given(hours=bad_weekly_hours)
def test_job_track_hours_out_of_bounds_are_a_danish_400(as_caseworker, own, hours):
    before = _state(own)
    body = {"job_tracks": [{"occupation": "5322", "priority": 1, "hours_per_week": hours}]}

    response = as_caseworker.put(f"/api/v1/citizens/{own.pk}/job-tracks/", body, format="json")

    assert_danish_400(response, "job_tracks")
    assert _state(own) == before


@EXAMPLES
@given(hours=bad_weekly_hours)
def test_max_hours_out_of_bounds_are_a_danish_400(as_caseworker, own, hours):
    before = _state(own)
    body = {"codes": ["no_heavy_lifting"], "max_hours_per_week": hours}

    response = as_caseworker.put(f"/api/v1/citizens/{own.pk}/accommodations/", body, format="json")

    assert_danish_400(response, "max_hours_per_week")
    assert _state(own) == before


@EXAMPLES
@given(
    field=st.sampled_from(["hours", "earnings", "month"]),
    hours=bad_amounts,
    earnings=bad_amounts,
    month=bad_dates,
)
def test_paid_hours_with_bad_hours_amounts_or_month_are_a_danish_400(
    as_caseworker, own, field, hours, earnings, month
):
    before = _state(own)
    body = {"month": "2025-03-01", "hours": "40.00", "earnings": "5000.00"}
    body[field] = {"hours": hours, "earnings": earnings, "month": month}[field]

    response = as_caseworker.post(f"/api/v1/citizens/{own.pk}/paid-hours/", body, format="json")

    assert_danish_400(response, field)
    assert _state(own) == before


@pytest.fixture
def as_consultant(api):
    consultant = UserFactory(username="vk-grænser", roles=[CONSULTANT])
    api.force_authenticate(consultant)
    api.credentials(HTTP_ACCEPT_LANGUAGE="da")
    workplace = WorkplaceFactory()
    workplace.employer.consultant = consultant
    workplace.employer.save()
    occupation_get_or_create("5322")
    return api, workplace


@EXAMPLES
@given(
    field=st.sampled_from(["hours_min", "hours_max", "seats", "start", "end"]),
    hours=st.one_of(
        st.integers(max_value=-1), st.integers(min_value=169), st.sampled_from([10**30, "NaN"])
    ),
    seats=st.one_of(st.integers(max_value=0), st.integers(min_value=1000), st.just(10**30)),
    day=bad_dates,
)
def test_an_opening_with_bad_hours_seats_or_dates_is_a_danish_400(
    as_consultant, field, hours, seats, day
):
    api, workplace = as_consultant
    before = Opening.objects.count()
    today = timezone.localdate().isoformat()
    body = {
        "workplace": workplace.pk,
        "kind": "virksomhedspraktik",
        "occupation": "5322",
        "title": "Køkkenhjælp",
        "seats": 1,
        "hours_min": 10,
        "hours_max": 30,
        "start": today,
    }
    body[field] = {"hours_min": hours, "hours_max": hours, "seats": seats}.get(field, day)

    response = api.post("/api/v1/openings/", body, format="json")

    assert_danish_400(response, field)
    assert Opening.objects.count() == before


@EXAMPLES
@given(day=bad_dates)
def test_the_samarbejdsgrad_date_parameter_out_of_bounds_is_a_danish_400(as_consultant, day):
    api, _workplace = as_consultant

    response = api.get("/api/v1/employers/samarbejdsgrad/", {"on": day})

    assert_danish_400(response, "on")


@pytest.fixture
def manual_indicator(db) -> Indicator:
    indicator = Indicator.objects.filter(source=Indicator.Source.MANUAL).first()
    assert indicator is not None, "the strategy's seed has manual indicators"
    return indicator


@pytest.fixture
def as_manager(api, manager):
    api.force_authenticate(manager)
    api.credentials(HTTP_ACCEPT_LANGUAGE="da")
    return api


@EXAMPLES
@given(period=bad_periods)
def test_a_manual_value_for_a_malformed_period_is_a_danish_400(
    as_manager, manual_indicator, period
):
    before = Measurement.objects.count()

    response = as_manager.post(
        f"/api/v1/indicators/{manual_indicator.pk}/measurements/",
        {"period": period, "value": "50"},
        format="json",
    )

    assert_danish_400(response, "period")
    assert Measurement.objects.count() == before


@EXAMPLES
@given(value=malformed_or_huge)
def test_a_manual_value_that_is_no_number_or_too_large_is_a_danish_400(
    as_manager, manual_indicator, value
):
    before = Measurement.objects.count()

    response = as_manager.post(
        f"/api/v1/indicators/{manual_indicator.pk}/measurements/",
        {"period": "2025-Q3", "value": value},
        format="json",
    )

    assert_danish_400(response, "value")
    assert Measurement.objects.count() == before


@EXAMPLES
@given(period=bad_periods)
def test_computing_an_indicator_for_a_malformed_period_is_a_danish_400(as_manager, period):
    indicator = Indicator.objects.exclude(source=Indicator.Source.MANUAL).first()
    before = Measurement.objects.count()

    response = as_manager.post(
        f"/api/v1/indicators/{indicator.pk}/compute/", {"period": period}, format="json"
    )

    assert_danish_400(response, "period")
    assert Measurement.objects.count() == before


# --- The pages ------------------------------------------------------------------------------------


def _page_errors(response) -> str:
    return response.content.decode()


# The pages also read Danish day-first dates (15-06-2026, 15.06.2026).
DAY_FIRST = re.compile(r"\s*\d{1,2}[-.]\d{1,2}[-.]\d{4}\s*")


@EXAMPLES
@given(day=bad_dates.filter(lambda text: not DAY_FIRST.fullmatch(text)))
def test_a_conversation_form_with_a_bad_date_is_refused_in_danish(login, caseworker, own, day):
    client = login(caseworker)
    before = _state(own)

    response = client.post(
        reverse("citizens:conversation_create", args=[own.pk]),
        {"date": day, "kind": Conversation.Kind.values[0], "note": "Samtale."},
    )

    assert response.status_code == 422
    assert response.context["form"].errors["date"]
    for message in response.context["form"].errors["date"]:
        assert DANISH.search(message) and not ENGLISH.search(message), message
    assert _state(own) == before


@EXAMPLES
@given(field=st.sampled_from(["hours", "earnings"]), amount=bad_amounts)
def test_the_paid_hours_form_refuses_bad_hours_and_amounts_in_danish(
    login, caseworker, own, field, amount
):
    client = login(caseworker)
    before = _state(own)
    data = {"month": "2025-03", "hours": "40", "earnings": "5000"}
    data[field] = amount

    response = client.post(reverse("citizens:paid_hours", args=[own.pk]), data)

    assert response.status_code == 422
    errors = response.context["form"].errors[field]
    for message in errors:
        assert DANISH.search(message) and not ENGLISH.search(message), message
    assert _state(own) == before


@EXAMPLES
@given(period=bad_periods)
def test_the_manual_value_form_refuses_a_malformed_period_in_danish(
    login, manager, manual_indicator, period
):
    client = login(manager)
    before = Measurement.objects.count()

    response = client.post(
        reverse("strategy:measurement_enter", args=[manual_indicator.pk]),
        {"period": period, "value": "50"},
    )

    assert response.status_code == 422
    errors = response.context["form"].errors["period"]
    for message in errors:
        assert DANISH.search(message) and not ENGLISH.search(message), message
    assert Measurement.objects.count() == before


@EXAMPLES
@given(period=bad_periods)
def test_the_report_page_with_a_malformed_period_answers_without_error(login, manager, period):
    client = login(manager)

    response = client.get(reverse("strategy:report"), {"period": period})

    assert response.status_code in (200, 400)
