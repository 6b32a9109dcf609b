"""A small JSON endpoint behind the searchable occupation picker."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from .occupations import occupation_search

MAX_QUERY_LENGTH = 100


@login_required
@require_GET
def occupation_search_view(request: HttpRequest) -> JsonResponse:
    """GET /occupations/search/?q=... -> [{code, title, level}], unit groups first."""
    query = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    results = [
        {"code": occupation.code, "title": occupation.title, "level": occupation.level}
        for occupation in occupation_search(query)
    ]
    return JsonResponse(results, safe=False)
