#!/bin/sh
# Extracts the torchvision model-zoo sources from Debian's python3-torchvision package into the
# git-ignored .cache/torchvision folder and prints the package directory (see debian-sources.sh).
exec sh "$(dirname "$0")/debian-sources.sh" torchvision models/resnet.py
