#!/bin/sh
# Prepares, offline, what the golden generators need to run under PyTorch 2.13: a venv outside the
# repository with torch 2.13.0+cpu, einops, numpy and pillow from pip's local index, and a copy of
# Debian's torchvision 0.14 Python sources whose imports tolerate the missing C extension (the model
# code needs none of it). Prints the commands that regenerate the *-2.13.json golden files.
#
# Usage: scripts/golden/torch2-env.sh [VENV_DIR] [TORCHVISION_COPY]
#        (defaults: /work/.venv-torch2 and /tmp/torchvision-torch2; needs Debian's python3-torchvision)
set -eu
VENV=${1:-/work/.venv-torch2}
TV=${2:-/tmp/torchvision-torch2}
REPO=$(cd "$(dirname "$0")/../.." && pwd)

if [ ! -x "$VENV/bin/python" ]; then python3 -m venv "$VENV"; fi
# The local index first: pip does not wait for the unreachable default index.
"$VENV/bin/pip" install --index-url file:///opt/pypi/simple --extra-index-url file:///opt/pypi-more/simple \
  --find-links /opt/wheels "torch==2.13.0+cpu" einops numpy pillow

rm -rf "$TV" && mkdir -p "$TV"
cp -r /usr/lib/python3/dist-packages/torchvision "$TV/"
rm -f "$TV"/torchvision/*.so
"$VENV/bin/python" - "$TV/torchvision" <<'PY'
import sys
pkg = sys.argv[1]
def patch(rel, old, new):
    path = f"{pkg}/{rel}"
    text = open(path).read()
    assert old in text, (rel, old)
    open(path, "w").write(text.replace(old, new, 1))
patch("__init__.py", "from torchvision import datasets, io, models, ops, transforms, utils",
      "from torchvision import models, ops, utils\ntry:\n    from torchvision import datasets, io, transforms\nexcept Exception:\n    pass")
patch("ops/__init__.py", "\n_register_custom_op()\n", "\ntry:\n    _register_custom_op()\nexcept Exception:\n    pass\n")
PY

cat <<EOF
Ready. Regenerate the PyTorch 2.13 golden data with:
  cd $REPO
  $VENV/bin/python scripts/golden/generate_layers.py
  $VENV/bin/python scripts/golden/generate_realworld.py
  $VENV/bin/python scripts/golden/generate_scripts.py
  (cd /tmp && PYTHONPATH=$TV $VENV/bin/python $REPO/scripts/golden/generate_torchvision.py $REPO/test/golden/torchvision-2.13.json)
  (cd /tmp && PYTHONPATH=$TV $VENV/bin/python $REPO/scripts/golden/generate_torchvision_lines.py $REPO/test/golden/torchvision-2.13.json)
  $VENV/bin/python scripts/golden/generate_einops.py
  $VENV/bin/python scripts/golden/generate_tensor_values.py
  $VENV/bin/python scripts/golden/generate_linspace.py
  npm run compile-tests && node scripts/golden/extract_tensorop_cases.js /tmp/tensorop-cases.json
  $VENV/bin/python scripts/golden/generate_tensorops.py /tmp/tensorop-cases.json
  $VENV/bin/python scripts/golden/verify_fixtures.py
EOF
