"""The employers' REST API: fields as contracted, filters, 400 per field in Danish, 409 with the
reason, and lists in a constant number of queries."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from core.choices import OpeningKind
from employers.models import Employer, EmployerContact, Opening, Placement, Workplace
from tests.factories.employers import (
    EmployerContactFactory,
    EmployerFactory,
    OpeningFactory,
    PlacementFactory,
    WorkplaceFactory,
    cvr_for,
    occupation_get_or_create,
)

pytestmark = pytest.mark.django_db
START = date(2026, 11, 2)


@pytest.fixture
def as_consultant(api, consultant):
    api.force_authenticate(consultant)
    return api


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


# --- Fields ------------------------------------------------------------------------------------


def test_employer_fields_and_counts(as_consultant, consultant):
    today = timezone.localdate()
    employer = EmployerFactory(consultant=consultant, public=True, branche_code="881000")
    workplace = WorkplaceFactory(employer=employer)
    OpeningFactory(workplace=workplace, status=Opening.Status.OPEN)
    PlacementFactory(opening=OpeningFactory(workplace=workplace, start=today), start=today)
    OpeningFactory(workplace=workplace, status=Opening.Status.CLOSED)
    EmployerContactFactory(employer=employer, date=today - timedelta(days=3))
    EmployerContactFactory(employer=employer, date=today - timedelta(days=30))

    (row,) = results(as_consultant.get("/api/v1/employers/"))

    assert row == {
        "id": employer.pk,
        "cvr": employer.cvr,
        "name": employer.name,
        "branche": "881000",
        "branche_title": employer.branche_title,
        "address": employer.address,
        "postcode": employer.postcode,
        "public": True,
        "consultant": consultant.pk,
        "open_openings_count": 2,
        "active_placements_count": 1,
        "last_contact_date": (today - timedelta(days=3)).isoformat(),
    }


def test_opening_fields(as_consultant):
    opening = OpeningFactory(
        kind=OpeningKind.LOENTILSKUD,
        seats=2,
        start=START,
        end=None,
        required_languages=["tr"],
        accommodations=["quiet_environment"],
        requires_driving_licence=True,
    )
    PlacementFactory(opening=opening, start=START)

    row = as_consultant.get(f"/api/v1/openings/{opening.pk}/").json()

    assert {
        key: row[key]
        for key in (
            "workplace",
            "employer",
            "title",
            "kind",
            "occupation",
            "seats",
            "seats_used",
            "hours_min",
            "hours_max",
            "start",
            "end",
            "required_languages",
            "requires_driving_licence",
            "accommodations",
            "status",
        )
    } == {
        "workplace": opening.workplace_id,
        "employer": opening.workplace.employer_id,
        "title": opening.title,
        "kind": "loentilskud",
        "occupation": "5321",
        "seats": 2,
        "seats_used": 1,
        "hours_min": 15,
        "hours_max": 30,
        "start": "2026-11-02",
        "end": None,
        "required_languages": ["tr"],
        "requires_driving_licence": True,
        "accommodations": ["quiet_environment"],
        "status": "open",
    }


def test_workplace_fields(as_consultant):
    workplace = WorkplaceFactory(p_number="1000000042", postcode="2750", ordinary_employees=17)

    row = as_consultant.get(f"/api/v1/workplaces/{workplace.pk}/").json()

    assert row["employer"] == workplace.employer_id
    assert (row["p_number"], row["postcode"], row["ordinary_employees"]) == (
        "1000000042",
        "2750",
        17,
    )


def test_placement_list_carries_no_citizen_data(as_consultant):
    placement = PlacementFactory(opening=OpeningFactory(start=START), start=START)

    (row,) = results(as_consultant.get("/api/v1/placements/"))

    assert row == {
        "id": placement.pk,
        "opening": placement.opening_id,
        "start": "2026-11-02",
        "end": None,
        "status": "active",
    }


# --- Writes ------------------------------------------------------------------------------------


def test_create_a_company_then_a_workplace_then_an_opening(as_consultant, consultant):
    occupation_get_or_create("5321")
    cvr = cvr_for(700)

    company = as_consultant.post(
        "/api/v1/employers/",
        {"cvr": cvr, "name": "Ballerup Plejecenter", "branche": "871000", "public": True},
    )
    assert company.status_code == 201, company.content
    workplace = as_consultant.post(
        "/api/v1/workplaces/",
        {
            "employer": company.json()["id"],
            "p_number": "1000000777",
            "postcode": "2750",
            "ordinary_employees": 40,
        },
    )
    assert workplace.status_code == 201, workplace.content
    opening = as_consultant.post(
        "/api/v1/openings/",
        {
            "workplace": workplace.json()["id"],
            "title": "Nyttejob i haven",
            "kind": "nyttejob",
            "occupation": "5321",
            "seats": 3,
            "hours_min": 10,
            "hours_max": 20,
            "start": "2026-12-01",
            "required_languages": ["da"],
            "accommodations": ["no_heavy_lifting"],
        },
    )
    assert opening.status_code == 201, opening.content
    assert opening.json()["seats_used"] == 0

    employer = Employer.objects.get(cvr=cvr)
    assert employer.branche_code == "871000"
    assert Workplace.objects.get(p_number="1000000777").employer == employer
    assert Opening.objects.get(title="Nyttejob i haven").workplace.employer == employer


def test_invalid_company_gives_400_with_a_danish_message_per_field(as_consultant):
    EmployerFactory(cvr=cvr_for(701))
    bad_checksum = cvr_for(702)[:7] + str((int(cvr_for(702)[7]) + 1) % 10)

    response = as_consultant.post("/api/v1/employers/", {"cvr": bad_checksum, "name": ""})

    assert response.status_code == 400
    body = response.json()
    assert "name" in body  # blank name: DRF's own Danish message
    assert body["name"] == ["Dette felt må ikke være tomt."]

    response = as_consultant.post("/api/v1/employers/", {"cvr": bad_checksum, "name": "X"})
    assert response.status_code == 400
    assert "modulus 11" in response.json()["cvr"][0]

    response = as_consultant.post(
        "/api/v1/employers/", {"cvr": cvr_for(701), "name": "X", "branche": "ABC"}
    )
    assert response.status_code == 400
    assert set(response.json()) == {"branche"}  # the model's name never leaks out


def test_invalid_opening_gives_400_per_field(as_consultant):
    workplace = WorkplaceFactory(employer=EmployerFactory(public=False))
    occupation_get_or_create("5321")

    response = as_consultant.post(
        "/api/v1/openings/",
        {
            "workplace": workplace.pk,
            "title": "Nyttejob",
            "kind": "nyttejob",
            "occupation": "5321",
            "seats": 0,
            "hours_min": 30,
            "hours_max": 20,
            "start": "2026-12-01",
            "end": "2026-11-01",
        },
    )

    assert response.status_code == 400
    body = response.json()
    assert {"kind", "seats", "hours_min", "end"} <= set(body)
    assert "offentlige" in body["kind"][0]
    assert not Opening.objects.exists()


def test_invalid_language_code_is_a_field_error(as_consultant):
    workplace = WorkplaceFactory()

    response = as_consultant.post(
        "/api/v1/openings/",
        {
            "workplace": workplace.pk,
            "title": "X",
            "kind": "smaajob",
            "occupation": "5321",
            "hours_min": 1,
            "hours_max": 2,
            "start": "2026-12-01",
            "required_languages": ["klingon"],
        },
    )

    assert response.status_code == 400
    assert "required_languages" in response.json()


def test_patch_an_opening_status_follows_the_transitions(as_consultant):
    opening = OpeningFactory(status=Opening.Status.CLOSED)

    refused = as_consultant.patch(f"/api/v1/openings/{opening.pk}/", {"status": "filled"})
    assert refused.status_code == 400
    assert "status" in refused.json()

    reopened = as_consultant.patch(
        f"/api/v1/openings/{opening.pk}/", {"status": "open", "seats": 4}
    )
    assert reopened.status_code == 200, reopened.content
    opening.refresh_from_db()
    assert (opening.status, opening.seats) == ("open", 4)


def test_the_workplace_of_an_opening_cannot_be_moved(as_consultant):
    opening = OpeningFactory()
    other = WorkplaceFactory()

    response = as_consultant.patch(f"/api/v1/openings/{opening.pk}/", {"workplace": other.pk})

    assert response.status_code == 200
    opening.refresh_from_db()
    assert opening.workplace_id != other.pk


def test_contact_create_records_the_user(as_consultant, consultant):
    employer = EmployerFactory()

    response = as_consultant.post(
        "/api/v1/employer-contacts/",
        {"employer": employer.pk, "date": timezone.localdate().isoformat(), "kind": "moede"},
    )

    assert response.status_code == 201, response.content
    assert response.json()["by"] == consultant.pk
    assert EmployerContact.objects.get().by == consultant


def test_placement_create_goes_through_the_service(as_consultant):
    opening = OpeningFactory(seats=1, start=START, end=None)

    created = as_consultant.post(
        "/api/v1/placements/", {"opening": opening.pk, "start": "2026-11-02"}
    )

    assert created.status_code == 201, created.content
    assert created.json()["status"] == "active"
    assert "override_reason" not in created.json()


def test_refused_placement_is_409_with_the_numbers(as_consultant):
    workplace = WorkplaceFactory(ordinary_employees=15)  # three places
    for _ in range(3):
        PlacementFactory(opening=OpeningFactory(workplace=workplace, start=START), start=START)
    opening = OpeningFactory(workplace=workplace, seats=2, start=START)

    response = as_consultant.post(
        "/api/v1/placements/", {"opening": opening.pk, "start": "2026-11-02"}
    )

    assert response.status_code == 409
    assert "3 støttede forløb kører allerede samtidig" in response.json()["detail"]
    assert "tillader 3 ved 15 ordinært ansatte" in response.json()["detail"]
    assert Placement.objects.count() == 3


def test_full_opening_is_409(as_consultant):
    opening = OpeningFactory(seats=1, start=START, end=None, kind=OpeningKind.ORDINAERT_JOB)
    PlacementFactory(opening=opening, start=START)

    response = as_consultant.post(
        "/api/v1/placements/", {"opening": opening.pk, "start": "2026-11-02"}
    )

    assert response.status_code == 409
    assert response.json()["detail"]


def test_loentilskud_without_a_note_is_400(as_consultant):
    opening = OpeningFactory(kind=OpeningKind.LOENTILSKUD, start=START)

    response = as_consultant.post(
        "/api/v1/placements/", {"opening": opening.pk, "start": "2026-11-02"}
    )

    assert response.status_code == 400
    assert "merbeskaeftigelse_note" in response.json()


def test_end_a_placement_through_the_api(as_consultant):
    today = timezone.localdate()
    placement = PlacementFactory(opening=OpeningFactory(start=today), start=today)

    response = as_consultant.post(f"/api/v1/placements/{placement.pk}/end/", {"cancel": True})

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled"
    again = as_consultant.post(f"/api/v1/placements/{placement.pk}/end/", {"cancel": True})
    assert again.status_code == 409


def test_a_token_clients_change_is_logged_with_the_client_as_actor(api, consultant):
    from auditlog.models import LogEntry

    from core.api.tokens import token_issue

    key, _token = token_issue(consultant)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    response = api.post("/api/v1/employers/", {"cvr": cvr_for(710), "name": "Logget ApS"})

    assert response.status_code == 201
    entry = LogEntry.objects.get(object_pk=str(response.json()["id"]))
    assert entry.actor == consultant
    assert entry.action == LogEntry.Action.CREATE


# --- Filters -----------------------------------------------------------------------------------


def test_opening_filters(as_consultant):
    public = WorkplaceFactory(employer=EmployerFactory(public=True), postcode="2740")
    praktik = OpeningFactory(workplace=public, kind="virksomhedspraktik", occupation_code="5321")
    nytte = OpeningFactory(workplace=public, kind="nyttejob", occupation_code="9112")
    closed = OpeningFactory(
        workplace=WorkplaceFactory(postcode="2750"),
        kind="smaajob",
        occupation_code="5120",
        status="closed",
    )

    def ids(query):
        return {row["id"] for row in results(as_consultant.get("/api/v1/openings/" + query))}

    assert ids("?kind=nyttejob") == {nytte.pk}
    assert ids("?status=closed") == {closed.pk}
    assert ids("?occupation=5") == {praktik.pk, closed.pk}  # major group 5, by prefix
    assert ids("?occupation=53") == {praktik.pk}
    assert ids("?occupation=532") == {praktik.pk}
    assert ids("?occupation=5321") == {praktik.pk}
    assert ids(f"?workplace={public.pk}") == {praktik.pk, nytte.pk}
    assert ids(f"?employer={closed.workplace.employer_id}") == {closed.pk}
    assert ids("?postcode=2740") == {praktik.pk, nytte.pk}


def test_invalid_filter_values_are_400(as_consultant):
    assert as_consultant.get("/api/v1/openings/?kind=vikar").status_code == 400
    response = as_consultant.get("/api/v1/openings/?occupation=5x")
    assert response.status_code == 400
    assert "occupation" in response.json()


# --- Samarbejdsgrad ----------------------------------------------------------------------------


def test_samarbejdsgrad_endpoint_without_the_manual_figure_has_no_share(as_consultant):
    place = WorkplaceFactory(postcode="2750")
    EmployerContactFactory(employer=place.employer, date=timezone.localdate(), kind="besoeg")
    WorkplaceFactory.create_batch(3, postcode="2750")

    body = as_consultant.get("/api/v1/employers/samarbejdsgrad/").json()

    assert (body["numerator"], body["denominator"], body["percent"], body["target"]) == (
        1,
        None,
        None,
        20.0,
    )
    assert body["met"] is None


def test_samarbejdsgrad_rejects_a_bad_date(as_consultant):
    response = as_consultant.get("/api/v1/employers/samarbejdsgrad/?on=i-morgen")

    assert response.status_code == 400
    assert "on" in response.json()


# --- Query counts ------------------------------------------------------------------------------


def build(rows: int) -> None:
    for _ in range(rows):
        employer = EmployerFactory()
        workplace = WorkplaceFactory(employer=employer)
        opening = OpeningFactory(workplace=workplace, start=START, end=None, seats=2)
        PlacementFactory(opening=opening, start=START)
        EmployerContactFactory(employer=employer)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/employers/",
        "/api/v1/workplaces/",
        "/api/v1/openings/",
        "/api/v1/employer-contacts/",
        "/api/v1/placements/",
    ],
)
def test_list_query_count_does_not_grow_with_rows(
    api, consultant, django_assert_num_queries, django_assert_max_num_queries, path
):
    api.force_authenticate(consultant)
    build(5)
    api.get(path)  # the user's permissions are cached after the first request
    with django_assert_max_num_queries(10) as few:
        assert len(results(api.get(path))) == 5
    build(35)

    with django_assert_num_queries(len(few.captured_queries)):
        assert len(results(api.get(path))) == 40
