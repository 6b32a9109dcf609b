"""The citizens app's object rules for core.permissions (registered in CitizensConfig.ready).

A caseworker keeps the cases of their own team: every write to a citizen's case needs the citizen
(for a new one: the team it is registered in) in the actor's team. Reading across teams
(break-glass) is the selectors' business and never gives write access; a leder and the API client
hold no write permission at all (core.roles).
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from core import permissions

# Every write to a citizen's case, by the permission it needs; the object is the citizen.
CASE_WRITES = (
    "citizens.add_citizen",
    "citizens.change_citizen",
    "citizens.add_course",
    "citizens.change_course",
    "citizens.add_planrevision",
    "citizens.add_conversation",
    "citizens.add_intervention",
    "citizens.add_jobtrack",
    "citizens.change_jobtrack",
    "citizens.add_citizenlanguage",
    "citizens.change_citizenlanguage",
    "citizens.add_paidhours",
    "citizens.transfer_citizen",
)

OWN_TEAM_ONLY = _(
    "You can register and change only the citizens of your own team. A citizen of another team "
    "is changed after a transfer."
)


def in_own_team(actor: Any, citizen: Any) -> bool:
    """The citizen (or the team a new citizen is registered in) is the actor's team."""
    return actor.team_id is not None and citizen.team_id == actor.team_id


ANONYMISED = _(
    "This case was closed and anonymised after the retention period: register the citizen anew."
)


def not_anonymised(actor: Any, citizen: Any) -> bool:
    """An anonymised case (citizens.retention) is never written to again."""
    return getattr(citizen, "anonymised_at", None) is None


def register_rules() -> None:
    for action in CASE_WRITES:
        permissions.register(action, in_own_team, message=OWN_TEAM_ONLY, field="team")
        permissions.register(action, not_anonymised, message=ANONYMISED)
