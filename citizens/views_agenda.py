"""The caseworker's agenda, "Mine frister" (citizens.agenda): thin, like the other pages."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.access import access_action, render
from core.models import AccessLog

from .agenda import SCOPE_MINE, SCOPES, agenda_rows, deadlines, default_scope

PAGE_SIZE = 50


@access_action(AccessLog.Action.LIST)
@require_GET
def agenda(request: HttpRequest) -> HttpResponse:
    """Every deadline due this week or overdue, earliest first, for my citizens (or, with
    ?scope=team, every citizen I may see), each with its rule and a link to act. Logged."""
    user = request.user
    if not user.has_perm("citizens.view_citizen"):
        raise PermissionDenied
    scope = request.GET.get("scope")
    if scope not in SCOPES:
        scope = default_scope(user)
    page = Paginator(deadlines(user=user, scope=scope), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = agenda_rows(page.object_list)
    return render(
        request,
        "citizens/agenda.html",
        {
            "page": page,
            "rows": rows,
            "scope": scope,
            "page_title": _("My deadlines") if scope == SCOPE_MINE else _("Deadlines"),
        },
    )
