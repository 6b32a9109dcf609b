"""The GRID's pages, under /grid/ (Danish paths, English names)."""

from django.urls import path

from . import views, views_requests

app_name = "grid"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("koersler/start/", views.run_start, name="run_start"),
    path("koersler/<int:pk>/", views.run_detail, name="run"),
    path("koersler/<int:pk>/fremdrift/", views.run_progress, name="run_progress"),
    path("matches/", views.results, name="results"),
    path("matches/borger/", views.citizen_matches, name="citizen_matches"),
    path("matches/borger/udelukket/", views.citizen_exclusions, name="citizen_exclusions"),
    path("matches/<int:pk>/foreslaa/", views.propose, name="propose"),
    path("kandidater/", views.candidates, name="candidates"),
    path("aabninger/<int:pk>/", views_requests.opening_page, name="opening"),
    path("anmodninger/", views_requests.inbox, name="inbox"),
    path("anmodninger/<int:pk>/svar/", views_requests.answer, name="answer"),
    path("kandidater/<int:pk>/accepter/", views.accept, name="accept"),
    path("kandidater/<int:pk>/afvis/", views.reject, name="reject"),
    path("udbud-og-efterspoergsel/", views.supply_demand, name="supply_demand"),
    path(
        "udbud-og-efterspoergsel/kampagneforslag.csv",
        views.supply_demand_csv,
        name="supply_demand_csv",
    ),
    path("plan/", views.plan, name="plan"),
    path("fairness/", views.fairness, name="fairness"),
]
