"""The employer consultant's pages: lists with constant queries, the company page, the quick need
form, the edit forms (Danish errors next to the field, nothing saved), htmx fragments."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.choices import OpeningKind
from employers.models import Employer, EmployerContact, Opening
from tests.factories.core import UserFactory
from tests.factories.employers import (
    DispensationFactory,
    EmployerContactFactory,
    EmployerFactory,
    OpeningFactory,
    PlacementFactory,
    WorkplaceFactory,
    occupation_get_or_create,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def today():
    return timezone.localdate()


def company(consultant=None, *, name=None, employees=20, **kwargs):
    employer = EmployerFactory(consultant=consultant, **({"name": name} if name else {}), **kwargs)
    workplace = WorkplaceFactory(employer=employer, ordinary_employees=employees)
    return employer, workplace


def busy_company(consultant, other_user, name=None):
    """A company with an open opening, an active placement and a contact."""
    employer, workplace = company(consultant, name=name)
    opening = OpeningFactory(workplace=workplace, seats=2)
    PlacementFactory(opening=opening, created_by=other_user)
    EmployerContactFactory(employer=employer, by=other_user)
    return employer


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def error_for(content: str, field: str) -> bool:
    """The field's error list sits next to it and the input points at it."""
    return (
        f'id="id_{field}_error"' in content
        and f"id_{field}_error" in content.split(f'id="id_{field}_error"', 1)[1]
    )


# --- Mine virksomheder -------------------------------------------------------------------------
def test_mine_lists_my_companies_with_openings_placements_and_last_contact(login, consultant):
    colleague = UserFactory(roles=["virksomhedskonsulent"])
    mine = busy_company(consultant, colleague, name="Min Virksomhed")
    EmployerContactFactory(employer=mine, by=consultant, date=today() - timedelta(days=3))
    EmployerContactFactory(employer=mine, by=consultant, date=today() - timedelta(days=40))
    theirs, _ = company(colleague, name="Kollegas Kro")

    content = login(consultant).get(reverse("employers:mine")).content.decode()

    assert mine.name in content
    assert theirs.name not in content
    row = content.split(mine.name, 1)[1].split("</tr>", 1)[0]
    assert '<td class="num">1</td>' in row  # one open opening, one active placement
    assert today().strftime("%d.%m.%Y") in row  # the newest contact (today's, by the factory)
    assert "1 virksomhed" in content


def test_mine_can_show_all_companies_and_search_by_name_or_cvr(login, consultant):
    colleague = UserFactory(roles=["virksomhedskonsulent"])
    EmployerFactory(name="Ballerup Bageri", consultant=colleague, cvr="12345674")
    EmployerFactory(name="Skovlunde Smedie", consultant=colleague)
    client = login(consultant)

    by_name = client.get(reverse("employers:mine"), {"scope": "all", "q": "bageri"})
    by_cvr = client.get(reverse("employers:mine"), {"scope": "all", "q": "1234"})
    mine_only = client.get(reverse("employers:mine"), {"q": "bageri"})

    assert "Ballerup Bageri" in by_name.content.decode()
    assert "Skovlunde Smedie" not in by_name.content.decode()
    assert "Ballerup Bageri" in by_cvr.content.decode()
    assert "Skovlunde Smedie" not in by_cvr.content.decode()
    assert "Ballerup Bageri" not in mine_only.content.decode()


def test_companies_without_a_consultant_are_listed_for_every_consultant(login, consultant):
    company(None, name="Uden Konsulent ApS")
    company(consultant, name="Min Egen ApS")

    content = (
        login(consultant).get(reverse("employers:mine"), {"scope": "unowned"}).content.decode()
    )

    assert "Uden Konsulent ApS" in content and "Min Egen ApS" not in content
    assert "Virksomheder uden konsulent" in content


