#!/bin/sh
# Extracts the torchvision model-zoo sources from Debian's python3-torchvision package into the
# git-ignored .cache/torchvision folder (no torch needed) and prints the path of the `torchvision`
# package directory. Idempotent: a second run only prints the path. Never commit these sources.
set -eu

root="$(cd "$(dirname "$0")/.." && pwd)"
cache="$root/.cache/torchvision"

find_pkg() {
  find "$cache/root" -type d -name torchvision -path '*packages/torchvision' 2>/dev/null | head -n 1
}

pkg="$(find_pkg || true)"
if [ -n "$pkg" ] && [ -f "$pkg/models/resnet.py" ]; then
  echo "$pkg"
  exit 0
fi

mkdir -p "$cache/deb"
cd "$cache/deb"
rm -f python3-torchvision_*.deb
if ! apt-get download python3-torchvision >/dev/null 2>&1; then
  # Stale package lists: refresh them once and retry.
  apt-get update >/dev/null 2>&1 || sudo -n apt-get update >/dev/null 2>&1 || true
  apt-get download python3-torchvision >/dev/null
fi
deb="$(ls python3-torchvision_*.deb | head -n 1)"
rm -rf "$cache/root"
dpkg -x "$deb" "$cache/root"

pkg="$(find_pkg || true)"
if [ -z "$pkg" ] || [ ! -f "$pkg/models/resnet.py" ]; then
  echo "torchvision-sources: no torchvision/models in $deb" >&2
  exit 1
fi
echo "$pkg"
