"""The API shell: token login, the current user, the access log export, schema and docs."""

import logging
from typing import Any

from axes.helpers import get_cool_off
from django.contrib.auth.signals import user_logged_in
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiJsonRenderer2,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions, generics
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.exports import access_log_csv_response
from core.models import AccessLog
from core.selectors import access_log_for_cpr
from core.web import cpr_in_address_message

from .errors import LockedOut
from .permissions import permission_required
from .schema import ERROR, FIELD_ERRORS
from .serializers import (
    AccessLogEntrySerializer,
    CprQuerySerializer,
    MeSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from .tokens import token_expires, token_issue

logger = logging.getLogger("core.api")

CanExportAccessLog = permission_required("core.export_accesslog")


def _locked_out(request: Request) -> LockedOut:
    cool_off = get_cool_off(request)
    if cool_off is None:
        return LockedOut(
            _(
                "Logging in with this username from this IP address is locked until an "
                "administrator unlocks it."
            )
        )
    seconds = int(cool_off.total_seconds())
    minutes = max(1, round(seconds / 60))
    message = ngettext(
        "Logging in with this username from this IP address is locked for %(minutes)s minute.",
        "Logging in with this username from this IP address is locked for %(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}
    return LockedOut(message, wait=seconds)


class TokenObtainView(APIView):
    """Exchange a username and password for an API token.

    Public. Failed attempts count towards the same lockout as the login page (django-axes: per
    username + IP address); a locked-out or inactive user gets no token.
    """

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="auth_token_create",
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, 400: FIELD_ERRORS, 429: ERROR},
        auth=[],
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        # AuthTokenSerializer calls authenticate(request=request, ...), so axes sees the attempt.
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            if getattr(request, "axes_locked_out", False):
                raise _locked_out(request)
            raise exceptions.ValidationError(serializer.errors)
        user = serializer.validated_data["user"]
        # A token is a login: axes resets the failure count, Django sets last_login.
        user_logged_in.send(sender=type(user), request=request, user=user)
        # Stored hashed: each request for a token issues a new one (the key is shown only now);
        # the user's other tokens keep working until they expire.
        key, token = token_issue(user)
        return Response({"token": key, "expires": token_expires(token)})


class MeView(APIView):
    """The authenticated user: username, name, roles and team."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: MeSerializer, 401: ERROR}, tags=["auth"])
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)


def _valid_cpr(request: Request) -> str:
    body = CprQuerySerializer(data=request.data)
    body.is_valid(raise_exception=True)
    return body.validated_data["cpr"]


class RefuseCprInQuery:
    """A CPR number never travels in an address: a request with `cpr` in its query string is
    answered 400 (Danish `detail`) before anything else; the value is not logged."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        if "cpr" in request.query_params:
            raise exceptions.ParseError(cpr_in_address_message())
        super().initial(request, *args, **kwargs)  # type: ignore[misc]


class AccessLogView(RefuseCprInQuery, generics.GenericAPIView):
    """Every access to one citizen's data, newest first (the citizen's right of access), for
    the CPR number in the body of a POST (never in the address).

    Requires `core.export_accesslog` (role leder). The CPR number is shown in full: it is the
    citizen's own log. Reading it writes nothing to the access log.
    """

    serializer_class = AccessLogEntrySerializer
    permission_classes = [CanExportAccessLog]
    queryset = AccessLog.objects.none()  # for the schema; the rows come from the selector
    filter_backends: list = []

    @extend_schema(
        operation_id="audit_access_log_create",
        request=CprQuerySerializer,
        responses={
            200: AccessLogEntrySerializer(many=True),
            400: FIELD_ERRORS,
            401: ERROR,
            403: ERROR,
        },
        tags=["audit"],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        cpr = _valid_cpr(request)
        queryset = access_log_for_cpr(cpr=cpr)
        context = {**self.get_serializer_context(), "cpr": cpr}
        page = self.paginate_queryset(queryset)
        rows = page if page is not None else queryset
        data = AccessLogEntrySerializer(rows, many=True, context=context).data
        if page is None:
            return Response(data)
        return self.get_paginated_response(data)


class AccessLogCsvView(RefuseCprInQuery, APIView):
    """The access log for one CPR number (in the body of a POST) as a CSV file with Danish
    headers (semicolon separated, UTF-8 with BOM, times in Danish local time), for handing to
    the citizen."""

    permission_classes = [CanExportAccessLog]

    @extend_schema(
        operation_id="audit_access_log_csv_create",
        request=CprQuerySerializer,
        responses={
            (200, "text/csv"): OpenApiResponse(response=OpenApiTypes.STR),
            400: FIELD_ERRORS,
            401: ERROR,
            403: ERROR,
        },
        tags=["audit"],
    )
    def post(self, request: Request) -> HttpResponse:
        return access_log_csv_response(cpr=_valid_cpr(request), user=request.user)


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema; JSON unless YAML is asked for. Requires a login (session or token)."""

    permission_classes = [IsAuthenticated]
    renderer_classes = [
        OpenApiJsonRenderer,
        OpenApiJsonRenderer2,
        OpenApiYamlRenderer,
        OpenApiYamlRenderer2,
    ]


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from /static/ (drf-spectacular-sidecar), without inline script or style."""

    permission_classes = [IsAuthenticated]
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"


class NotFoundView(APIView):
    """Any other address under the API: 404 with `detail` (401 first for an anonymous client)."""

    permission_classes = [IsAuthenticated]
    schema = None  # not part of the documented API

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise exceptions.NotFound()

    post = put = patch = delete = get
