"""The consultant's side of a need in the GRID (grid.candidate_requests): an opening's page with
how many citizens fit (counts only), the request for candidates and the whole thread; and the
caseworker's inbox of requests with their own fitting citizens to propose or decline."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from citizens.models import Citizen
from core.access import access_action, render
from core.exceptions import Conflict, PermissionRefused
from core.models import AccessLog
from core.web import permission_required
from employers.models import Opening

from . import candidate_requests as requests_
from .models import CandidateRequest

NOTE_ROWS = 3


def _errors(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(m for messages_ in error.message_dict.values() for m in messages_)
    return str(getattr(error, "message", error))


@access_action(AccessLog.Action.VIEW, reason="GRID")
@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("grid.view_candidaterequest")
def opening_page(request: HttpRequest, pk: int) -> HttpResponse:
    """An opening in the GRID for its consultant (or any consultant while the company has none)
    and the leder: fit counts per team and caseworker, the request form, the thread."""
    opening = get_object_or_404(
        Opening.objects.select_related("workplace__employer__consultant", "occupation"), pk=pk
    )
    if not requests_.may_work_opening(request.user, opening):
        raise Http404(_("No such opening."))
    note = ""
    if request.method == "POST":
        note = request.POST.get("note", "")
        try:
            requests_.candidate_request_create(actor=request.user, opening=opening, note=note)
        except (ValidationError, Conflict, PermissionRefused) as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("The request has been sent to the caseworkers."))
            return redirect("grid:opening", pk=pk)
    context = {
        "opening": opening,
        "counts": requests_.fit_counts(opening_id=opening.pk),
        "thread": requests_.thread(user=request.user, opening=opening),
        "note": note,
        "note_rows": NOTE_ROWS,
        "can_request": request.user.has_perm("grid.add_candidaterequest"),
    }
    return render(request, "grid/opening.html", context)


@access_action(AccessLog.Action.LIST, reason="GRID")
@require_GET
@permission_required("grid.answer_candidaterequest")
def inbox(request: HttpRequest) -> HttpResponse:
    """The caseworker's requests for candidates, each with their own fitting citizens."""
    return render(request, "grid/inbox.html", {"items": requests_.inbox(user=request.user)})


@require_POST
@permission_required("grid.answer_candidaterequest")
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose (`decision=propose`) or decline with a reason one of the own fitting citizens."""
    candidate_request = get_object_or_404(CandidateRequest, pk=pk)
    citizen = Citizen.objects.filter(pk=request.POST.get("citizen") or 0).first()
    if citizen is None:
        raise Http404(_("No such citizen."))
    try:
        requests_.candidate_request_answer(
            actor=request.user,
            request=candidate_request,
            citizen=citizen,
            propose=request.POST.get("decision") == "propose",
            reason=request.POST.get("reason", ""),
        )
    except (ValidationError, Conflict, PermissionRefused) as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Your answer has been sent to the consultant."))
    return redirect("grid:inbox")