def test_readers_see_all_companies_by_default(login, manager, consultant):
    EmployerFactory(name="Ballerup Bageri", consultant=consultant)

    content = login(manager).get(reverse("employers:mine")).content.decode()

    assert "Ballerup Bageri" in content
    assert "<h1>Alle virksomheder</h1>" in content


def test_mine_pages_through_many_companies(login, consultant):
    for number in range(30):
        EmployerFactory(name=f"Firma {number:02d}", consultant=consultant)
    client = login(consultant)

    first = client.get(reverse("employers:mine")).content.decode()
    second = client.get(reverse("employers:mine"), {"page": 2}).content.decode()

    assert "Firma 00" in first and "Firma 29" not in first
    assert "Firma 29" in second and "Firma 00" not in second
    assert "Side 1 af 2" in first


def test_mine_runs_the_same_number_of_queries_for_5_and_40_companies(login, consultant):
    colleague = UserFactory(roles=["virksomhedskonsulent"])
    client = login(consultant)
    for _ in range(5):
        busy_company(consultant, colleague)
    few = queries_for(client, reverse("employers:mine"))
    for _ in range(35):
        busy_company(consultant, colleague)

    many = queries_for(client, reverse("employers:mine"))

    assert many == few


def test_mine_with_htmx_returns_only_the_results(login, consultant):
    EmployerFactory(name="Ballerup Bageri", consultant=consultant)

    response = login(consultant).get(reverse("employers:mine"), {"q": "bag"}, **HTMX)

    content = response.content.decode()
    assert "Ballerup Bageri" in content
    assert "<html" not in content
    assert "<caption data-results-count>" in content


def test_mine_shows_samarbejdsgrad_against_the_target(login, consultant, manager):
    from strategy.models import Indicator
    from strategy.services import measurement_enter

    worked_with = EmployerFactory(consultant=consultant)
    place = WorkplaceFactory(employer=worked_with, postcode="2750")
    EmployerContactFactory(employer=worked_with, by=consultant, kind="besoeg")
    measurement_enter(
        actor=manager,
        indicator=Indicator.objects.get(key="workplaces_in_municipality"),
        period=f"{today().year}-Q1",
        value=4,
    )

    content = login(consultant).get(reverse("employers:mine")).content.decode()

    assert place.pk
    assert "Samarbejdsgrad" in content
    assert "25,0 %" in content
    assert "1 af 4 arbejdssteder i kommunen" in content
    assert "Målet er mindst 20 %" in content
    assert "Målet er nået" in content


def test_mine_without_the_yearly_figure_shows_no_share(login, consultant):
    worked_with = EmployerFactory(consultant=consultant)
    WorkplaceFactory(employer=worked_with, postcode="2750")
    EmployerContactFactory(employer=worked_with, by=consultant, kind="moede")

    content = login(consultant).get(reverse("employers:mine")).content.decode()

    assert "1 arbejdssteder i kommunen havde" in content
    assert "Andelen kræver årets antal arbejdssteder" in content


# --- Openings list -----------------------------------------------------------------------------
def test_openings_filters_by_kind_group_status_postcode_and_consultant(login, consultant, manager):
    colleague = UserFactory(roles=["virksomhedskonsulent"])
    _, mine = company(consultant)
    _, theirs = company(colleague)
    mine.postcode, theirs.postcode = "2750", "2740"
    mine.save()
    theirs.save()
    care = OpeningFactory(workplace=mine, title="SOSU-praktik", occupation_code="5321")
    kitchen = OpeningFactory(
        workplace=theirs,
        title="Køkkenjob",
        kind=OpeningKind.ORDINAERT_JOB,
        occupation_code="9412",
        status=Opening.Status.FILLED,
    )
    client = login(manager)

    def titles(**filters):
        content = client.get(reverse("employers:openings"), filters).content.decode()
        return {title for title in (care.title, kitchen.title) if title in content}

    assert titles() == {"SOSU-praktik", "Køkkenjob"}
    assert titles(kind="ordinaert_job") == {"Køkkenjob"}
    assert titles(occupation_group="5") == {"SOSU-praktik"}
    assert titles(status="filled") == {"Køkkenjob"}
    assert titles(postcode="2750") == {"SOSU-praktik"}
    assert titles(consultant=colleague.pk) == {"Køkkenjob"}


