from django.urls import path

from . import views
from .views_accessibility import accessibility_statement
from .views_occupations import occupation_search_view
from .views_session import session_extend

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("occupations/search/", occupation_search_view, name="occupation-search"),
    path("session/forlaeng/", session_extend, name="session-extend"),
    path("tilgaengelighed/", accessibility_statement, name="accessibility"),
    path("adgangslog/", views.access_log_export, name="access-log-export"),
]
