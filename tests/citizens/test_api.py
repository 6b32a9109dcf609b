"""The citizens REST API: list with filters and search, masked and full CPR, create with CPR
validation in Danish, PATCH through the services in one transaction, sub-resources, interventions
(over the legal maximum, refused placements), transfer, the access log and query counts."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from stdnum.dk import cpr as stdnum_cpr

from citizens.models import (
    Alert,
    Citizen,
    Course,
    CourseChange,
    Intervention,
)
from core.choices import OpeningKind
from core.models import AccessLog, User
from employers.models import Placement
from tests.factories.citizens import (
    CitizenFactory,
    CitizenLanguageFactory,
    ConversationFactory,
    JobTrackFactory,
)
from tests.factories.core import UserFactory
from tests.factories.employers import (
    OpeningFactory,
    PlacementFactory,
    WorkplaceFactory,
    occupation_get_or_create,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/citizens/"


def detail(citizen, suffix: str = "") -> str:
    return f"/api/v1/citizens/{citizen.pk}/{suffix}"


def create_payload(**overrides) -> dict:
    payload = {
        "cpr": "150388-1237",
        "first_name": "Sofie",
        "last_name": "Nielsen",
        "postcode": "2750",
        "benefit": "kontanthjaelp",
        "readiness": "jobparat",
        "integration_programme": False,
        "course_start": (timezone.localdate() - timedelta(days=20)).isoformat(),
    }
    payload.update(overrides)
    return payload


# --- List --------------------------------------------------------------------------------------


def test_list_shows_own_team_with_masked_cpr_and_the_contract_fields(as_caseworker, own, foreign):
    JobTrackFactory(citizen=own, occupation_code="5322", priority=1, hours_per_week=25)
    CitizenLanguageFactory(citizen=own, code="tr", level="fluent")
    Citizen.objects.filter(pk=own.pk).update(
        accommodations=["no_heavy_lifting"], max_hours_per_week=25
    )
    Alert.objects.create(
        citizen=own, code="plan_outdated", due=date(2026, 1, 5), message="Planen er forældet."
    )

    response = as_caseworker.get(LIST)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row == {
        "id": own.pk,
        "cpr": "010190-XXXX",
        "first_name": "Mette",
        "last_name": "Hansen",
        "postcode": own.postcode,
        "benefit": "a_dagpenge",
        "readiness": "jobparat",
        "integration_programme": False,
        "course_start": own.current_course.start.isoformat(),
        "segment": "jobparate",
        "age": own.age_on(timezone.localdate()),
        "team": own.team_id,
        "team_name": "Jobafsnit",
        "caseworker": own.caseworker_id,
        "caseworker_name": str(own.caseworker),
        "job_tracks": [{"occupation": "5322", "priority": 1, "hours_per_week": 25}],
        "accommodations": ["no_heavy_lifting"],
        "max_hours_per_week": 25,
        "languages": ["tr"],
        "driving_licence": True,
        "alerts": [
            {"code": "plan_outdated", "due": "2026-01-05", "message": "Planen er forældet."}
        ],
    }
    assert "birth_date" not in row
    assert "1234" not in response.content.decode()


def test_every_row_on_the_page_is_logged_as_api_list(as_caseworker, caseworker, jobafsnit):
    citizens = CitizenFactory.create_batch(3, team=jobafsnit)

    as_caseworker.get(LIST, {"page_size": 2})

    rows = AccessLog.objects.filter(action="api_list")
    assert rows.count() == 2
    assert {row.actor for row in rows} == {caseworker}
    assert {row.citizen_id for row in rows} < {c.pk for c in citizens}
    assert all(row.path.startswith(LIST) for row in rows)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"segment": "unge"}, {"young"}),
        ({"benefit": "kontanthjaelp"}, {"young", "kth"}),
        ({"alert": "jobparat_3_months"}, {"adp"}),
        ({"search": "Gunnarsen"}, {"kth"}),
        ({"search": "ulla gunnar"}, {"kth"}),
        ({"search": "020202"}, {"young"}),
        ({"search": "0202"}, {"young"}),
    ],
)
def test_filters_and_search(api, manager, jobafsnit, params, expected):
    young = CitizenFactory(
        team=jobafsnit,
        age=25,
        first_name="Ib",
        last_name="Berg",
        cpr="0202024235",
        course__benefit="kontanthjaelp",
        course__readiness="aktivitetsparat",
    )
    kth = CitizenFactory(
        team=jobafsnit,
        first_name="Ulla",
        last_name="Gunnarsen",
        course__benefit="kontanthjaelp",
        course__readiness="jobparat",
    )
    adp = CitizenFactory(team=jobafsnit, first_name="Bo", last_name="Dahl")
    Alert.objects.create(citizen=adp, code="jobparat_3_months", due=date(2026, 1, 5), message="x")
    names = {young.pk: "young", kth.pk: "kth", adp.pk: "adp"}
    api.force_authenticate(manager)

    response = api.get(LIST, params)

    assert response.status_code == 200
    assert {names[row["id"]] for row in response.json()["results"]} == expected


def test_team_and_caseworker_filters(api, manager, caseworker, own, foreign):
    api.force_authenticate(manager)

    by_team = api.get(LIST, {"team": foreign.team_id}).json()["results"]
    by_caseworker = api.get(LIST, {"caseworker": caseworker.pk}).json()["results"]

    assert [row["id"] for row in by_team] == [foreign.pk]
    assert [row["id"] for row in by_caseworker] == [own.pk]


def test_an_unknown_filter_value_is_a_400(as_caseworker, own):
    response = as_caseworker.get(LIST, {"segment": "nonsense"})

    assert response.status_code == 400
    assert "segment" in response.json()


def _list_queries(api, user, url: str) -> int:
    api.force_authenticate(User.objects.get(pk=user.pk))  # a fresh user, as in a real request
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
    assert response.status_code == 200
    return len(queries)


def _citizen_with_everything(team):
    citizen = CitizenFactory(team=team, caseworker=User.objects.get(username="sb-job"))
    JobTrackFactory(citizen=citizen, priority=1)
    CitizenLanguageFactory(citizen=citizen, code="ar")
    Alert.objects.create(citizen=citizen, code="plan_outdated", due=date(2026, 1, 5), message="x")
    return citizen


def test_list_query_count_is_the_same_for_5_and_40_citizens(
    api, caseworker, jobafsnit, django_assert_num_queries
):
    for _ in range(5):
        _citizen_with_everything(jobafsnit)
    few = _list_queries(api, caseworker, LIST)
    for _ in range(35):
        _citizen_with_everything(jobafsnit)

    api.force_authenticate(User.objects.get(pk=caseworker.pk))
    with django_assert_num_queries(few):
        response = api.get(LIST)

    assert response.json()["count"] == 40
    assert len(response.json()["results"]) == 40
    assert AccessLog.objects.filter(action="api_list").count() == 5 + 40


def test_filtered_list_query_count_does_not_grow_either(
    api, caseworker, jobafsnit, django_assert_num_queries
):
    url = f"{LIST}?benefit=a_dagpenge&alert=plan_outdated&caseworker={caseworker.pk}&ordering=name"
    for _ in range(5):
        _citizen_with_everything(jobafsnit)
    few = _list_queries(api, caseworker, url)
    for _ in range(35):
        _citizen_with_everything(jobafsnit)

    api.force_authenticate(User.objects.get(pk=caseworker.pk))
    with django_assert_num_queries(few):
        response = api.get(url)

    assert response.json()["count"] == 40


# --- Detail ------------------------------------------------------------------------------------


def test_detail_shows_full_cpr_and_extras_and_is_logged(as_caseworker, caseworker, own):
    ConversationFactory(citizen=own, held_by=UserFactory(username="kollega"))

    response = as_caseworker.get(detail(own))

    assert response.status_code == 200
    body = response.json()
    assert body["cpr"] == "010190-1234"
    assert body["birth_date"] == "1990-01-01"
    # The colleague held a conversation; the caseworker has not touched the case in 90 days.
    assert body["distinct_staff_90_days"] == 1
    assert body["address"] == own.address
    row = AccessLog.objects.get()
    assert (row.actor, row.citizen_id, row.action) == (caseworker, own.pk, "api_detail")


def test_detail_without_the_full_cpr_permission_is_masked(api, own):
    from django.contrib.auth.models import Permission

    reader = UserFactory(username="reader", team=own.team)
    reader.user_permissions.set(
        Permission.objects.filter(content_type__app_label="citizens", codename="view_citizen")
    )
    api.force_authenticate(reader)

    body = api.get(detail(own)).json()

    assert body["cpr"] == "010190-XXXX"
    assert body["birth_date"] is None


def test_unknown_citizen_is_a_404(as_caseworker):
    response = as_caseworker.get("/api/v1/citizens/999999/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Borgeren findes ikke."}


def test_other_team_needs_a_reason_and_the_reason_is_logged(as_caseworker, caseworker, foreign):
    refused = as_caseworker.get(detail(foreign))
    opened = as_caseworker.get(detail(foreign), {"access_reason": "Vikar for kollega"})

    assert refused.status_code == 403
    assert "begrundelse" in refused.json()["detail"].lower()
    assert foreign.last_name not in refused.content.decode()
    assert opened.status_code == 200
    rows = AccessLog.objects.order_by("id").values_list("action", "reason", "citizen_id")
    assert list(rows) == [
        ("refused", "", foreign.pk),
        ("break_glass", "Vikar for kollega", foreign.pk),
    ]


@pytest.mark.parametrize("search", ["0202024235", "020202-4235", "0202024", "٠٢٠٢٠٢"])
def test_the_list_search_takes_no_whole_cpr_number_and_only_digits_0_to_9(
    api, manager, jobafsnit, search
):
    CitizenFactory(team=jobafsnit, cpr="0202024235")
    api.force_authenticate(manager)

    response = api.get(LIST, {"search": search})

    assert response.status_code == 400
    assert list(response.json()) == ["search"]


# --- Create ------------------------------------------------------------------------------------


def test_create_registers_citizen_with_course_lists_and_own_team(as_caseworker, caseworker):
    occupation_get_or_create("5322")
    payload = create_payload(
        job_tracks=[{"occupation": "5322", "priority": 1, "hours_per_week": 30}],
        accommodations=["quiet_environment"],
        max_hours_per_week=30,
        languages=["da", "tr"],
        caseworker=caseworker.pk,
    )

    response = as_caseworker.post(LIST, payload)

    assert response.status_code == 201, response.json()
    body = response.json()
    citizen = Citizen.objects.get(pk=body["id"])
    assert citizen.cpr == "1503881237"
    assert citizen.team == caseworker.team
    assert citizen.current_course.benefit == "kontanthjaelp"
    assert body["segment"] == "jobparate"
    assert body["job_tracks"] == [{"occupation": "5322", "priority": 1, "hours_per_week": 30}]
    assert body["accommodations"] == ["quiet_environment"]
    assert body["languages"] == ["da", "tr"]
    assert set(citizen.languages.values_list("level", flat=True)) == {"basic"}


@pytest.mark.parametrize(
    ("cpr", "message"),
    [
        ("010199-5123", "CPR-nummeret giver et fødselsår før 1900."),  # 7th digit 5 + 99 = 1899
        ("310290-1234", "De første seks cifre i CPR-nummeret er ikke en gyldig dato (DDMMÅÅ)."),
        ("010130-4123", "CPR-nummeret giver en fødselsdato i fremtiden (01-01-2030)."),
        ("0101-90", "Et CPR-nummer har 10 cifre og skrives DDMMÅÅ-SSSS."),
    ],
)
def test_create_with_an_invalid_cpr_says_why_in_danish(as_caseworker, cpr, message):
    response = as_caseworker.post(LIST, create_payload(cpr=cpr))

    assert response.status_code == 400
    assert response.json() == {"cpr": [message]}
    assert not Citizen.objects.exists()


def test_create_accepts_a_cpr_that_fails_modulus_11(as_caseworker):
    number = "0101101235"  # born 2010: issued after 2007, need not pass modulus 11
    assert stdnum_cpr.checksum(number) != 0

    response = as_caseworker.post(LIST, create_payload(cpr=number, benefit="uddannelseshjaelp"))

    assert response.status_code == 201, response.json()
    assert response.json()["cpr"] == "010110-1235"


def test_create_reports_every_invalid_field(as_caseworker):
    response = as_caseworker.post(
        LIST,
        create_payload(
            cpr="310290-1234", postcode="9999", benefit="lottogevinst", languages=["xx"]
        ),
    )

    assert response.status_code == 400
    assert set(response.json()) == {"cpr", "postcode", "benefit", "languages"}
    assert response.json()["postcode"] == ["9999 er ikke et dansk postnummer."]


def test_create_with_a_duplicate_cpr_is_a_400(as_caseworker, own):
    response = as_caseworker.post(LIST, create_payload(cpr="010190-1234"))

    assert response.status_code == 400
    assert list(response.json()) == ["cpr"]


def test_create_in_another_team_is_refused(as_caseworker, sygedagpengeafsnit):
    response = as_caseworker.post(LIST, create_payload(team=sygedagpengeafsnit.pk))

    assert response.status_code == 403
    assert "eget afsnit" in response.json()["detail"]
    assert not Citizen.objects.exists()


def test_create_with_an_unknown_occupation_saves_nothing(as_caseworker):
    payload = create_payload(job_tracks=[{"occupation": "0000", "priority": 1}])

    response = as_caseworker.post(LIST, payload)

    assert response.status_code == 400
    assert list(response.json()) == ["job_tracks"]
    assert not Citizen.objects.exists()
    assert not Course.objects.exists()


# --- PATCH -------------------------------------------------------------------------------------


def test_patch_changes_identity_course_and_lists(as_caseworker, caseworker, own):
    occupation_get_or_create("9112")
    JobTrackFactory(citizen=own, occupation_code="5321", priority=1)
    CitizenLanguageFactory(citizen=own, code="tr", level="fluent")

    response = as_caseworker.patch(
        detail(own),
        {
            "phone": "44778899",
            "benefit": "kontanthjaelp",
            "readiness": "aktivitetsparat",
            "job_tracks": [{"occupation": "9112", "priority": 1, "hours_per_week": 15}],
            "accommodations": ["flexible_hours", "no_heavy_lifting"],
            "languages": ["tr", "ar"],
        },
    )

    assert response.status_code == 200, response.json()
    own.refresh_from_db()
    assert own.phone == "44778899"
    assert own.current_course.readiness == "aktivitetsparat"
    changes = CourseChange.objects.filter(course=own.current_course)
    assert {(c.field, c.new_value, c.effective, c.changed_by) for c in changes} == {
        ("benefit", "kontanthjaelp", timezone.localdate(), caseworker),
        ("readiness", "aktivitetsparat", timezone.localdate(), caseworker),
    }
    assert list(own.job_tracks.values_list("occupation_id", flat=True)) == ["9112"]
    assert own.accommodations == ["flexible_hours", "no_heavy_lifting"]
    assert dict(own.languages.values_list("code", "level")) == {"tr": "fluent", "ar": "basic"}
    assert response.json()["segment"] == "ikke_jobparate"


def test_patch_course_change_takes_an_effective_date(as_caseworker, own):
    effective = own.current_course.start + timedelta(days=3)

    response = as_caseworker.patch(
        detail(own), {"benefit": "kontanthjaelp", "effective": effective.isoformat()}
    )

    assert response.status_code == 200
    assert CourseChange.objects.get().effective == effective


def test_patch_with_one_valid_and_one_invalid_field_changes_nothing(as_caseworker, own):
    before_phone = own.phone

    response = as_caseworker.patch(
        detail(own),
        {
            "phone": "11111111",
            "benefit": "kontanthjaelp",
            "job_tracks": [{"occupation": "0000", "priority": 1}],
        },
    )

    assert response.status_code == 400
    assert list(response.json()) == ["job_tracks"]
    own.refresh_from_db()
    assert own.phone == before_phone
    assert own.current_course.benefit == "a_dagpenge"
    assert not CourseChange.objects.exists()


def test_patch_with_an_effective_date_before_the_course_changes_nothing(as_caseworker, own):
    response = as_caseworker.patch(
        detail(own),
        {
            "first_name": "Anden",
            "benefit": "kontanthjaelp",
            "effective": (own.current_course.start - timedelta(days=1)).isoformat(),
        },
    )

    assert response.status_code == 400
    assert list(response.json()) == ["effective"]
    own.refresh_from_db()
    assert own.first_name == "Mette"


@pytest.mark.parametrize("field", ["cpr", "team", "caseworker"])
def test_patch_cannot_change_cpr_team_or_caseworker(
    as_caseworker, own, sygedagpengeafsnit, other_caseworker, field
):
    value = {
        "cpr": "020290-1234",
        "team": sygedagpengeafsnit.pk,
        "caseworker": other_caseworker.pk,
    }[field]

    response = as_caseworker.patch(detail(own), {field: value})

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_patch_benefit_after_the_course_ended_opens_a_new_course(as_caseworker, own):
    course = own.current_course
    Course.objects.filter(pk=course.pk).update(
        end=timezone.localdate() - timedelta(days=5), outcome="ordinary_job"
    )
    Citizen.objects.filter(pk=own.pk).update(current_course=None)

    response = as_caseworker.patch(detail(own), {"benefit": "sygedagpenge"})

    assert response.status_code == 200, response.json()
    own.refresh_from_db()
    assert own.current_course.benefit == "sygedagpenge"
    assert own.current_course.start == timezone.localdate()
    assert response.json()["segment"] == "sygedagpenge_jobafklaring"


def test_patch_course_end_with_outcome_closes_the_course(as_caseworker, caseworker, own):
    today = timezone.localdate()
    Alert.objects.create(citizen=own, code="plan_outdated", due=today, message="x")

    response = as_caseworker.patch(
        detail(own), {"course_end": today.isoformat(), "outcome": "ordinary_job", "reason": "Job"}
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["benefit"], body["course_start"], body["segment"], body["alerts"]) == (
        None,
        None,
        "",
        [],
    )
    course = Course.objects.get()
    assert (course.end, course.outcome) == (today, "ordinary_job")
    change = CourseChange.objects.get()
    assert (change.field, change.new_value, change.reason, change.changed_by) == (
        "outcome",
        "ordinary_job",
        "Job",
        caseworker,
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"outcome": "education"}, "course_end"),
        ({"course_end": "TODAY"}, "outcome"),
        ({"course_end": "BEFORE_START", "outcome": "moved"}, "course_end"),
    ],
)
def test_patch_closing_the_course_needs_end_and_outcome(as_caseworker, own, changes, field):
    days = {
        "TODAY": timezone.localdate(),
        "BEFORE_START": own.current_course.start - timedelta(days=1),
    }
    changes = {key: str(days.get(value, value)) for key, value in changes.items()}

    response = as_caseworker.patch(detail(own), {"phone": "99887766", **changes})

    assert response.status_code == 400
    assert list(response.json()) == [field]
    own.refresh_from_db()
    assert own.current_course.end is None
    assert own.phone != "99887766"


def test_put_on_a_citizen_is_not_allowed(as_caseworker, own):
    response = as_caseworker.put(detail(own), create_payload())

    assert response.status_code == 405


# --- Interventions -----------------------------------------------------------------------------


def test_intervention_within_the_maximum_is_created(as_caseworker, caseworker, own):
    start = timezone.localdate()
    response = as_caseworker.post(
        detail(own, "interventions/"),
        {
            "kind": "virksomhedspraktik",
            "start": start.isoformat(),
            "end": (start + timedelta(weeks=4) - timedelta(days=1)).isoformat(),
            "hours_per_week": 20,
        },
    )

    assert response.status_code == 201, response.json()
    intervention = Intervention.objects.get()
    assert intervention.company_based is True
    assert intervention.created_by == caseworker
    assert response.json()["opening"] is None


def test_intervention_over_the_legal_maximum_is_a_400_naming_the_rule(as_caseworker, own):
    start = timezone.localdate()

    response = as_caseworker.post(
        detail(own, "interventions/"),
        {
            "kind": "virksomhedspraktik",
            "start": start.isoformat(),
            "end": (start + timedelta(weeks=10)).isoformat(),
            "hours_per_week": 20,
        },
    )

    assert response.status_code == 400
    message = response.json()["end"][0]
    assert "4 uger" in message
    assert "LAB § 61" in message
    assert not Intervention.objects.exists()


def test_intervention_at_a_full_opening_is_a_409_with_the_reason(as_caseworker, own):
    start = timezone.localdate()
    opening = OpeningFactory(
        workplace=WorkplaceFactory(ordinary_employees=20),
        kind=OpeningKind.VIRKSOMHEDSPRAKTIK,
        seats=1,
        start=start,
    )
    PlacementFactory(opening=opening, start=start)

    response = as_caseworker.post(
        detail(own, "interventions/"),
        {
            "kind": "virksomhedspraktik",
            "start": start.isoformat(),
            "end": (start + timedelta(weeks=2)).isoformat(),
            "opening": opening.pk,
        },
    )

    assert response.status_code == 409
    assert response.json() == {"detail": "Alle 1 pladser i tilbuddet er optaget i perioden."}
    assert not Intervention.objects.exists()
    assert Placement.objects.count() == 1


def test_intervention_at_an_opening_takes_a_seat(as_caseworker, own):
    start = timezone.localdate()
    opening = OpeningFactory(kind=OpeningKind.VIRKSOMHEDSPRAKTIK, seats=2, start=start)

    response = as_caseworker.post(
        detail(own, "interventions/"),
        {
            "kind": "virksomhedspraktik",
            "start": start.isoformat(),
            "end": (start + timedelta(weeks=2)).isoformat(),
            "opening": opening.pk,
        },
    )

    assert response.status_code == 201, response.json()
    assert response.json()["opening"] == opening.pk
    assert Intervention.objects.get().placement.opening == opening


def test_intervention_kinds_are_the_contract_values(as_caseworker, own):
    start = timezone.localdate()
    for kind in ("mentor", "opkvalificering", "ips", "fgu", "klapjob", "loennede_timer"):
        response = as_caseworker.post(
            detail(own, "interventions/"), {"kind": kind, "start": start.isoformat()}
        )
        assert response.status_code == 201, (kind, response.json())

    response = as_caseworker.post(
        detail(own, "interventions/"), {"kind": "jobrotation", "start": start.isoformat()}
    )
    assert response.status_code == 400
    assert list(response.json()) == ["kind"]


def test_interventions_are_listed(as_caseworker, own):
    as_caseworker.post(
        detail(own, "interventions/"), {"kind": "mentor", "start": timezone.localdate()}
    )

    response = as_caseworker.get(detail(own, "interventions/"))

    assert [row["kind"] for row in response.json()["results"]] == ["mentor"]