def test_openings_runs_the_same_number_of_queries_for_5_and_40_openings(login, consultant):
    client = login(consultant)
    colleague = UserFactory(roles=["virksomhedskonsulent"])

    def add(count):
        for _ in range(count):
            _, workplace = company(colleague)
            PlacementFactory(opening=OpeningFactory(workplace=workplace, seats=2))

    add(5)
    few = queries_for(client, reverse("employers:openings"))
    add(35)

    many = queries_for(client, reverse("employers:openings"))

    assert many == few


def test_a_consultants_openings_list_starts_at_their_own_companies(login, consultant):
    other = UserFactory(username="vk-anden", roles=["virksomhedskonsulent"])
    _, own = company(consultant)
    _, theirs = company(other)
    OpeningFactory(workplace=own, title="Egen stilling")
    OpeningFactory(workplace=theirs, title="Andens stilling")
    client = login(consultant)

    default = client.get(reverse("employers:openings")).content.decode()
    everyone = client.get(reverse("employers:openings"), {"consultant": ""}).content.decode()

    assert "Egen stilling" in default and "Andens stilling" not in default
    assert "Egen stilling" in everyone and "Andens stilling" in everyone


def test_openings_show_seats_used_of_total(login, consultant):
    _, workplace = company(consultant)
    opening = OpeningFactory(workplace=workplace, seats=3)
    PlacementFactory(opening=opening)

    content = login(consultant).get(reverse("employers:openings")).content.decode()

    assert "1 af 3" in content


def test_seats_in_use_today_and_planned_placements_agree_with_the_list(login, consultant):
    employer, workplace = company(consultant)
    opening = OpeningFactory(workplace=workplace, seats=1, start=today(), end=None)
    # Two placements one after the other in the opening's one seat, both later than today.
    PlacementFactory(
        opening=opening, start=today() + timedelta(days=10), end=today() + timedelta(days=40)
    )
    PlacementFactory(opening=opening, start=today() + timedelta(days=41), end=None)

    client = login(consultant)
    page = client.get(reverse("employers:detail", args=[employer.pk])).content.decode()
    listed = client.get(reverse("employers:openings")).content.decode()

    for content in (page, listed):
        assert "Pladser i brug i dag" in content
        assert "0 af 1" in content
        assert "2 planlagt" in content
    assert page.count(">Planlagt</span>") == 2
    assert ">I gang</span>" not in page


def test_openings_with_htmx_returns_only_the_results(login, consultant):
    _, workplace = company(consultant)
    OpeningFactory(workplace=workplace, title="SOSU-praktik")

    content = login(consultant).get(reverse("employers:openings"), **HTMX).content.decode()

    assert "SOSU-praktik" in content
    assert "<html" not in content


# --- The company page --------------------------------------------------------------------------
def test_company_page_shows_the_rimelighedskrav_room_with_its_numbers(login, consultant):
    employer, workplace = company(consultant, employees=15)
    for _ in range(3):
        PlacementFactory(
            opening=OpeningFactory(workplace=workplace, kind=OpeningKind.VIRKSOMHEDSPRAKTIK),
            start=today() - timedelta(days=5),
        )

    content = login(consultant).get(reverse("employers:detail", args=[employer.pk])).content
    content = content.decode()

    assert "3 af 3 pladser brugt ved 15 ordinært ansatte" in content
    assert "Fuld" in content


