#!/bin/sh
# Extracts the torchaudio model sources from Debian's python3-torchaudio package into the
# git-ignored .cache/torchaudio folder and prints the package directory (see debian-sources.sh).
exec sh "$(dirname "$0")/debian-sources.sh" torchaudio models/wavernn.py
