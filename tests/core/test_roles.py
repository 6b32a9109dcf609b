import pytest
from django.contrib.auth.models import Group

from core import roles
from core.roles import API_CLIENT, CASEWORKER, CONSULTANT, MANAGER, ROLES, sync_roles
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def perms(role: str) -> set[str]:
    group = Group.objects.get(name=role)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_migrate_creates_the_four_role_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)


def test_sync_roles_is_idempotent():
    first = sync_roles()
    second = sync_roles()

    assert first == second
    assert Group.objects.filter(name__in=ROLES).count() == 4


def test_sync_roles_restores_a_permission_removed_by_hand():
    group = Group.objects.get(name=CASEWORKER)
    group.permissions.clear()

    sync_roles()

    assert "citizens.view_citizen" in perms(CASEWORKER)


def test_caseworker_keeps_cases_but_cannot_write_employers():
    granted = perms(CASEWORKER)

    assert {
        "citizens.view_citizen",
        "citizens.change_citizen",
        "citizens.add_conversation",
    } <= granted
    assert "employers.view_opening" in granted
    assert "employers.add_employer" not in granted
    assert "core.export_accesslog" not in granted


def test_consultant_sees_no_citizen_data():
    granted = perms(CONSULTANT)

    assert not {p for p in granted if p.startswith("citizens.")}
    assert {"employers.add_opening", "employers.change_employer"} <= granted


def test_manager_reads_everything_and_changes_no_case():
    granted = perms(MANAGER)

    assert {"citizens.view_citizen", "employers.view_employer", "core.export_accesslog"} <= granted
    assert not {p for p in granted if p.startswith(("citizens.add_", "citizens.change_"))}
    # The one employers' write a manager (leder) makes: registering a dispensation from the
    # rimelighedskrav (issue 10).
    assert {p for p in granted if p.startswith(("employers.add_", "employers.change_"))} == {
        "employers.add_dispensation",
        "employers.change_dispensation",
    }


# Integration clients read: no write of any kind (issue 13: they started GRID runs before).
API_CLIENT_READS_ONLY = ("view_",)


def test_api_client_reads_and_writes_nothing():
    granted = perms(API_CLIENT)

    assert "citizens.view_citizen" in granted
    assert "grid.add_matchrun" not in granted
    not_reads = {p for p in granted if not p.split(".", 1)[1].startswith(API_CLIENT_READS_ONLY)}
    assert not_reads == set()


def test_no_role_may_delete_anything():
    for role in ROLES:
        assert not {p for p in perms(role) if ".delete_" in p}, role


def test_a_grant_naming_a_missing_permission_fails_loudly(monkeypatch):
    monkeypatch.setitem(roles.CORE_ROLE_PERMISSIONS, CASEWORKER, ["core.fly_to_the_moon"])

    with pytest.raises(roles.UnknownPermission):
        sync_roles()


def test_the_roles_are_read_once_per_user_object_and_again_after_a_group_change(
    django_assert_num_queries,
):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=CASEWORKER))
    with django_assert_num_queries(1):
        assert roles.user_roles(user) == {CASEWORKER}
        assert roles.has_role(user, CASEWORKER)
        assert not roles.has_role(user, API_CLIENT)

    user.groups.add(Group.objects.get(name=API_CLIENT))
    assert roles.user_roles(user) == {CASEWORKER, API_CLIENT}
    user.groups.clear()
    assert roles.user_roles(user) == set()