def test_company_page_shows_the_ratio_and_the_registered_dispensation(login, consultant):
    employer, workplace = company(consultant, employees=2, public=True)
    DispensationFactory(
        workplace=workplace,
        reference="RAR Hovedstaden j.nr. 2026-0007",
        valid_from=today() - timedelta(days=30),
        extra_seats=59,
    )

    content = login(consultant).get(reverse("employers:detail", args=[employer.pk])).content
    content = content.decode()

    assert "0 af 1 pladser brugt ved 2 ordinært ansatte" in content
    assert "Dispensation i kraft" in content
    assert "RAR Hovedstaden j.nr. 2026-0007" in content
    assert "59 ekstra pladser" in content


def test_company_page_shows_openings_placements_and_one_contact_timeline(login, consultant):
    employer, workplace = company(consultant)
    opening = OpeningFactory(workplace=workplace, title="Lagermedarbejder", seats=2)
    PlacementFactory(opening=opening, start=today() - timedelta(days=10))
    EmployerContactFactory(employer=employer, by=consultant, note="Første møde", date=today())
    EmployerContactFactory(
        employer=employer, by=consultant, note="Opfølgning", date=today() - timedelta(days=9)
    )

    content = login(consultant).get(reverse("employers:detail", args=[employer.pk])).content
    content = content.decode()

    assert "Lagermedarbejder" in content
    assert "1 af 2" in content
    placements = content.split('id="placements"', 1)[1].split("</section>", 1)[0]
    assert "Aktiv" in placements
    timeline = content.split('class="timeline"', 1)[1]
    assert timeline.index("Første møde") < timeline.index("Opfølgning")


def test_company_page_is_404_for_an_unknown_company(login, consultant):
    response = login(consultant).get(reverse("employers:detail", args=[999999]))

    assert response.status_code == 404


