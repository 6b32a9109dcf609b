"""The consultant's side of a need: how many citizens fit an opening (counts, no names), a
request for candidates ("anmod om kandidater") to the caseworkers of those citizens, their
answers (propose or decline with a reason), and the whole thread on the opening.

Writes are services here (actor checked with core.permissions, recorded with records_actor);
reads are selectors. A company without a consultant is everybody's: any consultant may request
candidates for its openings and decide its proposals (a shared queue) until one takes it
(employers.services.employer_take).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from citizens.models import Citizen
from core.audit import records_actor
from core.exceptions import Conflict
from core.models import User
from core.permissions import require
from core.roles import CASEWORKER, has_role
from employers.models import Opening

from .models import CandidateRequest, CandidateRequestAnswer, Match
from .selectors import consultant_only, match_list, proposed_candidate
from .services import match_propose

NOTE_MAX = 2000
REASON_MAX = 500


def _fitting(opening_id: int) -> QuerySet[Match]:
    """The current suggestions of the opening (what "fits" means): among the shown matches."""
    from .selectors import shown_matches

    return shown_matches(Match.objects.filter(opening_id=opening_id)).filter(
        status=Match.Status.SUGGESTED
    )


# --- Reads ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FitCounts:
    total: int
    by_team: list[tuple[str, int]]  # (team name, citizens)
    by_caseworker: list[tuple[str, str, int]]  # (caseworker, team name, citizens)


def fit_counts(*, opening_id: int) -> FitCounts:
    """How many citizens fit the opening now, per team and per caseworker: counts only, no
    citizen's name, id or CPR."""
    rows = list(
        _fitting(opening_id)
        .values(
            "citizen__team__name",
            "citizen__caseworker__first_name",
            "citizen__caseworker__last_name",
            "citizen__caseworker__username",
        )
        .annotate(n=Count("citizen", distinct=True))
        .order_by("citizen__team__name", "citizen__caseworker__last_name")
    )
    teams: dict[str, int] = {}
    caseworkers = []
    for row in rows:
        team = row["citizen__team__name"] or "–"
        teams[team] = teams.get(team, 0) + row["n"]
        name = " ".join(
            part
            for part in (
                row["citizen__caseworker__first_name"],
                row["citizen__caseworker__last_name"],
            )
            if part
        ) or (row["citizen__caseworker__username"] or _("No caseworker"))
        caseworkers.append((name, team, row["n"]))
    return FitCounts(
        total=sum(teams.values()),
        by_team=sorted(teams.items()),
        by_caseworker=caseworkers,
    )


def may_work_opening(user: User, opening: Opening) -> bool:
    """The consultant of the opening's company, any consultant while it has none, a leder."""
    consultant_id = opening.workplace.employer.consultant_id
    if user.has_perm("citizens.view_all_teams"):
        return True
    return consultant_only(user) and consultant_id in (None, user.pk)


@dataclass
class InboxItem:
    request: CandidateRequest
    open_matches: list[Match]  # the caseworker's fitting citizens not yet answered
    answers: list[CandidateRequestAnswer]


def inbox(*, user: User) -> list[InboxItem]:
    """A caseworker's GRID inbox: each request for an opening their own citizens fit, with those
    citizens (the matches) still to answer and the answers given; newest request first."""
    if not has_role(user, CASEWORKER):
        return []
    mine = match_list(user=user).filter(citizen__caseworker=user, status=Match.Status.SUGGESTED)
    opening_ids = set(mine.values_list("opening_id", flat=True).distinct())
    requests = (
        CandidateRequest.objects.filter(opening_id__in=opening_ids)
        .select_related("opening__workplace__employer", "requested_by")
        .prefetch_related("answers__citizen")
    )
    items = []
    for request in requests:
        answered = {a.citizen_id for a in request.answers.all()}
        items.append(
            InboxItem(
                request=request,
                open_matches=[
                    m
                    for m in mine.filter(opening_id=request.opening_id)
                    if m.citizen_id not in answered
                ],
                answers=[a for a in request.answers.all() if a.caseworker_id == user.pk],
            )
        )
    return items


@dataclass
class Thread:
    requests: list[CandidateRequest]
    candidates: list  # ProposedCandidate rows of the opening (proposed and decided)


def thread(*, user: User, opening: Opening) -> Thread:
    """Everything about the opening's search: the requests with every answer (the declined ones
    with their reason, no citizen named), the candidates proposed and what was decided."""
    requests = list(
        CandidateRequest.objects.filter(opening=opening)
        .select_related("requested_by")
        .prefetch_related("answers__caseworker")
    )
    acted = (
        Match.objects.filter(opening=opening)
        .exclude(status=Match.Status.SUGGESTED)
        .select_related("citizen", "opening__workplace__employer", "intervention")
        .order_by("-proposed_at", "pk")
    )
    return Thread(requests=requests, candidates=[proposed_candidate(m) for m in acted])


def requests_visible_to(user: User) -> QuerySet[CandidateRequest]:
    """A consultant: requests for their own and unowned companies' openings; a caseworker: the
    requests their own citizens fit; a leder: all."""
    queryset = CandidateRequest.objects.select_related(
        "opening__workplace__employer", "requested_by"
    ).prefetch_related("answers")
    if user.has_perm("citizens.view_all_teams"):
        return queryset
    if consultant_only(user):
        return queryset.filter(
            Q(opening__workplace__employer__consultant=user)
            | Q(opening__workplace__employer__consultant__isnull=True)
        )
    if has_role(user, CASEWORKER):
        openings = match_list(user=user).filter(citizen__caseworker=user).values("opening_id")
        return queryset.filter(opening_id__in=openings)
    return queryset.none()


# --- Writes --------------------------------------------------------------------------------------


@transaction.atomic
@records_actor
def candidate_request_create(*, actor: User, opening: Opening, note: str) -> CandidateRequest:
    """The consultant asks for candidates for the opening, with a note to the caseworkers."""
    require(actor, "grid.add_candidaterequest", opening)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Write a note to the caseworkers.")})
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": _("The note is too long.")})
    if opening.status != Opening.Status.OPEN:
        raise Conflict(_("The opening is not open."), code="opening_not_open")
    return CandidateRequest.objects.create(opening=opening, requested_by=actor, note=note)


@transaction.atomic
@records_actor
def candidate_request_answer(
    *,
    actor: User,
    request: CandidateRequest,
    citizen: Citizen,
    propose: bool,
    reason: str = "",
) -> CandidateRequestAnswer:
    """A caseworker answers a request for one of their own fitting citizens: propose (the match
    is proposed to the consultant, grid.services.match_propose) or decline with a reason."""
    require(actor, "grid.answer_candidaterequest", citizen)
    if CandidateRequestAnswer.objects.filter(request=request, citizen=citizen).exists():
        raise Conflict(_("The citizen has already been answered for."), code="answered")
    match = _fitting(request.opening_id).filter(citizen=citizen).select_related("citizen").first()
    if match is None:
        raise Conflict(_("The citizen no longer fits the opening."), code="no_longer_fits")
    reason = (reason or "").strip()
    if propose:
        match_propose(actor=actor, match=match)
        decision = CandidateRequestAnswer.Decision.PROPOSED
    else:
        if not reason:
            raise ValidationError({"reason": _("Give a reason for declining.")})
        decision = CandidateRequestAnswer.Decision.DECLINED
    return CandidateRequestAnswer.objects.create(
        request=request,
        caseworker=actor,
        citizen=citizen,
        decision=decision,
        reason=reason[:REASON_MAX],
    )
