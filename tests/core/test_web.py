"""The shared web plumbing (core.web, core.queue, partials/pagination.html): written once, used by
every app."""

import logging

import pytest
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import RequestFactory
from kombu.exceptions import OperationalError

from core.exceptions import Conflict, PermissionRefused
from core.queue import queue_after_commit
from core.web import (
    INVALID_FORM_STATUS,
    apply_service_error,
    form_status,
    permission_required,
    safe_next,
)


class NameForm(forms.Form):
    name = forms.CharField()
    team = forms.CharField(required=False)


def _bound() -> NameForm:
    form = NameForm({"name": "Sofie"})
    assert form.is_valid()
    return form


def test_a_service_field_error_goes_next_to_its_field_and_takes_the_focus():
    form = _bound()

    apply_service_error(form, ValidationError({"name": "Forkert navn.", "other": "Andet."}))

    assert form.errors["name"] == ["Forkert navn."]
    assert form.non_field_errors() == ["Andet."]
    assert form.fields["name"].widget.attrs["autofocus"] is True
    assert form_status(form) == INVALID_FORM_STATUS == 422


def test_a_refusal_goes_on_the_field_it_names_and_answers_403():
    form = _bound()

    apply_service_error(form, PermissionRefused("Ikke dit afsnit.", field="team"))

    assert form.errors["team"] == ["Ikke dit afsnit."]
    assert form_status(form) == 403


def test_a_conflict_goes_on_top_and_answers_409():
    form = _bound()

    apply_service_error(form, Conflict("Ingen ledige pladser."))

    assert form.non_field_errors() == ["Ingen ledige pladser."]
    assert form_status(form) == 409


def test_a_form_shown_or_valid_answers_200():
    assert form_status(NameForm()) == 200
    assert form_status(_bound()) == 200
    assert form_status(None) == 200


@pytest.mark.parametrize(
    "target,expected",
    [
        ("/borgere/mine/?page=2", "/borgere/mine/?page=2"),
        ("https://evil.example/", "/fallback/"),
        ("//evil.example/", "/fallback/"),
        ("javascript:alert(1)", "/fallback/"),
        ("", "/fallback/"),
    ],
)
def test_safe_next_stays_on_this_site(target, expected):
    request = RequestFactory().post("/x/", {"next": target})

    assert safe_next(request, "/fallback/") == expected


@pytest.mark.django_db
def test_the_permission_decorator_refuses_without_every_permission(caseworker, manager):
    view = permission_required("citizens.change_citizen", "citizens.view_citizen")(
        lambda request: HttpResponse("ok")
    )
    request = RequestFactory().get("/x/")

    request.user = caseworker
    assert view(request).status_code == 200
    request.user = manager
    with pytest.raises(PermissionDenied):
        view(request)


def test_the_pagination_keeps_the_other_parameters():
    request = RequestFactory().get("/borgere/mine/", {"segment": "unge", "page": "2"})
    page = Paginator(list(range(120)), 50).get_page(2)

    html = render_to_string(
        "partials/pagination.html", {"page": page, "htmx": True}, request=request
    )

    assert 'href="?segment=unge&amp;page=1"' in html
    assert 'hx-get="?segment=unge&amp;page=3"' in html
    assert "Side 2 af 3" in html


def test_one_page_shows_no_pagination():
    request = RequestFactory().get("/")
    page = Paginator([1, 2], 50).get_page(1)

    assert "nav" not in render_to_string(
        "partials/pagination.html", {"page": page}, request=request
    )


class _DownTask:
    def apply_async(self, *args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")


class _Task:
    def __init__(self) -> None:
        self.sent: list = []

    def apply_async(self, args, kwargs, **options):
        self.sent.append((args, kwargs))


@pytest.mark.django_db
def test_a_task_is_queued_only_after_the_commit(django_capture_on_commit_callbacks):
    task = _Task()

    with django_capture_on_commit_callbacks(execute=True):
        queue_after_commit(task, 7, what="test", scope="x")
        assert task.sent == []

    assert task.sent == [((7,), {"scope": "x"})]


@pytest.mark.django_db
def test_a_broker_that_is_down_is_logged_and_reported_not_raised(
    django_capture_on_commit_callbacks, caplog
):
    failures = []

    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        queue_after_commit(
            _DownTask(), 7, what="Alerts of citizen 7", on_unreachable=failures.append
        )

    assert "Alerts of citizen 7 not queued" in caplog.text
    assert len(failures) == 1 and isinstance(failures[0], OperationalError)