def test_logging_a_contact_with_htmx_returns_the_timeline_with_it(login, consultant):
    employer, _ = company(consultant)

    response = login(consultant).post(
        reverse("employers:contact_new", args=[employer.pk]),
        {"date": today().isoformat(), "kind": "besoeg", "note": "Rundvisning i lageret"},
        **HTMX,
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert "Rundvisning i lageret" in content
    assert "Kontakten er registreret." in content
    contact = EmployerContact.objects.get(employer=employer)
    assert contact.by == consultant
    assert contact.kind == "besoeg"


def test_logging_a_contact_without_javascript_redirects_to_the_timeline(login, consultant):
    employer, _ = company(consultant)

    response = login(consultant).post(
        reverse("employers:contact_new", args=[employer.pk]),
        {"date": today().isoformat(), "kind": "telefon"},
    )

    assert response.status_code == 302
    assert response["Location"].endswith("#contacts")
    assert EmployerContact.objects.filter(employer=employer).count() == 1


def test_a_contact_in_the_future_is_refused_in_danish_and_not_saved(login, consultant):
    employer, _ = company(consultant)

    response = login(consultant).post(
        reverse("employers:contact_new", args=[employer.pk]),
        {"date": (today() + timedelta(days=2)).isoformat(), "kind": "telefon"},
        **HTMX,
    )

    content = response.content.decode()
    assert "En kontakt kan ikke registreres på en fremtidig dato." in content
    assert error_for(content, "date")
    assert not EmployerContact.objects.exists()


def test_an_invalid_contact_without_javascript_comes_back_on_its_own_page(login, consultant):
    employer, _ = company(consultant)

    response = login(consultant).post(
        reverse("employers:contact_new", args=[employer.pk]), {"date": "", "kind": "telefon"}
    )

    content = response.content.decode()
    assert response.status_code == 422
    assert "<html" in content
    assert error_for(content, "date")
    assert not EmployerContact.objects.exists()


# --- Log a need --------------------------------------------------------------------------------
def need_data(workplace, **overrides):
    occupation_get_or_create("5321")
    data = {
        "company": workplace.employer.name,
        "workplace": workplace.pk,
        "occupation": "5321",
        "kind": OpeningKind.VIRKSOMHEDSPRAKTIK,
        "seats": 2,
        "hours_min": 20,
        "hours_max": 30,
        "start": (today() + timedelta(days=14)).isoformat(),
    }
    data.update(overrides)
    return data


def test_need_form_autofocuses_the_company_search(login, consultant):
    content = login(consultant).get(reverse("employers:need_new")).content.decode()

    company_input = content.split('id="id_company"', 1)[0].rsplit("<input", 1)[1]
    assert "autofocus" in company_input
    assert 'hx-get="/virksomheder/arbejdssteder/soeg/"' in company_input
    assert content.count("autofocus") == 1


def test_a_need_is_saved_and_the_form_comes_back_for_the_next(login, consultant):
    _, workplace = company(consultant)
    client = login(consultant)

    response = client.post(reverse("employers:need_new"), need_data(workplace), follow=True)

    opening = Opening.objects.get()
    assert opening.workplace == workplace
    assert opening.occupation_id == "5321"
    assert (opening.seats, opening.hours_min, opening.hours_max) == (2, 20, 30)
    assert opening.title  # the occupation's title when none is given
    assert opening.status == Opening.Status.OPEN
    content = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("employers:need_new")
    assert "Gemt:" in content
    assert 'name="company"' in content


def test_need_with_optional_details(login, consultant):
    _, workplace = company(consultant)

    login(consultant).post(
        reverse("employers:need_new"),
        need_data(
            workplace,
            title="Sommerafløser",
            end=(today() + timedelta(days=100)).isoformat(),
            required_languages=["da", "tr"],
            requires_driving_licence="on",
            accommodations=["no_heavy_lifting"],
        ),
    )

    opening = Opening.objects.get()
    assert opening.title == "Sommerafløser"
    assert opening.required_languages == ["da", "tr"]
    assert opening.requires_driving_licence is True
    assert opening.accommodations == ["no_heavy_lifting"]


def test_a_need_with_more_minimum_than_maximum_hours_is_refused_next_to_the_field(
    login, consultant
):
    _, workplace = company(consultant)

    response = login(consultant).post(
        reverse("employers:need_new"), need_data(workplace, hours_min=30, hours_max=20)
    )

    content = response.content.decode()
    assert response.status_code == 422
    assert "Minimumstimetallet kan ikke være højere end maksimumstimetallet." in content
    assert error_for(content, "hours_min")
    assert content.count("autofocus") == 1
    assert "autofocus" in content.split('id="id_hours_min"', 1)[0].rsplit("<input", 1)[1]
    assert not Opening.objects.exists()


def test_a_need_without_a_workplace_asks_for_one_in_danish(login, consultant):
    _, workplace = company(consultant)
    data = need_data(workplace)
    del data["workplace"]
    data["company"] = "findes ikke"

    response = login(consultant).post(reverse("employers:need_new"), data)

    content = response.content.decode()
    assert response.status_code == 422
    assert "Søg efter virksomheden, og vælg en produktionsenhed." in content
    assert 'id="id_workplace_error"' in content
    # The company search is where the user fixes it: marked invalid and tied to the error.
    search = re.search(r'<input type="search" name="company"[^>]*>', content).group(0)
    assert 'aria-invalid="true"' in search
    assert 'aria-describedby="id_workplace_error id_company_helptext"' in search
    assert not Opening.objects.exists()


def test_an_unknown_occupation_is_refused_with_a_hint(login, consultant):
    _, workplace = company(consultant)

    response = login(consultant).post(
        reverse("employers:need_new"), need_data(workplace, occupation="xyzzy")
    )

    content = response.content.decode()
    assert response.status_code == 422
    assert error_for(content, "occupation")
    assert "Ingen stilling matcher" in content
    assert not Opening.objects.exists()


def test_a_typed_cvr_with_one_workplace_is_chosen_so_enter_is_enough(login, consultant):
    employer, workplace = company(consultant)
    data = need_data(workplace, company=employer.cvr)
    del data["workplace"]

    response = login(consultant).post(reverse("employers:need_new"), data)

    assert response.status_code == 302
    assert Opening.objects.get().workplace == workplace


def test_the_search_button_without_javascript_shows_workplaces_and_no_errors(login, consultant):
    employer, _ = company(consultant, name="Ballerup Bageri")
    WorkplaceFactory(employer=employer, name="Bageriets lager")

    response = login(consultant).post(
        reverse("employers:need_new"), {"company": "bageri", "search": "1", "seats": "3"}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('name="workplace"') == 2
    assert 'class="errorlist"' not in content
    assert 'name="seats" value="3"' in content
    assert not Opening.objects.exists()


def test_company_search_fragment_lists_workplaces_by_name_cvr_or_p_number(login, consultant):
    employer, workplace = company(consultant, name="Ballerup Bageri")
    company(consultant, name="Skovlunde Smedie")
    client = login(consultant)
    url = reverse("employers:workplace_search")

    for query in ("bager", employer.cvr, workplace.p_number):
        content = client.get(url, {"company": query}, **HTMX).content.decode()
        assert "Ballerup Bageri" in content, query
        assert "Skovlunde Smedie" not in content, query
        assert "<html" not in content
    nothing = client.get(url, {"company": "ingen"}, **HTMX).content.decode()
    assert "Ingen virksomhed matcher" in nothing


def test_need_form_from_a_company_page_preselects_the_workplace(login, consultant):
    employer, workplace = company(consultant)

    content = (
        login(consultant)
        .get(reverse("employers:need_new"), {"company": employer.cvr, "workplace": workplace.pk})
        .content.decode()
    )

    assert f'value="{workplace.pk}" checked' in content
    occupation_input = content.split('id="id_occupation"', 1)[0].rsplit("<input", 1)[1]
    assert "autofocus" in occupation_input


# --- Edit forms --------------------------------------------------------------------------------
def test_new_company_is_created_with_me_as_consultant(login, consultant):
    response = login(consultant).post(
        reverse("employers:employer_new"),
        {
            "cvr": "12345674",
            "name": "Ballerup Bageri",
            "postcode": "2750",
            "consultant": consultant.pk,
        },
    )

    employer = Employer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("employers:detail", args=[employer.pk])
    assert employer.consultant == consultant


def test_a_company_with_a_bad_cvr_is_refused_in_danish_and_not_saved(login, consultant):
    response = login(consultant).post(
        reverse("employers:employer_new"), {"cvr": "12345678", "name": "Forkert ApS"}
    )

    content = response.content.decode()
    assert response.status_code == 422
    assert "CVR-nummeret består ikke modulus 11-kontrollen" in content
    assert error_for(content, "cvr")
    assert not Employer.objects.exists()


def test_editing_a_company_saves_the_change(login, consultant):
    employer = EmployerFactory(consultant=consultant, name="Gammelt navn")

    response = login(consultant).post(
        reverse("employers:employer_edit", args=[employer.pk]),
        {
            "cvr": employer.cvr,
            "name": "Nyt navn",
            "postcode": employer.postcode,
            "address": employer.address,
            "branche_code": employer.branche_code,
            "branche_title": employer.branche_title,
            "consultant": consultant.pk,
        },
    )

    assert response.status_code == 302
    employer.refresh_from_db()
    assert employer.name == "Nyt navn"


def test_editing_a_company_to_a_taken_cvr_is_refused(login, consultant):
    taken = EmployerFactory()
    employer = EmployerFactory(consultant=consultant, name="Uændret")

    response = login(consultant).post(
        reverse("employers:employer_edit", args=[employer.pk]),
        {"cvr": taken.cvr, "name": "Ændret", "consultant": consultant.pk},
    )

    assert response.status_code == 422
    assert "er allerede registreret" in response.content.decode()
    employer.refresh_from_db()
    assert employer.name == "Uændret"


def test_editing_a_workplace_headcount(login, consultant):
    _, workplace = company(consultant, employees=5)

    response = login(consultant).post(
        reverse("employers:workplace_edit", args=[workplace.pk]),
        {
            "p_number": workplace.p_number,
            "postcode": workplace.postcode,
            "ordinary_employees": "25",
        },
    )

    assert response.status_code == 302
    workplace.refresh_from_db()
    assert workplace.ordinary_employees == 25


def test_a_workplace_with_a_bad_postcode_is_refused_and_not_changed(login, consultant):
    _, workplace = company(consultant, employees=5)

    response = login(consultant).post(
        reverse("employers:workplace_edit", args=[workplace.pk]),
        {"p_number": workplace.p_number, "postcode": "0001", "ordinary_employees": "25"},
    )

    content = response.content.decode()
    assert response.status_code == 422
    assert "0001 er ikke et dansk postnummer." in content
    assert error_for(content, "postcode")
    workplace.refresh_from_db()
    assert workplace.ordinary_employees == 5


def opening_post(opening, **overrides):
    data = {
        "kind": opening.kind,
        "occupation": opening.occupation_id,
        "title": opening.title,
        "seats": opening.seats,
        "hours_min": opening.hours_min,
        "hours_max": opening.hours_max,
        "start": opening.start.isoformat(),
        "end": opening.end.isoformat() if opening.end else "",
        "description": opening.description,
    }
    data.update(overrides)
    return data


def test_editing_an_opening_saves_the_change(login, consultant):
    _, workplace = company(consultant)
    opening = OpeningFactory(workplace=workplace, seats=1)

    response = login(consultant).post(
        reverse("employers:opening_edit", args=[opening.pk]),
        opening_post(opening, seats=4, accommodations=["quiet_environment"]),
    )

    assert response.status_code == 302
    opening.refresh_from_db()
    assert opening.seats == 4
    assert opening.accommodations == ["quiet_environment"]


def test_an_opening_ending_before_it_starts_is_refused_next_to_the_field(login, consultant):
    _, workplace = company(consultant)
    opening = OpeningFactory(workplace=workplace, title="Uændret")

    response = login(consultant).post(
        reverse("employers:opening_edit", args=[opening.pk]),
        opening_post(opening, title="Ændret", end=(opening.start - timedelta(days=1)).isoformat()),
    )

    content = response.content.decode()
    assert response.status_code == 422
    assert "Slutdatoen skal være samme dag som eller efter startdatoen." in content
    assert error_for(content, "end")
    opening.refresh_from_db()
    assert opening.title == "Uændret"


def test_changing_an_opening_status(login, consultant):
    _, workplace = company(consultant)
    opening = OpeningFactory(workplace=workplace)

    response = login(consultant).post(
        reverse("employers:opening_status", args=[opening.pk]), {"status": "filled"}, follow=True
    )

    opening.refresh_from_db()
    assert opening.status == Opening.Status.FILLED
    assert "er nu: Besat" in response.content.decode()


def test_a_forbidden_status_change_is_refused_with_a_message(login, consultant):
    _, workplace = company(consultant)
    opening = OpeningFactory(workplace=workplace, status=Opening.Status.CLOSED)

    response = login(consultant).post(
        reverse("employers:opening_status", args=[opening.pk]), {"status": "filled"}, follow=True
    )

    opening.refresh_from_db()
    assert opening.status == Opening.Status.CLOSED
    assert "message--error" in response.content.decode()


# --- The consultant's start page ---------------------------------------------------------------
def test_consultant_start_page_links_the_pages_and_shows_counts(login, consultant):
    colleague = UserFactory(roles=["virksomhedskonsulent"])
    for _ in range(2):
        busy_company(consultant, colleague)
    company(colleague)

    content = login(consultant).get("/").content.decode()

    assert reverse("employers:mine") in content
    assert reverse("employers:need_new") in content
    assert "2</span> virksomheder, du er kontaktperson for" in content
    assert "2</span> åbne tilbud hos dine virksomheder" in content
    assert "Samarbejdsgrad" in content
