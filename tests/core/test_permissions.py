"""core.permissions: the one object-level check (can / require), the object rules the apps
register, grants for a service called on the actor's behalf, and Django's has_perm(perm, obj)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from core import permissions
from core.exceptions import PermissionRefused
from core.permissions import can, granted, require
from tests.factories.citizens import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_citizen(caseworker):
    return CitizenFactory(team=caseworker.team)


@pytest.fixture
def foreign_citizen(other_caseworker):
    return CitizenFactory(team=other_caseworker.team)


def test_the_role_decides_without_an_object(caseworker, manager):
    assert can(caseworker, "citizens.change_citizen")
    assert not can(manager, "citizens.change_citizen")
    assert can(manager, "citizens.view_citizen")


def test_the_object_rule_decides_with_an_object(caseworker, own_citizen, foreign_citizen):
    assert can(caseworker, "citizens.change_citizen", own_citizen)
    assert not can(caseworker, "citizens.change_citizen", foreign_citizen)


def test_require_refuses_with_the_rules_danish_message_and_field(caseworker, foreign_citizen):
    with pytest.raises(PermissionRefused) as refused:
        require(caseworker, "citizens.change_citizen", foreign_citizen)

    assert refused.value.message.startswith("Du kan kun oprette og ændre borgere i dit eget")
    assert refused.value.field == "team"


def test_a_role_without_the_permission_is_refused_in_danish(manager, own_citizen):
    with pytest.raises(PermissionRefused) as refused:
        require(manager, "citizens.change_citizen", own_citizen)

    assert refused.value.message == "Det må du ikke: din rolle giver ikke adgang til det."


def test_nobody_and_an_inactive_user_are_refused(caseworker, own_citizen):
    assert not can(None, "citizens.change_citizen", own_citizen)
    assert not can(AnonymousUser(), "citizens.change_citizen", own_citizen)
    caseworker.is_active = False
    assert not can(caseworker, "citizens.change_citizen", own_citizen)


def test_djangos_has_perm_with_an_object_gives_the_same_answer(
    caseworker, manager, own_citizen, foreign_citizen
):
    for user in (caseworker, manager):
        for citizen in (own_citizen, foreign_citizen):
            assert user.has_perm("citizens.change_citizen", citizen) == can(
                user, "citizens.change_citizen", citizen
            )


def test_a_grant_holds_inside_its_block_for_its_actor_and_object_only(
    caseworker, other_caseworker, foreign_citizen, own_citizen
):
    action = "citizens.add_intervention"

    with granted(caseworker, action, foreign_citizen):
        assert can(caseworker, action, foreign_citizen)
        assert not can(other_caseworker, action, own_citizen)
        assert not can(caseworker, "citizens.change_citizen", foreign_citizen)

    assert not can(caseworker, action, foreign_citizen)


def test_every_rule_registered_for_an_action_must_agree(monkeypatch, caseworker, own_citizen):
    monkeypatch.setitem(permissions._RULES, "citizens.add_conversation", [])
    permissions.register("citizens.add_conversation", lambda actor, obj: True, message="ja")
    assert can(caseworker, "citizens.add_conversation", own_citizen)

    permissions.register("citizens.add_conversation", lambda actor, obj: False, message="nej")

    with pytest.raises(PermissionRefused, match="nej"):
        require(caseworker, "citizens.add_conversation", own_citizen)


def test_an_action_must_be_a_permission_name():
    with pytest.raises(ValueError):
        permissions.register("change_citizen", lambda actor, obj: True, message="x")


def test_the_apps_register_their_rules():
    for action in ("citizens.change_citizen", "grid.decide_match", "grid.propose_match"):
        assert permissions.rules_for(action), action
