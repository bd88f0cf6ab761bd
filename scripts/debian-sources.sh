#!/bin/sh
# Extracts a pure-Python model library from its Debian package (python3-torchvision, python3-torchaudio)
# into the git-ignored .cache/NAME folder (no torch needed) and prints the path of the NAME package
# directory. Usage: scripts/debian-sources.sh NAME MARKER (MARKER: a file that proves the sources are
# there, e.g. models/resnet.py). Idempotent: a second run only prints the path. Never commit these sources.
set -eu

name="$1"
marker="$2"
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="$root/.cache/$name"

find_pkg() {
  find "$cache/root" -type d -name "$name" -path "*packages/$name" 2>/dev/null | head -n 1
}

pkg="$(find_pkg || true)"
if [ -n "$pkg" ] && [ -f "$pkg/$marker" ]; then
  echo "$pkg"
  exit 0
fi

mkdir -p "$cache/deb"
cd "$cache/deb"
rm -f "python3-${name}"_*.deb
if ! apt-get download "python3-$name" >/dev/null 2>&1; then
  # Stale package lists: refresh them once and retry.
  apt-get update >/dev/null 2>&1 || sudo -n apt-get update >/dev/null 2>&1 || true
  apt-get download "python3-$name" >/dev/null
fi
deb="$(ls "python3-${name}"_*.deb | head -n 1)"
rm -rf "$cache/root"
dpkg -x "$deb" "$cache/root"

pkg="$(find_pkg || true)"
if [ -z "$pkg" ] || [ ! -f "$pkg/$marker" ]; then
  echo "debian-sources: no $name/$marker in $deb" >&2
  exit 1
fi
echo "$pkg"
