"""The accessibility statement (tilgængelighedserklæring), public and linked from every footer."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")
