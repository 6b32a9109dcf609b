"""Intervention maxima (citizens.rules.intervention_max): boundaries per group, the dimittend and
extension rules, open ends, rule changes by date, and the per-case and bulk forms agreeing.

The rule rows are the ones the data migrations load (core/0004, core/0006): the tests read the
law as the application does.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citizens import services
from citizens.alerts import RuleBook
from citizens.models import Citizen, Intervention
from citizens.rules import intervention_max
from core.models import Rule
from tests.factories.citizens import CitizenFactory, CourseFactory, InterventionFactory
from tests.factories.employers import EmployerFactory, OpeningFactory, PlacementFactory

START = date(2026, 1, 5)


def refusal(**overrides):
    values = {
        "kind": "virksomhedspraktik",
        "start": START,
        "end": START + timedelta(days=27),
        "hours_per_week": 30,
        "benefit": "kontanthjaelp",
        "readiness": "jobparat",
        "public_employer": None,
        "graduated_on": None,
        "extension_reason": "",
        "today": START,
    }
    values.update(overrides)
    with translation.override("en"):
        return intervention_max.violation(**values)


def weeks(n, extra_days=0):
    return START + timedelta(days=n * 7 - 1 + extra_days)


@pytest.mark.django_db
def test_praktik_for_jobparate_is_4_weeks_to_the_day_with_the_reference():
    assert refusal(end=weeks(4)) is None
    assert refusal(end=weeks(4, 1)) == (
        "Work placement (virksomhedspraktik) can last at most 4 weeks for job-ready citizens "
        "(LAB § 61, stk. 1 (LBK nr. 280 af 1. marts 2024))."
    )


@pytest.mark.django_db
def test_a_new_graduate_on_dagpenge_may_have_8_weeks_of_praktik():
    graduate = {"benefit": "a_dagpenge", "readiness": "", "graduated_on": date(2025, 6, 20)}
    assert refusal(end=weeks(8), **graduate) is None
    assert "8 weeks for new graduates" in refusal(end=weeks(8, 1), **graduate)
    assert "4 weeks" in refusal(end=weeks(8), benefit="a_dagpenge", readiness="")


@pytest.mark.django_db
def test_graduating_after_the_praktik_starts_does_not_make_a_dimittend():
    late = {"benefit": "a_dagpenge", "readiness": "", "graduated_on": START + timedelta(days=1)}
    assert "4 weeks" in refusal(end=weeks(5), **late)


@pytest.mark.django_db
def test_praktik_beyond_13_weeks_needs_a_recorded_assessment_and_stops_at_26():
    active = {"readiness": "aktivitetsparat"}
    assert refusal(end=weeks(13), **active) is None
    message = refusal(end=weeks(13, 1), **active)
    assert "at most 13 weeks" in message
    assert "may last up to 26 weeks" in message and "record the reason" in message
    reasoned = {**active, "extension_reason": "Optræning af arbejdstid; plan mod ordinært job."}
    assert refusal(end=weeks(26), **reasoned) is None
    assert "at most 26 weeks" in refusal(end=weeks(26, 1), **reasoned)
    assert "LAB § 61, stk. 2" in refusal(end=weeks(26, 1), **reasoned)


@pytest.mark.django_db
def test_an_extension_reason_does_not_lengthen_a_4_week_praktik():
    assert "4 weeks" in refusal(end=weeks(5), extension_reason="Ønsker længere forløb.")


@pytest.mark.django_db
def test_sick_and_resource_course_groups_have_13_weeks():
    for benefit in ("sygedagpenge", "jobafklaring", "ressourceforloeb", "ledighedsydelse"):
        assert refusal(benefit=benefit, readiness="", end=weeks(13)) is None
        assert "13 weeks" in refusal(benefit=benefit, readiness="", end=weeks(13, 1))


@pytest.mark.django_db
def test_an_open_ended_praktik_is_measured_from_its_start():
    open_end = {"end": None, "start": START}
    assert refusal(today=weeks(4), **open_end) is None
    message = refusal(today=weeks(4, 1), **open_end)
    assert "4 weeks" in message and "without an end date" in message
    assert "01.02.2026" in message  # the last allowed day


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("benefit", "readiness", "public", "months"),
    [
        ("a_dagpenge", "", True, 4),
        ("a_dagpenge", "", False, 6),
        ("kontanthjaelp", "jobparat", True, 4),
        ("kontanthjaelp", "jobparat", False, 6),
        ("kontanthjaelp", "uddannelsesparat", True, 4),
        ("kontanthjaelp", "aktivitetsparat", True, 6),
        ("kontanthjaelp", "aktivitetsparat", False, 6),
        ("sygedagpenge", "", True, 12),
        ("sygedagpenge", "", False, 12),
        ("jobafklaring", "", True, 12),
        ("ressourceforloeb", "", True, 12),
        ("ressourceforloeb", "", False, 12),
    ],
)
def test_loentilskud_maximum_by_group_and_employer(benefit, readiness, public, months):
    start = date(2026, 1, 31)  # months end on the month's last day
    last = intervention_max.maximum_for(
        kind="loentilskud",
        start=start,
        benefit=benefit,
        readiness=readiness,
        public_employer=public,
    ).last_day(start)
    expected = {4: date(2026, 5, 30), 6: date(2026, 7, 30), 12: date(2027, 1, 30)}[months]
    assert last == expected
    common = {"kind": "loentilskud", "benefit": benefit, "readiness": readiness}
    assert refusal(start=start, end=last, public_employer=public, **common) is None
    employer = "public" if public else "private"
    assert f"at a {employer} employer can last at most {months} months" in refusal(
        start=start, end=last + timedelta(days=1), public_employer=public, **common
    )


@pytest.mark.django_db
def test_loentilskud_is_unchecked_until_the_employer_is_known():
    assert refusal(kind="loentilskud", end=date(2030, 1, 1)) is None


@pytest.mark.django_db
def test_nytteindsats_was_13_weeks_until_the_arbejdspligt_law_and_mentor_has_no_maximum():
    """The 13-week limit ended 2025-06-30 (STAR: the arbejdspligt law abolished it from
    2025-07-01): a nytteindsats keeps the maximum in force on its start."""
    before = date(2025, 6, 30)
    assert refusal(kind="nytteindsats", start=before, end=before + timedelta(days=90)) is None
    assert "13 weeks" in refusal(
        kind="nytteindsats", start=before, end=before + timedelta(days=91), today=before
    )
    after = date(2025, 7, 1)
    assert refusal(kind="nytteindsats", start=after, end=date(2026, 7, 1), today=after) is None
    assert refusal(kind="nytteindsats", end=weeks(13, 1)) is None
    assert refusal(kind="mentor", end=date(2030, 1, 1)) is None


@pytest.mark.django_db
def test_a_changed_maximum_applies_to_interventions_starting_from_its_date():
    Rule.objects.filter(key="praktik_max_weeks", qualifier="jobparat").update(
        valid_to=date(2026, 12, 31)
    )
    Rule.objects.create(
        key="praktik_max_weeks",
        qualifier="jobparat",
        value=Decimal(6),
        unit="weeks",
        valid_from=date(2027, 1, 1),
        legal_reference="Ny LAB (test)",
    )
    before, after = date(2026, 12, 28), date(2027, 1, 4)
    assert "4 weeks" in refusal(start=before, end=before + timedelta(days=28))
    assert refusal(start=after, end=after + timedelta(days=41)) is None
    assert "6 weeks" in refusal(start=after, end=after + timedelta(days=42))


# --- The service, the form and the API ---------------------------------------------------------


@pytest.mark.django_db
def test_the_service_refuses_an_open_ended_praktik_already_past_its_maximum(caseworker):
    citizen = CitizenFactory(
        team=caseworker.team, course__benefit="kontanthjaelp", course__readiness="jobparat"
    )
    long_ago = date.today() - timedelta(weeks=10)
    with translation.override("da"), pytest.raises(ValidationError) as refused:
        services.intervention_create(
            actor=caseworker, citizen=citizen, kind="virksomhedspraktik", start=long_ago
        )
    assert "4 uger" in refused.value.message_dict["end"][0]
    assert not Intervention.objects.filter(citizen=citizen).exists()


@pytest.mark.django_db
def test_without_the_hours_rule_a_praktik_with_hours_is_refused_and_not_saved(caseworker):
    Rule.objects.filter(key="praktik_max_hours_per_week").delete()
    citizen = CitizenFactory(
        team=caseworker.team, course__benefit="kontanthjaelp", course__readiness="jobparat"
    )
    start = date.today()
    with translation.override("da"), pytest.raises(ValidationError) as refused:
        services.intervention_create(
            actor=caseworker,
            citizen=citizen,
            kind="virksomhedspraktik",
            start=start,
            end=start + timedelta(weeks=2),
            hours_per_week=30,
        )
    message = refused.value.message_dict["end"][0]
    assert "praktik_max_hours_per_week" in message
    assert "regeltabellen" in message
    assert not Intervention.objects.filter(citizen=citizen).exists()


@pytest.mark.django_db
def test_the_service_records_the_extension_reason_and_allows_26_weeks(caseworker):
    citizen = CitizenFactory(
        team=caseworker.team, course__benefit="kontanthjaelp", course__readiness="aktivitetsparat"
    )
    start = date.today()
    intervention = services.intervention_create(
        actor=caseworker,
        citizen=citizen,
        kind="virksomhedspraktik",
        start=start,
        end=start + timedelta(weeks=26, days=-1),
        extension_reason="  Konkret vurdering: behov for længere optræning.  ",
    )
    assert intervention.extension_reason == "Konkret vurdering: behov for længere optræning."


@pytest.mark.django_db
def test_the_api_shows_the_refusal_and_the_last_allowed_day(client, caseworker):
    citizen = CitizenFactory(
        team=caseworker.team, graduated_on=date(2026, 6, 1), course__readiness=""
    )
    client.force_login(caseworker)
    url = f"/api/v1/citizens/{citizen.pk}/interventions/"
    start = date.today()
    body = {"kind": "virksomhedspraktik", "start": start.isoformat()}
    refused = client.post(
        url, {**body, "end": (start + timedelta(weeks=8)).isoformat()}, "application/json"
    )
    assert refused.status_code == 400
    assert "LAB § 61" in str(refused.json())
    created = client.post(
        url, {**body, "end": (start + timedelta(weeks=8, days=-1)).isoformat()}, "application/json"
    )
    assert created.status_code == 201, created.json()
    assert created.json()["max_last_day"] == (start + timedelta(weeks=8, days=-1)).isoformat()


# --- Per case and bulk agree -------------------------------------------------------------------

BENEFITS = st.sampled_from(
    [
        "a_dagpenge",
        "kontanthjaelp",
        "uddannelseshjaelp",
        "sygedagpenge",
        "jobafklaring",
        "ressourceforloeb",
        "ledighedsydelse",
        "foertidspension",
        "selvforsoerger",
    ]
)
READINESS = st.sampled_from(["", "jobparat", "aktivitetsparat", "uddannelsesparat"])
KINDS = st.sampled_from(["virksomhedspraktik", "loentilskud", "nytteindsats", "nyttejob", "mentor"])
DAYS = st.one_of(
    st.dates(date(2019, 6, 1), date(2027, 12, 31)),
    st.sampled_from([date(2026, 1, 31), date(2026, 8, 31), date(2027, 1, 1), date(2024, 2, 29)]),
)
CASES = st.lists(
    st.fixed_dictionaries(
        {
            "kind": KINDS,
            "start": DAYS,
            "length": st.one_of(st.none(), st.integers(0, 500)),
            "benefit": BENEFITS,
            "readiness": READINESS,
            "graduated": st.one_of(st.none(), st.integers(-400, 30)),
            "extension": st.booleans(),
            "employer": st.sampled_from([None, True, False]),
            "course": st.booleans(),
        }
    ),
    min_size=1,
    max_size=6,
)


@pytest.fixture
def openings(db):
    # A dated change to exercise the in-force lookup: a short-lived 6-week row for jobparate.
    Rule.objects.create(
        key="praktik_max_weeks",
        qualifier="jobparat",
        value=Decimal(6),
        unit="weeks",
        valid_from=date(2025, 3, 1),
        valid_to=date(2025, 3, 31),
        legal_reference="test",
    )
    return {
        public: OpeningFactory(workplace__employer=EmployerFactory(public=public))
        for public in (True, False)
    }


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cases=CASES, today=DAYS)
def test_the_bulk_annotation_agrees_with_the_per_case_rule(openings, cases, today):
    with transaction.atomic():
        expected = {}
        rules = RuleBook()
        for case in cases:
            graduated_on = (
                None if case["graduated"] is None else case["start"] + timedelta(case["graduated"])
            )
            citizen = CitizenFactory(course=False, graduated_on=graduated_on)
            if case["course"]:
                course = CourseFactory(
                    citizen=citizen, benefit=case["benefit"], readiness=case["readiness"]
                )
                citizen.current_course = course
                citizen.save(update_fields=["current_course"])
            placement = None
            if case["employer"] is not None:
                placement = PlacementFactory(opening=openings[case["employer"]])
            end = None if case["length"] is None else case["start"] + timedelta(case["length"])
            intervention = InterventionFactory(
                citizen=citizen,
                kind=case["kind"],
                start=case["start"],
                end=end,
                placement=placement,
                extension_reason="Konkret vurdering" if case["extension"] else "",
            )
            maximum = None
            if case["course"]:
                maximum = intervention_max.maximum_for(
                    kind=case["kind"],
                    start=case["start"],
                    benefit=case["benefit"],
                    readiness=case["readiness"],
                    public_employer=case["employer"],
                    graduated_on=graduated_on,
                    extension_reason=intervention.extension_reason,
                    rules=rules,
                )
            expected[intervention.pk] = (
                maximum.last_day(case["start"]) if maximum else None,
                intervention_max.exceeds(maximum, start=case["start"], end=end, today=today)
                is not None,
            )
        ids = list(expected)
        annotated = dict(
            intervention_max.annotate_last_allowed_day(
                Intervention.objects.filter(pk__in=ids)
            ).values_list("pk", "max_last_day")
        )
        over = set(
            intervention_max.over_max(
                Intervention.objects.filter(pk__in=ids), on=today
            ).values_list("pk", flat=True)
        )
        # The record's per-case form gives each citizen's rows the same last day.
        on_the_record = {
            row.pk: row.max_last_day
            for citizen in Citizen.objects.filter(interventions__pk__in=ids).select_related(
                "current_course"
            )
            for row in intervention_max.with_last_allowed_day(
                citizen,
                citizen.interventions.select_related("placement__opening__workplace__employer"),
            )
        }
        assert annotated == {pk: last for pk, (last, _over) in expected.items()}
        assert on_the_record == annotated
        assert over == {pk for pk, (_last, is_over) in expected.items() if is_over}
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_graduated_on_is_set_and_shown_through_the_citizen_resource(client, caseworker):
    citizen = CitizenFactory(team=caseworker.team)
    client.force_login(caseworker)
    url = f"/api/v1/citizens/{citizen.pk}/"
    changed = client.patch(url, {"graduated_on": "2026-06-20"}, "application/json")
    assert changed.status_code == 200, changed.json()
    assert client.get(url).json()["graduated_on"] == "2026-06-20"
    citizen.refresh_from_db()
    assert citizen.graduated_on == date(2026, 6, 20)
