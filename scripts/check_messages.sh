#!/usr/bin/env bash
# Fails when a translatable string in the code is missing from its Danish catalogue (or fuzzy):
# regenerates every catalogue in a scratch copy of the tracked files and counts what is left
# untranslated there. The committed catalogues are not touched.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
git ls-files -z | xargs -0 cp --parents -t "$scratch"
ln -s "$root/.venv" "$scratch/.venv"
cd "$scratch"
bash scripts/messages.sh >/dev/null 2>&1
report=$(for po in locale/da/LC_MESSAGES/django.po */locale/da/LC_MESSAGES/django.po; do
  { msgattrib --untranslated --no-wrap "$po"; msgattrib --only-fuzzy --no-wrap "$po"; } 2>/dev/null \
    | grep '^msgid "' | grep -v '^msgid ""$' | sed "s|^|  $po: |" || true
done)
if [ -n "$report" ]; then
  echo "$report"
  echo "Danish translations missing: run 'make messages' and translate the strings above." >&2
  exit 1
fi
echo "Danish catalogues complete"
