"""Configuration from the environment, checked in fresh interpreter processes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "broker": settings.CELERY_BROKER_URL,
    "debug": settings.DEBUG,
    "language": settings.LANGUAGE_CODE,
}))
"""
CLEARED = (
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CPR_ENCRYPTION_KEYS",
    "CPR_HASH_KEYS",
)
# Keys for the production settings' CPR encryption (a fixed Fernet key, test only).
CPR_KEYS = {
    "CPR_ENCRYPTION_KEYS": "2xTqVv5nQb4cQxkq2sG3b8Yb0mH2yN9hWw1fQmRkT0E=",
    "CPR_HASH_KEYS": "test-only-hash-key-" + "h" * 30,
}


def run_settings(module: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in CLEARED}
    environment.update(env, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def probe(module: str, **env: str) -> dict:
    result = run_settings(module, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_nothing_set_means_sqlite_and_in_process_tasks():
    values = probe("ballerup_jobcenter.settings.local")

    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["db_name"].endswith("db.sqlite3")
    assert values["eager"] is True
    assert values["language"] == "da"


def test_embedded_default_is_announced_in_the_log():
    result = run_settings("ballerup_jobcenter.settings.local")

    assert "Embedded default in use" in result.stderr


def test_database_url_selects_postgresql_and_broker_url_a_real_broker():
    values = probe(
        "ballerup_jobcenter.settings.local",
        DATABASE_URL="postgres://jc:pw@db.example:5432/jobcenter",
        CELERY_BROKER_URL="redis://redis.example:6379/0",
    )

    assert values["engine"] == "django.db.backends.postgresql"
    assert values["db_name"] == "jobcenter"
    assert values["eager"] is False
    assert values["broker"] == "redis://redis.example:6379/0"


def test_debug_is_on_only_in_local_settings_and_only_when_asked_for():
    secret = "s" * 60
    assert probe("ballerup_jobcenter.settings.local")["debug"] is False
    assert probe("ballerup_jobcenter.settings.local", DJANGO_DEBUG="1")["debug"] is True
    assert probe("ballerup_jobcenter.settings.test", DJANGO_DEBUG="1")["debug"] is False
    assert probe("ballerup_jobcenter.settings.test")["debug"] is False
    production = probe(
        "ballerup_jobcenter.settings.production",
        SECRET_KEY=secret,
        ALLOWED_HOSTS="jc.example",
        **CPR_KEYS,
    )
    assert production["debug"] is False


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "jc.example"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "s" * 60}, "ALLOWED_HOSTS must be set"),
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "jc.example"}, "at least 50 characters"),
    ],
)
def test_production_refuses_to_start_without_secret_and_hosts(env, message):
    result = run_settings("ballerup_jobcenter.settings.production", **{**CPR_KEYS, **env})

    assert result.returncode != 0
    assert message in result.stderr


def test_production_passes_the_deployment_checklist():
    environment = {k: v for k, v in os.environ.items() if k not in CLEARED}
    environment.update(
        DJANGO_SETTINGS_MODULE="ballerup_jobcenter.settings.production",
        SECRET_KEY="k" * 20 + "9#Xq!" + "z" * 40,
        ALLOWED_HOSTS="jc.example",
        **CPR_KEYS,
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ({}, "CPR_ENCRYPTION_KEYS must be set"),
        ({"CPR_ENCRYPTION_KEYS": CPR_KEYS["CPR_ENCRYPTION_KEYS"]}, "CPR_HASH_KEYS must be set"),
        ({"CPR_HASH_KEYS": CPR_KEYS["CPR_HASH_KEYS"]}, "CPR_ENCRYPTION_KEYS must be set"),
        ({**CPR_KEYS, "CPR_ENCRYPTION_KEYS": "not-a-key"}, "key 1 is not a Fernet key"),
        ({**CPR_KEYS, "CPR_HASH_KEYS": "short"}, "at least 32 characters"),
    ],
)
def test_production_refuses_to_start_without_usable_cpr_keys(keys, message):
    result = run_settings(
        "ballerup_jobcenter.settings.production",
        SECRET_KEY="s" * 60,
        ALLOWED_HOSTS="jc.example",
        **keys,
    )

    assert result.returncode != 0
    assert message in result.stderr


def test_local_settings_derive_development_cpr_keys_and_say_so():
    result = run_settings("ballerup_jobcenter.settings.local")

    assert result.returncode == 0, result.stderr
    assert "development keys derived from SECRET_KEY" in result.stderr
