#!/usr/bin/env bash
# Security and build checks, run by scripts/run_tests.sh (quality step) and so by CI:
#  - bandit over the shipped code, every finding fixed or justified inline (# nosec BXXX - why);
#  - pip-audit where its vulnerability database is reachable (says so plainly when it is not);
#  - the production image's build step: collectstatic with the production settings;
#  - `docker compose config` when the docker compose CLI is installed (says so when it is not).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
BIN=$(dirname "$PY")

echo "-- bandit (config: [tool.bandit] in pyproject.toml)"
"$BIN/bandit" -c pyproject.toml -r ballerup_jobcenter core citizens employers grid strategy demo \
  scripts manage.py -q 2> >(grep -v "nosec encountered" >&2)
echo "bandit: no issues."

echo "-- pip-audit"
"$PY" scripts/pip_audit_report.py

echo "-- collectstatic with the production settings (the Dockerfile's build step)"
static_root=$(mktemp -d)
trap 'rm -rf "$static_root"' EXIT
SECRET_KEY=build-only-build-only-build-only-build-only-build-only ALLOWED_HOSTS=build \
  CPR_ENCRYPTION_KEYS=YnVpbGQtb25seS1idWlsZC1vbmx5LWJ1aWxkLW9ubHk= CPR_HASH_KEYS=build-only-build-only-build-only-build-only \
  DJANGO_SETTINGS_MODULE=ballerup_jobcenter.settings.production STATIC_ROOT="$static_root" \
  "$PY" manage.py collectstatic --noinput | tail -n 1

echo "-- docker compose config"
if command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
  POSTGRES_PASSWORD=ci-check docker compose config --quiet && echo "docker-compose.yml is valid."
elif command -v docker-compose >/dev/null 2>&1; then
  POSTGRES_PASSWORD=ci-check docker-compose config --quiet && echo "docker-compose.yml is valid."
else
  echo "docker compose: NOT CHECKED - the docker compose CLI is not installed on this machine."
fi
