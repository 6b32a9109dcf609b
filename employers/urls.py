"""The employer consultant's pages, under /virksomheder/ (Danish paths, English names)."""

from django.urls import path

from . import views

app_name = "employers"

urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("ny/", views.employer_new, name="employer_new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/rediger/", views.employer_edit, name="employer_edit"),
    path("<int:pk>/tag/", views.employer_take, name="take"),
    path("<int:pk>/kontakter/", views.contact_new, name="contact_new"),
    path("<int:pk>/arbejdssteder/ny/", views.workplace_new, name="workplace_new"),
    path("arbejdssteder/<int:pk>/rediger/", views.workplace_edit, name="workplace_edit"),
    path(
        "arbejdssteder/<int:pk>/dispensationer/ny/",
        views.dispensation_new,
        name="dispensation_new",
    ),
    path("dispensationer/<int:pk>/rediger/", views.dispensation_edit, name="dispensation_edit"),
    path("arbejdssteder/soeg/", views.workplace_search, name="workplace_search"),
    path("aabninger/", views.openings, name="openings"),
    path("aabninger/<int:pk>/rediger/", views.opening_edit, name="opening_edit"),
    path("aabninger/<int:pk>/status/", views.opening_status, name="opening_status"),
    path("behov/ny/", views.need_new, name="need_new"),
    path("import/", views.import_csv, name="import"),
]
