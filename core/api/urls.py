"""The shell's own endpoints, mounted under /api/v1/ by ballerup_jobcenter/api_urls.py."""

from django.contrib.auth.decorators import login_required
from django.urls import path

from . import views

urlpatterns = [
    path("auth/token/", views.TokenObtainView.as_view(), name="token"),
    path("me/", views.MeView.as_view(), name="me"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    # A page for people: an anonymous browser is sent to the login page, not given 401 JSON.
    path("docs/", login_required(views.DocsView.as_view()), name="docs"),
    path("audit/access-log/", views.AccessLogView.as_view(), name="access-log"),
    path("audit/access-log.csv", views.AccessLogCsvView.as_view(), name="access-log-csv"),
]
