# Production image: gunicorn for the web, the same image for the Celery worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=ballerup_jobcenter.settings.production

RUN apt-get update && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir . \
    && SECRET_KEY=build-only-build-only-build-only-build-only-build-only ALLOWED_HOSTS=build \
       CPR_ENCRYPTION_KEYS=YnVpbGQtb25seS1idWlsZC1vbmx5LWJ1aWxkLW9ubHk= CPR_HASH_KEYS=build-only-build-only-build-only-build-only \
       python manage.py collectstatic --noinput

RUN useradd --create-home --uid 1000 jobcenter
USER jobcenter

EXPOSE 8000
CMD ["gunicorn", "ballerup_jobcenter.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
