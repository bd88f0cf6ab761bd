#!/bin/sh
# Extracts the torchaudio model sources from Debian's python3-torchaudio package into the
# git-ignored .cache/torchaudio folder (no torch needed) and prints the path of the `torchaudio`
# package directory. Idempotent: a second run only prints the path. Never commit these sources.
set -eu

root="$(cd "$(dirname "$0")/.." && pwd)"
cache="$root/.cache/torchaudio"

find_pkg() {
  find "$cache/root" -type d -name torchaudio -path '*packages/torchaudio' 2>/dev/null | head -n 1
}

pkg="$(find_pkg || true)"
if [ -n "$pkg" ] && [ -f "$pkg/models/wavernn.py" ]; then
  echo "$pkg"
  exit 0
fi

mkdir -p "$cache/deb"
cd "$cache/deb"
rm -f python3-torchaudio_*.deb
if ! apt-get download python3-torchaudio >/dev/null 2>&1; then
  # Stale package lists: refresh them once and retry.
  apt-get update >/dev/null 2>&1 || sudo -n apt-get update >/dev/null 2>&1 || true
  apt-get download python3-torchaudio >/dev/null
fi
deb="$(ls python3-torchaudio_*.deb | head -n 1)"
rm -rf "$cache/root"
dpkg -x "$deb" "$cache/root"

pkg="$(find_pkg || true)"
if [ -z "$pkg" ] || [ ! -f "$pkg/models/wavernn.py" ]; then
  echo "torchaudio-sources: no torchaudio/models in $deb" >&2
  exit 1
fi
echo "$pkg"
