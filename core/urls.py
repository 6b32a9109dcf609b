from django.urls import path

from . import views
from .views_occupations import occupation_search_view

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("occupations/search/", occupation_search_view, name="occupation-search"),
    path("adgangslog/", views.access_log_export, name="access-log-export"),
]
