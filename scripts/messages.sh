#!/usr/bin/env bash
# Update and compile the Danish translations. Apps with their own locale/ keep their catalogue;
# the project catalogue (locale/) holds core, templates/ and the rest.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="$PWD/.venv/bin/python"
own=()
for dir in */locale; do
  app=${dir%/locale}
  own+=("--ignore=$app/*")
  (cd "$app" && "$PY" ../manage.py makemessages -l da --no-obsolete >/dev/null && "$PY" ../manage.py compilemessages -l da >/dev/null)
  echo "$app/locale updated"
done
"$PY" manage.py makemessages -l da --no-obsolete --ignore=.venv --ignore=staticfiles \
  --ignore=bench "${own[@]}" >/dev/null
"$PY" manage.py compilemessages -l da --ignore=.venv "${own[@]}" >/dev/null
echo "locale updated"
echo "untranslated or fuzzy entries:"
for po in locale/da/LC_MESSAGES/django.po */locale/da/LC_MESSAGES/django.po; do
  msgattrib --untranslated --only-fuzzy "$po" 2>/dev/null | grep -c '^msgid' | sed "s|^|  $po: |" || true
  msgattrib --untranslated "$po" 2>/dev/null | grep -c '^msgid' | sed "s|^|  $po (untranslated): |" || true
done
