"""The GRID's object rules for core.permissions (registered in GridConfig.ready).

- Proposing a match: the citizen is of the caseworker's own team.
- Accepting or rejecting a proposed match: the consultant is the responsible consultant of the
  opening's company (the one it was proposed to).
- Starting a run for one team or one citizen: a team the actor may see (a caseworker: their own;
  a leder: every team; the API client starts no run). A run over everything, or one opening, has
  no owner.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from core import permissions


def _sees_team(actor: Any, team_id: int | None) -> bool:
    return actor.has_perm("citizens.view_all_teams") or (
        actor.team_id is not None and team_id == actor.team_id
    )


def citizen_in_own_team(actor: Any, match: Any) -> bool:
    return actor.team_id is not None and match.citizen.team_id == actor.team_id


def consultant_of_opening(actor: Any, match: Any) -> bool:
    """The company's consultant; while it has none, any consultant (the shared queue)."""
    return match.opening.workplace.employer.consultant_id in (None, actor.pk)


def may_request_candidates(actor: Any, opening: Any) -> bool:
    if actor.has_perm("citizens.view_all_teams"):
        return True
    return opening.workplace.employer.consultant_id in (None, actor.pk)


def own_citizen(actor: Any, citizen: Any) -> bool:
    return citizen.caseworker_id == actor.pk


def run_in_scope(actor: Any, run: Any) -> bool:
    teams = []
    if run.team_id is not None:
        teams.append(run.team_id)
    if run.citizen_id is not None:
        teams.append(run.citizen.team_id)
    return all(_sees_team(actor, team_id) for team_id in teams)


def register_rules() -> None:
    permissions.register(
        "grid.propose_match",
        citizen_in_own_team,
        message=_("The citizen is not one of your team's."),
        field="match",
    )
    permissions.register(
        "grid.decide_match",
        consultant_of_opening,
        message=_(
            "Only the responsible consultant of the opening's company can accept or reject its "
            "candidates."
        ),
        field="match",
    )
    permissions.register(
        "grid.add_candidaterequest",
        may_request_candidates,
        message=_("Only the consultant of the opening's company can ask for candidates."),
        field="opening",
    )
    permissions.register(
        "grid.answer_candidaterequest",
        own_citizen,
        message=_("You can answer only for your own citizens."),
        field="citizen",
    )
    permissions.register(
        "grid.add_matchrun",
        run_in_scope,
        message=_("You can start a run only for your own team and its citizens."),
    )
