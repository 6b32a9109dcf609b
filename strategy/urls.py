"""The strategy dashboards, under /strategi/ (Danish paths, English names)."""

from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "strategy"

urlpatterns = [
    # The overview has its own path so the navigation marks only the page shown as current.
    path("", RedirectView.as_view(pattern_name="strategy:overview", permanent=False)),
    path("overblik/", views.overview, name="overview"),
    path("fokusomraader/", views.focus_areas, name="focus_areas"),
    path("fokusomraader/<int:pk>/", views.focus_area, name="focus_area"),
    path("rapport/", views.report, name="report"),
    path("rapport/csv/", views.report_csv, name="report_csv"),
    path("rapport/xlsx/", views.report_xlsx, name="report_xlsx"),
    path("indikatorer/<int:pk>/vaerdi/", views.measurement_enter, name="measurement_enter"),
    path("indikatorer/<int:pk>/genberegn/", views.indicator_compute, name="indicator_compute"),
]
