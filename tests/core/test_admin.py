from types import SimpleNamespace

import pytest
from auditlog.models import LogEntry
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from core.audit import log_citizen_access
from core.cpr_crypto import cpr_hash
from core.models import AccessLog, Occupation, Rule
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


def rule_form_data(rule: Rule, **changes) -> dict:
    data = {
        "key": rule.key,
        "qualifier": rule.qualifier,
        "value": str(rule.value),
        "unit": rule.unit,
        "valid_from": rule.valid_from.isoformat(),
        "valid_to": rule.valid_to.isoformat() if rule.valid_to else "",
        "legal_reference": rule.legal_reference,
        "description": rule.description,
    }
    data.update(changes)
    return data


def test_staff_manager_changes_a_rule(login, manager):
    manager.is_staff = True
    manager.save()
    rule = Rule.objects.get(key="nytteindsats_max_weeks")
    url = reverse("admin:core_rule_change", args=[rule.pk])
    response = login(manager).post(url, rule_form_data(rule, value="12"))
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.value == 12


def test_manager_without_staff_cannot_reach_the_admin(login, manager):
    rule = Rule.objects.get(key="nytteindsats_max_weeks")
    response = login(manager).get(reverse("admin:core_rule_change", args=[rule.pk]))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_caseworker_cannot_change_a_rule(login, caseworker):
    caseworker.is_staff = True
    caseworker.save()
    rule = Rule.objects.get(key="nytteindsats_max_weeks")
    url = reverse("admin:core_rule_change", args=[rule.pk])
    login(caseworker).post(url, rule_form_data(rule, value="12"))
    rule.refresh_from_db()
    assert rule.value == 13


def test_admin_refuses_overlapping_rule(login, superuser):
    rule = Rule.objects.get(key="nytteindsats_max_weeks")  # in force 2019-01-01..2025-06-30
    data = rule_form_data(rule, valid_from="2025-01-01", value="10")
    response = login(superuser).post(reverse("admin:core_rule_add"), data)
    assert response.status_code == 200  # the form again, with the error
    assert response.context["adminform"].form.non_field_errors().as_data()[0].code == "overlap"
    assert Rule.objects.filter(key="nytteindsats_max_weeks").count() == 1


def test_rule_changelist_shows_legal_reference_and_period(login, superuser):
    response = login(superuser).get(reverse("admin:core_rule_changelist"))
    assert response.status_code == 200
    assert "bek. 1297/2017 § 92" in response.content.decode()
    assert {"legal_reference", "valid_from", "valid_to"} <= set(
        admin.site._registry[Rule].list_display
    )


@pytest.mark.parametrize("model", [AccessLog, Occupation, LogEntry])
def test_audit_and_reference_data_cannot_be_edited_even_by_superuser(model, superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    model_admin = admin.site._registry[model]
    assert model_admin.has_add_permission(request) is False
    assert model_admin.has_change_permission(request) is False
    assert model_admin.has_delete_permission(request) is False
    assert model_admin.has_view_permission(request) is True


def test_change_log_cannot_be_deleted_from_another_admin_page(superuser):
    # auditlog's own admin allows deletes when reached from another model's admin page.
    request = RequestFactory().get(reverse("admin:core_team_delete", args=[1]))
    request.user = superuser
    from django.urls import resolve

    request.resolver_match = resolve(request.path)
    assert admin.site._registry[LogEntry].has_delete_permission(request) is False


def test_access_log_changelist_shows_no_cpr_and_is_searchable_by_citizen_id(
    login, superuser, caseworker
):
    log_citizen_access(
        actor=caseworker,
        citizens=[
            SimpleNamespace(pk=1, cpr_hash=cpr_hash("0101901234")),
            SimpleNamespace(pk=2, cpr_hash=cpr_hash("0202025678")),
        ],
        action=AccessLog.Action.VIEW,
    )
    client = login(superuser)
    url = reverse("admin:core_accesslog_changelist")
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "0101901234" not in content
    assert cpr_hash("0101901234") not in content
    found = client.get(url, {"q": "1"})
    assert list(found.context["cl"].queryset.values_list("citizen_id", flat=True)) == [1]
    assert client.get(url, {"q": "٣"}).context["cl"].queryset.count() == 0
    filtered = client.get(url, {"action__exact": "view"})
    assert filtered.status_code == 200


def test_access_log_has_no_delete_action(login, superuser):
    response = login(superuser).get(reverse("admin:core_accesslog_changelist"))
    assert "delete_selected" not in response.context["cl"].model_admin.get_actions(
        response.wsgi_request
    )


def test_occupation_admin_search(login, superuser):
    response = login(superuser).get(
        reverse("admin:core_occupation_changelist"), {"q": "Sygeplejersker"}
    )
    assert response.status_code == 200
    assert "2221" in [occupation.code for occupation in response.context["cl"].queryset]


def test_an_empty_rule_form_shows_field_errors_not_a_server_error(login, superuser):
    client = login(superuser)
    client.raise_request_exception = False

    response = client.post(reverse("admin:core_rule_add"), {})

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert {"key", "value", "unit", "valid_from", "legal_reference"} <= set(errors)
