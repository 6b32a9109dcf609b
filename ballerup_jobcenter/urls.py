from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from core.views import LogoutView

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    # Public, so the language can be switched on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("ballerup_jobcenter.api_urls", namespace="api")),
    path("virksomheder/", include("employers.urls")),
    path("borgere/", include("citizens.urls")),
    path("strategi/", include("strategy.urls")),
    path("grid/", include("grid.urls")),
    path("", include("core.urls")),
]
