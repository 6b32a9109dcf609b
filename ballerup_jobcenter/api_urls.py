"""The REST API, version 1, mounted at /api/v1/ (namespace "api").

Every view here is a Django REST framework view: exempt from the login redirect
(core.api.middleware) and authenticated by DRF (token or session), so an anonymous client gets
401 JSON. Register an app's viewsets on `router`, e.g.
`router.register("citizens", CitizenViewSet, basename="citizen")`; the default permission
(core.api.permissions.RolePermission) then grants each role what its model permissions allow.
"""

from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from citizens.api import CitizenViewSet
from citizens.api_deadlines import DeadlineViewSet
from core.api import views as core_api_views
from employers import api as employers_api
from grid import api as grid_api
from grid import api_requests as grid_requests_api
from strategy import api as strategy_api

app_name = "api"

router = SimpleRouter()
router.register("citizens", CitizenViewSet, basename="citizen")
router.register("deadlines", DeadlineViewSet, basename="deadline")
router.register("employers", employers_api.EmployerViewSet, basename="employer")
router.register("workplaces", employers_api.WorkplaceViewSet, basename="workplace")
router.register("openings", employers_api.OpeningViewSet, basename="opening")
router.register(
    "employer-contacts", employers_api.EmployerContactViewSet, basename="employer-contact"
)
router.register("placements", employers_api.PlacementViewSet, basename="placement")
router.register("focus-areas", strategy_api.FocusAreaViewSet, basename="focus-area")
router.register("indicators", strategy_api.IndicatorViewSet, basename="indicator")
router.register("match-runs", grid_api.MatchRunViewSet, basename="match-run")
router.register("matches", grid_api.MatchViewSet, basename="match")
router.register("grid", grid_api.GridViewSet, basename="grid")
router.register(
    "candidate-requests", grid_requests_api.CandidateRequestViewSet, basename="candidate-request"
)

urlpatterns = [
    path("", include("core.api.urls")),
    path(
        "openings/<int:pk>/candidate-requests/",
        grid_requests_api.OpeningCandidateRequests.as_view(),
        name="opening-candidate-requests",
    ),
    path("", include(router.urls)),
    # Last: any other address under /api/v1/ is a JSON 404, never an HTML page.
    # [\s\S]: any character, a newline too (schemathesis sends %0A in path ids).
    re_path(r"^[\s\S]*$", core_api_views.NotFoundView.as_view(), name="not-found"),
]
