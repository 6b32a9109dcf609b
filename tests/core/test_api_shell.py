"""The REST API shell: token login with lockout, 401 for anonymous clients, one error format in
Danish, role permissions, pagination, schema and Swagger UI under the strict CSP."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.management import call_command
from django.http import Http404
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from core import exceptions as domain_exceptions
from core.api.errors import Conflict
from core.api.middleware import is_api_view
from core.api.permissions import RolePermission
from core.api.tokens import token_digest
from core.models import ApiToken, Team
from core.roles import CASEWORKER
from tests.factories.core import UserFactory

IP_A = "10.0.0.1"
IP_B = "10.0.0.2"
WRONG_CREDENTIALS_DA = "Kunne ikke logge ind med den angivne legitimation."
NOT_PROVIDED_DA = "Legitimation til autentificering blev ikke angivet."


def obtain_token(api, username: str, password: str, ip: str = IP_A):
    return api.post(
        reverse("api:token"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


# --- Token endpoint ---------------------------------------------------------------------------


def test_good_credentials_give_a_token_stored_only_as_its_hash(api, api_user, password):
    response = obtain_token(api, api_user.username, password)

    assert response.status_code == 200
    token = ApiToken.objects.get(user=api_user)
    body = response.json()
    assert len(body["token"]) == 40
    assert token.digest == token_digest(body["token"]) != body["token"]
    assert not ApiToken.objects.filter(digest=body["token"]).exists()
    assert parse_datetime(body["expires"]) == token.created + timedelta(hours=24)


def test_asking_twice_gives_two_tokens_that_both_work(api, api_user, password):
    first = obtain_token(api, api_user.username, password).json()["token"]
    second = obtain_token(api, api_user.username, password).json()["token"]

    assert first != second
    for key in (first, second):
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        assert api.get(reverse("api:me")).status_code == 200


def test_the_stored_digest_itself_is_not_a_token(api, api_user, password):
    obtain_token(api, api_user.username, password)
    api.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.objects.get().digest}")

    assert api.get(reverse("api:me")).status_code == 401


def test_wrong_password_is_a_400_with_a_danish_non_field_error(api, api_user):
    response = obtain_token(api, api_user.username, "wrong-password")

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [WRONG_CREDENTIALS_DA]}
    assert not ApiToken.objects.filter(user=api_user).exists()


def test_missing_fields_are_field_errors(api, db):
    response = api.post(reverse("api:token"), {}, REMOTE_ADDR=IP_A)

    assert response.status_code == 400
    assert response.json() == {
        "username": ["Dette felt er påkrævet."],
        "password": ["Dette felt er påkrævet."],
    }


def test_inactive_user_gets_no_token(api, db, password):
    user = UserFactory(username="stopped", is_active=False)

    response = obtain_token(api, user.username, password)

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [WRONG_CREDENTIALS_DA]}
    assert not ApiToken.objects.filter(user=user).exists()


def test_token_endpoint_is_public_and_needs_no_csrf_token(db, api_user, password):
    from rest_framework.test import APIClient

    api = APIClient(enforce_csrf_checks=True)
    response = obtain_token(api, api_user.username, password)

    assert response.status_code == 200


def test_locked_out_after_five_failures_for_that_username_and_ip(api, api_user, password):
    for _attempt in range(5):
        obtain_token(api, api_user.username, "wrong-password", IP_A)

    response = obtain_token(api, api_user.username, password, IP_A)

    assert response.status_code == 429
    body = response.json()
    assert list(body) == ["detail"]
    assert "spærret" in body["detail"]
    assert int(response["Retry-After"]) > 0
    assert not ApiToken.objects.filter(user=api_user).exists()


def test_four_failures_do_not_lock_out(api, api_user, password):
    for _attempt in range(4):
        obtain_token(api, api_user.username, "wrong-password", IP_A)

    assert obtain_token(api, api_user.username, password, IP_A).status_code == 200


def test_lockout_does_not_reach_another_ip_address(api, api_user, password):
    for _attempt in range(5):
        obtain_token(api, api_user.username, "wrong-password", IP_A)

    response = obtain_token(api, api_user.username, password, IP_B)

    assert response.status_code == 200
    assert "token" in response.json()


def test_lockout_is_shared_with_the_login_page(client, api, api_user, password):
    for _attempt in range(5):
        obtain_token(api, api_user.username, "wrong-password", IP_A)

    response = client.post(
        reverse("login"),
        {"username": api_user.username, "password": password},
        REMOTE_ADDR=IP_A,
    )

    assert response.status_code == 429


def test_a_token_resets_the_failure_count(api, api_user, password):
    for _attempt in range(4):
        obtain_token(api, api_user.username, "wrong-password", IP_A)
    assert obtain_token(api, api_user.username, password, IP_A).status_code == 200

    for _attempt in range(4):
        obtain_token(api, api_user.username, "wrong-password", IP_A)

    assert obtain_token(api, api_user.username, password, IP_A).status_code == 200


# --- Authentication ---------------------------------------------------------------------------


def test_authorization_header_authenticates(api, caseworker, password):
    token = obtain_token(api, caseworker.username, password).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    response = api.get(reverse("api:me"))

    assert response.status_code == 200
    assert response.json() == {
        "username": "sb-job",
        "name": caseworker.get_full_name(),
        "email": caseworker.email,
        "roles": [CASEWORKER],
        "team": {"id": caseworker.team.id, "name": "Jobafsnit", "slug": "jobafsnit"},
    }


@override_settings(API_TOKEN_TTL_HOURS=24)
def test_an_expired_token_is_refused_in_danish_and_a_new_one_issued(api, api_user, password):
    old = obtain_token(api, api_user.username, password).json()["token"]
    ApiToken.objects.filter(digest=token_digest(old)).update(
        created=timezone.now() - timedelta(hours=24, seconds=1)
    )
    api.credentials(HTTP_AUTHORIZATION=f"Token {old}")

    refused = api.get(reverse("api:me"))

    assert refused.status_code == 401
    assert "udløbet" in refused.json()["detail"]
    api.credentials()
    new = obtain_token(api, api_user.username, password).json()["token"]
    assert new != old and not ApiToken.objects.filter(digest=token_digest(old)).exists()
    api.credentials(HTTP_AUTHORIZATION=f"Token {new}")
    assert api.get(reverse("api:me")).status_code == 200


def test_a_bad_token_is_a_401_in_danish(api, db):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = api.get(reverse("api:me"))

    assert response.status_code == 401
    assert response.json() == {"detail": "Ugyldigt token."}


def test_session_login_works_for_the_browser(login, outsider):
    response = login(outsider).get(reverse("api:me"))

    assert response.status_code == 200
    assert response.json()["roles"] == []
    assert response.json()["team"] is None


def _api_paths(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    """One concrete path for each route under /api/v1/, with sample values for parameters."""
    if resolver is None:
        resolver = get_resolver()
        api = next(p for p in resolver.url_patterns if str(p.pattern) == "api/v1/")
        return _api_paths(api, "/api/v1/")
    paths = []
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        route = re.sub(r"<(?:int:)?\w+>", "1", route)
        route = re.sub(r"<\w+:\w+>", "x", route)
        route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route).lstrip("^").rstrip("$")
        route = route.replace("\\.", ".").replace(".*", "anything/")
        if isinstance(pattern, URLResolver):
            paths.extend(_api_paths(pattern, prefix + route))
        else:
            assert isinstance(pattern, URLPattern)
            paths.append(prefix + route)
    return paths


PUBLIC_API_PATHS = {"/api/v1/auth/token/"}
LOGIN_PAGE_PATHS = {"/api/v1/docs/"}  # pages for people: sent to the login page


def test_every_api_route_is_a_drf_view():
    resolver = get_resolver()
    for path in _api_paths():
        assert is_api_view(resolver.resolve(path).func), path


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
def test_anonymous_gets_401_json_with_detail_on_every_api_url(api, db, method):
    paths = set(_api_paths()) - PUBLIC_API_PATHS - LOGIN_PAGE_PATHS
    assert {"/api/v1/me/", "/api/v1/schema/", "/api/v1/audit/access-log/"} <= paths

    for path in sorted(paths):
        response = getattr(api, method)(path)
        assert response.status_code == 401, (path, response.status_code)
        assert response.json() == {"detail": NOT_PROVIDED_DA}, path
        assert response["WWW-Authenticate"] == "Token", path


def test_anonymous_browser_is_sent_to_login_from_the_docs(client, db):
    response = client.get(reverse("api:docs"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_pages_outside_the_api_still_require_login(client, db):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- One error format ---------------------------------------------------------------------------


def test_unknown_api_address_is_a_404_with_detail(login, caseworker):
    response = login(caseworker).get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Ikke fundet."}


def test_wrong_method_is_a_405_with_detail(login, caseworker):
    response = login(caseworker).delete(reverse("api:me"))

    assert response.status_code == 405
    assert response.json() == {"detail": 'Metoden "DELETE" er ikke tilladt.'}


class _RaisingView(APIView):
    """Raises whatever the test puts in `error`."""

    permission_classes = [IsAuthenticated]
    error: Exception | None = None

    def post(self, request):
        raise self.error


class _NameSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=3)


class _SerializerView(APIView):
    permission_classes = [IsAuthenticated]

    def post(self, request):
        _NameSerializer(data=request.data).is_valid(raise_exception=True)


def _call(view_class, user, **attrs):
    request = APIRequestFactory().post("/api/v1/test/", {"name": "too long"}, format="json")
    force_authenticate(request, user=user)
    response = view_class.as_view(**attrs)(request)
    response.render()
    return response


def test_serializer_errors_are_field_errors(caseworker):
    response = _call(_SerializerView, caseworker)

    assert response.status_code == 400
    assert response.data == {"name": ["Tjek at dette felt ikke indeholder flere end 3 tegn."]}


def test_django_validation_error_from_a_service_is_field_errors(caseworker):
    error = DjangoValidationError(
        {"hours": ["Too many hours."], "__all__": ["The opening is closed."]}
    )

    response = _call(_RaisingView, caseworker, error=error)

    assert response.status_code == 400
    assert response.data == {
        "hours": ["Too many hours."],
        "non_field_errors": ["The opening is closed."],
    }


def test_plain_django_validation_error_is_a_non_field_error(caseworker):
    response = _call(_RaisingView, caseworker, error=DjangoValidationError("Not allowed now."))

    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["Not allowed now."]}


def test_bare_drf_validation_error_gets_the_non_field_key(caseworker):
    error = serializers.ValidationError("Something is off.")

    response = _call(_RaisingView, caseworker, error=error)

    assert response.data == {"non_field_errors": ["Something is off."]}


def test_django_permission_denied_is_a_403_in_danish(caseworker):
    response = _call(_RaisingView, caseworker, error=DjangoPermissionDenied())

    assert response.status_code == 403
    assert response.data == {"detail": "Du har ikke lov til at udføre denne handling."}


def test_get_object_or_404_is_a_404_in_danish_without_the_model_name(caseworker):
    response = _call(_RaisingView, caseworker, error=Http404("No Citizen matches the given query."))

    assert response.status_code == 404
    assert response.data == {"detail": "Ikke fundet."}


def test_a_services_own_404_message_is_kept(caseworker):
    response = _call(_RaisingView, caseworker, error=Http404("Borgeren findes ikke."))

    assert response.status_code == 404
    assert response.data == {"detail": "Borgeren findes ikke."}


def test_api_conflict_is_a_409_with_detail(caseworker):
    response = _call(_RaisingView, caseworker, error=Conflict("Tilbuddet er fuldt."))

    assert response.status_code == 409
    assert response.data == {"detail": "Tilbuddet er fuldt."}


def test_domain_conflict_is_a_409_with_its_message(caseworker):
    error = domain_exceptions.Conflict("Rimelighedskravet er opfyldt.", code="ratio")

    response = _call(_RaisingView, caseworker, error=error)

    assert response.status_code == 409
    assert response.data == {"detail": "Rimelighedskravet er opfyldt."}
    assert response.data["detail"].code == "ratio"


def test_unexpected_error_is_a_500_without_traceback(caseworker, caplog):
    response = _call(_RaisingView, caseworker, error=KeyError("secret-internal-name"))

    assert response.status_code == 500
    assert response.data == {"detail": "Der er sket en serverfejl."}
    assert b"secret-internal-name" not in response.content
    assert b"Traceback" not in response.content
    assert "secret-internal-name" in caplog.text  # the log keeps it


# --- Role permissions -----------------------------------------------------------------------


class _TeamList(generics.ListCreateAPIView):
    queryset = Team.objects.all()
    serializer_class = type(
        "TeamSerializer",
        (serializers.ModelSerializer,),
        {"Meta": type("Meta", (), {"model": Team, "fields": ["id", "name", "slug"]})},
    )


def _team_list(user, method: str = "get"):
    factory = APIRequestFactory()
    request = getattr(factory, method)("/api/v1/teams/", {"name": "X", "slug": "x"})
    force_authenticate(request, user=user)
    response = _TeamList.as_view()(request)
    response.render()
    return response


def test_role_permission_is_the_default():
    assert _TeamList().get_permissions()[0].__class__ is RolePermission


def test_reading_needs_the_view_permission(caseworker, outsider):
    assert caseworker.has_perm("core.view_team")

    assert _team_list(caseworker).status_code == 200
    assert _team_list(outsider).status_code == 403


def test_writing_needs_the_add_permission(caseworker):
    response = _team_list(caseworker, "post")

    assert response.status_code == 403
    assert response.data == {"detail": "Du har ikke lov til at udføre denne handling."}


def test_list_is_paginated_with_count_next_previous_results(caseworker):
    response = _team_list(caseworker)

    assert list(response.data) == ["count", "next", "previous", "results"]
    assert response.data["count"] == Team.objects.count()


# --- Schema and docs ------------------------------------------------------------------------


def test_schema_generates_and_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"

    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(target), stdout=StringIO()
    )

    text = target.read_text()
    assert "/api/v1/auth/token/" in text
    assert "/api/v1/audit/access-log/" in text
    assert "tokenAuth" in text


def test_schema_is_served_as_json_to_a_token_client(api, api_user):
    api.force_authenticate(api_user)

    response = api.get(reverse("api:schema"))

    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Jobcenter Ballerup API"


def test_docs_page_has_no_inline_script_and_loads_swagger_from_static(login, caseworker):
    client = login(caseworker)
    response = client.get(reverse("api:docs"))
    html = response.content.decode()

    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts
    assert all(body.strip() == "" for _attrs, body in scripts), "inline script"
    assert "<style" not in html
    sources = [re.search(r'src="([^"]+)"', attrs).group(1) for attrs, _body in scripts]
    swagger = [src for src in sources if src.startswith("/static/")]
    assert any(src.endswith("swagger-ui-bundle.js") for src in swagger)
    assert all(src.startswith(("/static/", reverse("api:docs"))) for src in sources)
    for src in sources:
        script = client.get(src.replace("&amp;", "&"))
        assert script.status_code == 200, src
        body = b"".join(script) if script.streaming else script.content
        assert body.strip(), src


def test_swagger_init_script_points_at_the_schema(login, caseworker):
    response = login(caseworker).get(reverse("api:docs") + "?script=")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert reverse("api:schema") in response.content.decode()


def test_a_username_longer_than_any_users_is_a_400_not_a_database_error(api, db):
    response = api.post(
        "/api/v1/auth/token/", {"username": "x" * 300, "password": "whatever"}, format="json"
    )
    assert response.status_code == 400
    assert "username" in response.json()


def test_an_api_address_with_a_newline_in_an_id_is_a_json_404(api, caseworker):
    api.force_authenticate(caseworker)
    response = api.post("/api/v1/citizens/a.b%0A/plan/", {}, format="json")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
