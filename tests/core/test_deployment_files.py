"""docker-compose.yml is for users' machines (no Docker engine here): check its structure."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_defines_web_worker_beat_postgres_and_redis():
    services = compose()["services"]

    assert set(services) == {"web", "worker", "beat", "postgres", "redis"}
    assert "gunicorn" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A ballerup_jobcenter worker")
    assert services["beat"]["command"].startswith("celery -A ballerup_jobcenter beat")


def test_app_services_use_production_settings_postgres_and_redis():
    for name in ("web", "worker", "beat"):
        env = compose()["services"][name]["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "ballerup_jobcenter.settings.production"
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["CELERY_BROKER_URL"].startswith("redis://redis:6379")


def test_env_example_names_every_required_production_variable():
    text = (ROOT / ".env.example").read_text()

    for name in (
        "SECRET_KEY=",
        "ALLOWED_HOSTS=",
        "POSTGRES_PASSWORD=",
        "CPR_ENCRYPTION_KEYS=",
        "CPR_HASH_KEYS=",
    ):
        assert name in text
