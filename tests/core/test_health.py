import pytest
from django.urls import reverse

from ballerup_jobcenter.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_healthz_is_public_and_reports_database_and_broker(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is True


def test_healthz_answers_503_when_the_broker_cannot_be_reached(client, settings, monkeypatch):
    settings.EAGER_TASKS = False
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False
    assert response.json()["database"]["ok"] is True


def test_healthz_answers_503_when_the_database_fails_without_its_error_text(
    client, monkeypatch, caplog
):
    monkeypatch.setattr(
        "core.views.database_status", lambda: (False, "OperationalError: db.internal:5432 refused")
    )

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": {"ok": False}, "broker": {"ok": True}}
    assert "db.internal" not in response.content.decode()
    assert "db.internal:5432 refused" in caplog.text  # logged for IT


def test_healthz_shows_the_error_text_to_staff(client, monkeypatch, manager):
    manager.is_staff = True
    manager.save()
    client.force_login(manager)
    monkeypatch.setattr(
        "core.views.database_status", lambda: (False, "OperationalError: connection refused")
    )

    response = client.get(reverse("healthz"))

    assert response.json()["database"] == {
        "ok": False,
        "detail": "OperationalError: connection refused",
    }


def test_healthz_hides_the_broker_host_and_port(client, settings, monkeypatch):
    settings.EAGER_TASKS = False
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert "127.0.0.1" not in response.content.decode()
    assert "Connection" not in response.content.decode()
