"""Who may use which employers page: consultants write; caseworkers, managers (and the API
client's read permissions) read, with no forms; users without a role get nothing."""

import pytest
from django.urls import reverse

from employers.models import Employer, EmployerContact, Opening, Workplace
from tests.factories.employers import (
    EmployerContactFactory,
    EmployerFactory,
    OpeningFactory,
    PlacementFactory,
    WorkplaceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def opening(consultant):
    employer = EmployerFactory(name="Ballerup Bageri", consultant=consultant)
    workplace = WorkplaceFactory(employer=employer)
    opening = OpeningFactory(workplace=workplace)
    PlacementFactory(opening=opening)
    EmployerContactFactory(employer=employer, by=consultant, note="Hemmelig note om mødet")
    return opening


def urls(opening: Opening) -> dict[str, str]:
    employer_id = opening.workplace.employer_id
    return {
        "mine": reverse("employers:mine"),
        "openings": reverse("employers:openings"),
        "detail": reverse("employers:detail", args=[employer_id]),
        "workplace_search": reverse("employers:workplace_search") + "?company=Bageri",
        "employer_new": reverse("employers:employer_new"),
        "employer_edit": reverse("employers:employer_edit", args=[employer_id]),
        "workplace_new": reverse("employers:workplace_new", args=[employer_id]),
        "workplace_edit": reverse("employers:workplace_edit", args=[opening.workplace_id]),
        "opening_edit": reverse("employers:opening_edit", args=[opening.pk]),
        "need_new": reverse("employers:need_new"),
        "import": reverse("employers:import"),
        "contact_new": reverse("employers:contact_new", args=[employer_id]),
        "opening_status": reverse("employers:opening_status", args=[opening.pk]),
    }


READ_PAGES = ["mine", "openings", "detail", "workplace_search"]
FORM_PAGES = [
    "employer_new",
    "employer_edit",
    "workplace_new",
    "workplace_edit",
    "opening_edit",
    "need_new",
    "import",
]
POST_ONLY = ["contact_new", "opening_status"]


# --- Reading -----------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["consultant", "caseworker", "manager"])
@pytest.mark.parametrize("page", READ_PAGES)
def test_roles_that_may_read_companies_get_the_read_pages(request, login, opening, role, page):
    client = login(request.getfixturevalue(role))

    response = client.get(urls(opening)[page])

    assert response.status_code == 200


@pytest.mark.parametrize("page", READ_PAGES)
def test_the_api_client_reads_companies_through_the_api_only(login, api_user, opening, page):
    response = login(api_user).get(urls(opening)[page])

    assert response.status_code == 403
    assert "kun til REST-API'et" in response.content.decode()


@pytest.mark.parametrize("page", READ_PAGES + FORM_PAGES)
def test_a_user_without_a_role_is_refused_every_page(login, outsider, opening, page):
    response = login(outsider).get(urls(opening)[page])

    assert response.status_code == 403


@pytest.mark.parametrize("page", READ_PAGES + FORM_PAGES)
def test_anonymous_users_are_sent_to_login(client, opening, page):
    response = client.get(urls(opening)[page])

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- Writing -----------------------------------------------------------------------------------
@pytest.mark.parametrize("page", FORM_PAGES)
def test_the_consultant_gets_every_form(login, consultant, opening, page):
    response = login(consultant).get(urls(opening)[page])

    assert response.status_code == 200


@pytest.mark.parametrize("role", ["caseworker", "manager", "api_user"])
@pytest.mark.parametrize("page", FORM_PAGES)
def test_readers_get_no_forms(request, login, opening, role, page):
    response = login(request.getfixturevalue(role)).get(urls(opening)[page])

    assert response.status_code == 403


@pytest.mark.parametrize("role", ["caseworker", "manager", "api_user", "outsider"])
@pytest.mark.parametrize("page", FORM_PAGES + POST_ONLY)
def test_readers_cannot_post_and_nothing_changes(request, login, opening, role, page):
    before = (
        Employer.objects.count(),
        Workplace.objects.count(),
        Opening.objects.count(),
        EmployerContact.objects.count(),
        list(Opening.objects.values_list("status", "title")),
        list(Employer.objects.values_list("name", flat=True)),
    )
    data = {
        "cvr": "12345674",
        "name": "Ny virksomhed",
        "status": "closed",
        "title": "Ændret",
        "date": "2026-01-05",
        "kind": "telefon",
        "note": "x",
    }

    response = login(request.getfixturevalue(role)).post(urls(opening)[page], data)

    assert response.status_code == 403
    after = (
        Employer.objects.count(),
        Workplace.objects.count(),
        Opening.objects.count(),
        EmployerContact.objects.count(),
        list(Opening.objects.values_list("status", "title")),
        list(Employer.objects.values_list("name", flat=True)),
    )
    assert after == before


@pytest.mark.parametrize("page", POST_ONLY)
def test_post_only_actions_refuse_get(login, consultant, opening, page):
    response = login(consultant).get(urls(opening)[page])

    assert response.status_code == 405


# --- What each reader sees on the company page -------------------------------------------------
def test_manager_sees_contacts_and_placements_but_no_edit_buttons(login, manager, opening):
    content = login(manager).get(urls(opening)["detail"]).content.decode()

    assert "Hemmelig note om mødet" in content
    assert 'id="placements"' in content
    assert "<form" not in content.split("<main", 1)[1]
    for page in ("employer_edit", "workplace_new", "workplace_edit", "opening_edit", "need_new"):
        assert urls(opening)[page].split("?")[0] not in content


def test_caseworker_sees_the_company_and_openings_but_not_contacts_or_placements(
    login, caseworker, opening
):
    content = login(caseworker).get(urls(opening)["detail"]).content.decode()

    assert "Ballerup Bageri" in content
    assert opening.title in content
    assert "Hemmelig note om mødet" not in content
    assert 'id="placements"' not in content
    assert 'id="contacts"' not in content
    assert "<form" not in content.split("<main", 1)[1]


def test_readers_see_no_consultant_buttons_on_the_lists(login, manager, opening):
    for page in ("mine", "openings"):
        content = login(manager).get(urls(opening)[page]).content.decode()

        assert reverse("employers:need_new") not in content
        assert reverse("employers:import") not in content
        assert reverse("employers:employer_new") not in content


def test_caseworker_list_shows_no_contact_or_placement_columns_nor_samarbejdsgrad(
    login, caseworker, opening
):
    content = login(caseworker).get(urls(opening)["mine"]).content.decode()

    assert "Ballerup Bageri" in content
    assert "Seneste kontakt" not in content
    assert "Aktive placeringer" not in content
    assert "Samarbejdsgrad" not in content


def test_manager_sees_samarbejdsgrad_on_the_company_list(login, manager, opening):
    content = login(manager).get(urls(opening)["mine"]).content.decode()

    assert "Samarbejdsgrad" in content
    assert "Seneste kontakt" in content


@pytest.mark.parametrize("role", ["caseworker", "manager"])
def test_readers_find_the_employers_pages_in_the_navigation(request, login, role):
    content = login(request.getfixturevalue(role)).get("/").content.decode()
    nav = content.split("<nav", 1)[1].split("</nav>", 1)[0]

    assert f'href="{reverse("employers:mine")}"' in nav
    assert f'href="{reverse("employers:openings")}"' in nav
    assert "Mine virksomheder" not in nav
