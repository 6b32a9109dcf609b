"""The caseworker's pages, mounted at /borgere/ (Danish paths, English names)."""

from django.urls import path

from . import views, views_agenda, views_retention

app_name = "citizens"

urlpatterns = [
    path("", views.citizen_list_view, name="list"),
    path("mine/", views.caseload, name="caseload"),
    path("frister/", views_agenda.agenda, name="agenda"),
    path("ny/", views.citizen_create, name="create"),
    path("find/", views.citizen_find, name="find"),
    path("overdrag/", views.caseload_transfer, name="transfer"),
    path("sletning/", views_retention.retention_list, name="retention"),
    path("<int:pk>/", views.citizen_detail, name="detail"),
    path("<int:pk>/begrundelse/", views.citizen_break_glass, name="break_glass"),
    path("<int:pk>/stamdata/", views.citizen_edit, name="edit"),
    path("<int:pk>/forloeb/", views.course_change, name="course_change"),
    path("<int:pk>/forloeb/afslut/", views.course_close, name="course_close"),
    path("<int:pk>/forloeb/nyt/", views.course_open, name="course_open"),
    path("<int:pk>/forloeb/sygedagpenge/", views.course_sick_pay, name="course_sick_pay"),
    path("<int:pk>/plan/", views.plan_revise, name="plan_revise"),
    path("<int:pk>/samtaler/ny/", views.conversation_create, name="conversation_create"),
    path("<int:pk>/indsatser/ny/", views.intervention_create, name="intervention_create"),
    path("<int:pk>/jobspor/", views.job_tracks_edit, name="job_tracks"),
    path("<int:pk>/skaanebehov/", views.accommodations_edit, name="accommodations"),
    path("<int:pk>/sprog/", views.languages_edit, name="languages"),
    path("<int:pk>/loennede-timer/", views.paid_hours_record, name="paid_hours"),
]
