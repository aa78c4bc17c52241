#!/usr/bin/env bash
# Installs the Debian packages the app needs, or says exactly which are missing.
#   scripts/system-deps.sh demo   WeasyPrint's libraries (PDFs)
#   scripts/system-deps.sh test   the same, plus PostgreSQL, Chromium and PDF tools for the suite
set -euo pipefail

purpose=${1:-demo}
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
if [ "$purpose" = test ]; then
  packages+=(chromium libatomic1 poppler-utils gettext)
  [ -n "${DATABASE_URL:-}" ] || packages+=(postgresql)
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-deps: not a Debian system; make sure these (or your system's equivalents) are installed: ${packages[*]}"
  exit 0
fi

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi

echo "system-deps: these Debian packages are missing: ${missing[*]}"
echo "system-deps: install them with: sudo apt-get install ${missing[*]}"
if [ "$purpose" = test ]; then
  exit 1
fi
echo "system-deps: the app runs without them, but printing PDF summaries will fail."
