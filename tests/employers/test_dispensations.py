"""Registered dispensations from the rimelighedskrav: who may register them, what they must
say (Danish refusals, nothing saved), the change log, and the company page that shows them."""

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from core.choices import OpeningKind
from employers.models import Dispensation
from employers.services import dispensation_create, dispensation_update
from tests.factories.employers import DispensationFactory, WorkplaceFactory

pytestmark = pytest.mark.django_db
START = date(2026, 11, 2)


def register(actor, workplace, **changes):
    values = {
        "granted_by": Dispensation.GrantedBy.RAR,
        "reference": "RAR Hovedstaden j.nr. 2026-0042",
        "valid_from": START,
        "kinds": [OpeningKind.NYTTEJOB],
        "extra_seats": 10,
    }
    values.update(changes)
    return dispensation_create(actor=actor, workplace=workplace, **values)


@pytest.mark.parametrize("role", ["consultant", "manager"])
def test_consultants_and_managers_register_a_dispensation(request, role):
    actor = request.getfixturevalue(role)
    workplace = WorkplaceFactory()

    dispensation = register(actor, workplace)

    assert dispensation.workplace == workplace
    assert dispensation.created_by == actor
    assert dispensation.kinds == ["nyttejob"]


def test_a_caseworker_may_not_register_a_dispensation(caseworker):
    workplace = WorkplaceFactory()

    with translation.override("da"), pytest.raises(PermissionDenied) as refused:
        register(caseworker, workplace)

    assert "din rolle" in str(refused.value)
    assert not Dispensation.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "danish"),
    [
        ({"granted_by": ""}, "granted_by", "Vælg, hvem der gav dispensationen"),
        ({"granted_by": "unknown"}, "granted_by", "Vælg, hvem der gav dispensationen"),
        ({"reference": "  "}, "reference", "Angiv afgørelsens reference"),
        ({"kinds": []}, "kinds", "mindst én type forløb"),
        ({"kinds": ["ordinaert_job"]}, "kinds", "kun virksomhedspraktik, løntilskud"),
        ({"valid_from": None}, "valid_from", "Angiv datoen"),
        ({"valid_to": START - timedelta(days=1)}, "valid_to", "slutte samme dag"),
        ({"extra_seats": 0}, "extra_seats", "mindst 1 ekstra plads"),
    ],
)
def test_an_incomplete_dispensation_is_refused_in_danish_and_not_saved(
    consultant, changes, field, danish
):
    workplace = WorkplaceFactory()

    with translation.override("da"), pytest.raises(ValidationError) as invalid:
        register(consultant, workplace, **changes)

    assert danish in " ".join(invalid.value.message_dict[field])
    assert not Dispensation.objects.exists()


def test_ending_a_dispensation_is_recorded_in_the_change_log(consultant):
    dispensation = register(consultant, WorkplaceFactory())

    dispensation_update(actor=consultant, dispensation=dispensation, valid_to=date(2027, 6, 30))

    dispensation.refresh_from_db()
    assert dispensation.valid_to == date(2027, 6, 30)
    assert LogEntry.objects.get_for_object(dispensation).count() == 2


def test_the_company_page_shows_the_dispensation_with_its_basis(login, consultant):
    dispensation = DispensationFactory(reference="RAR Hovedstaden j.nr. 2026-0099")

    response = login(consultant).get(
        reverse("employers:detail", args=[dispensation.workplace.employer_id])
    )

    content = response.content.decode()
    assert "RAR Hovedstaden j.nr. 2026-0099" in content
    assert reverse("employers:dispensation_edit", args=[dispensation.pk]) in content
    assert reverse("employers:dispensation_new", args=[dispensation.workplace_id]) in content


def test_registering_through_the_page_saves_it(login, consultant):
    workplace = WorkplaceFactory()

    response = login(consultant).post(
        reverse("employers:dispensation_new", args=[workplace.pk]),
        {
            "granted_by": "rar",
            "reference": "RAR j.nr. 7",
            "valid_from": "2026-11-02",
            "kinds": ["nyttejob", "virksomhedspraktik"],
            "extra_seats": "4",
        },
    )

    assert response.status_code == 302
    saved = Dispensation.objects.get(workplace=workplace)
    assert saved.extra_seats == 4 and set(saved.kinds) == {"nyttejob", "virksomhedspraktik"}


def test_a_page_submission_without_reference_is_422_and_not_saved(login, consultant):
    workplace = WorkplaceFactory()

    response = login(consultant).post(
        reverse("employers:dispensation_new", args=[workplace.pk]),
        {"granted_by": "rar", "reference": "", "valid_from": "2026-11-02", "kinds": ["nyttejob"]},
    )

    assert response.status_code == 422
    assert not Dispensation.objects.exists()


def test_a_caseworker_cannot_open_the_dispensation_page(login, caseworker):
    workplace = WorkplaceFactory()

    response = login(caseworker).get(reverse("employers:dispensation_new", args=[workplace.pk]))

    assert response.status_code == 403


def test_the_admin_registers_through_the_service_and_refuses_bad_values(admin_client):
    workplace = WorkplaceFactory()
    url = reverse("admin:employers_dispensation_add")
    data = {
        "workplace": workplace.pk,
        "granted_by": "rar",
        "reference": "",
        "valid_from": "2026-11-02",
        "kinds": '["nyttejob"]',
        "extra_seats": "3",
        "note": "",
    }

    refused = admin_client.post(url, data)
    assert refused.status_code == 200
    assert not Dispensation.objects.exists()

    saved = admin_client.post(url, {**data, "reference": "RAR j.nr. 1"})
    assert saved.status_code == 302
    dispensation = Dispensation.objects.get()
    assert dispensation.kinds == ["nyttejob"] and dispensation.created_by is not None
