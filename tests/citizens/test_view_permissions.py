"""The permission matrix of the caseworker's pages: each role x each page.

- virksomhedskonsulent and a user without a role: 403 on every citizens page (GET and POST);
- leder: reads the lists and the record (every team), 403 on every form, no edit buttons;
- caseworker of another team: the reason page (break-glass), and 403 on every form."""

import pytest
from django.urls import reverse

from citizens.models import Citizen
from core.models import AccessLog
from tests.factories.citizens import CitizenFactory

pytestmark = pytest.mark.django_db

LIST_PAGES = ["citizens:caseload", "citizens:list", "citizens:find", "citizens:create"]
CITIZEN_FORMS = [
    "citizens:edit",
    "citizens:course_change",
    "citizens:course_close",
    "citizens:course_open",
    "citizens:plan_revise",
    "citizens:conversation_create",
    "citizens:intervention_create",
    "citizens:job_tracks",
    "citizens:accommodations",
    "citizens:languages",
    "citizens:paid_hours",
]


@pytest.fixture
def citizen(caseworker, jobafsnit) -> Citizen:
    return CitizenFactory(team=jobafsnit, caseworker=caseworker)


def _all_urls(citizen: Citizen) -> list[str]:
    return [
        *(reverse(name) for name in LIST_PAGES),
        reverse("citizens:transfer"),
        reverse("citizens:detail", args=[citizen.pk]),
        reverse("citizens:break_glass", args=[citizen.pk]),
        *(reverse(name, args=[citizen.pk]) for name in CITIZEN_FORMS),
    ]


@pytest.mark.parametrize("role", ["consultant", "outsider"])
def test_roles_without_citizen_access_get_403_everywhere(request, login, role, citizen):
    client = login(request.getfixturevalue(role))

    for url in _all_urls(citizen):
        assert client.get(url).status_code in (403, 405), url
        assert client.post(url, {"reason": "x"}).status_code == 403, url


def test_anonymous_is_sent_to_login(client, citizen):
    for url in _all_urls(citizen):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_manager_reads_lists_and_record(login, manager, citizen, other_caseworker):
    foreign = CitizenFactory(team=other_caseworker.team, caseworker=other_caseworker)
    client = login(manager)

    assert client.get(reverse("citizens:list")).status_code == 200
    assert foreign.last_name in client.get(reverse("citizens:list")).content.decode()
    for target in (citizen, foreign):
        page = client.get(reverse("citizens:detail", args=[target.pk]))
        assert page.status_code == 200


def test_manager_sees_no_edit_buttons_and_gets_403_on_every_form(login, manager, citizen):
    client = login(manager)

    content = client.get(reverse("citizens:detail", args=[citizen.pk])).content.decode()
    caseload = client.get(reverse("citizens:list")).content.decode()

    for name in CITIZEN_FORMS:
        url = reverse(name, args=[citizen.pk])
        assert url not in content, name
        assert client.get(url).status_code == 403, name
        assert client.post(url, {}).status_code == 403, name
    assert client.get(reverse("citizens:create")).status_code == 403
    assert client.post(reverse("citizens:transfer"), {"reason": "x"}).status_code == 403
    assert reverse("citizens:create") not in caseload
    assert 'name="to_caseworker"' not in caseload


def test_caseworker_of_another_team_gets_the_reason_page_and_no_forms(
    login, other_caseworker, citizen
):
    client = login(other_caseworker)

    page = client.get(reverse("citizens:detail", args=[citizen.pk]))

    assert page.status_code == 403
    assert page.templates[0].name == "citizens/access_needs_reason.html"
    for name in CITIZEN_FORMS:
        form = client.get(reverse(name, args=[citizen.pk]))
        assert form.status_code == 403, name
        assert citizen.last_name not in form.content.decode(), name
    # Every refused attempt is logged (the record and each form).
    refused = AccessLog.objects.filter(citizen_id=citizen.pk, action="refused")
    assert refused.count() == 1 + len(CITIZEN_FORMS)
    assert not AccessLog.objects.exclude(action="refused").exists()


def test_caseworker_uses_every_page_of_own_team(login, caseworker, citizen):
    client = login(caseworker)

    for url in _all_urls(citizen):
        if "begrundelse" in url:
            continue
        assert client.get(url).status_code == 200, url
