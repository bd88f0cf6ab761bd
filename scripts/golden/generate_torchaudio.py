#!/usr/bin/python3
# Generates test/golden/torchaudio.json: torchaudio's (0.13) model classes run through real PyTorch (1.13)
# in eval mode with a forward hook on every named module, recording each module's type, the distinct
# outputs over all its calls and its own parameter count. test/core/torchaudio.test.ts evaluates the same
# expressions statically on the torchaudio sources (Debian's python3-torchaudio) and must never disagree.
#
# Usage: /usr/bin/python3 scripts/golden/generate_torchaudio.py [out.json]
# An input is a shape (filled with random floats) or {"shape": [...], "fill": "tokens" | "full:N"}:
# token ids, or every element N (sequence lengths). The engine only gets the shapes.

import importlib
import json
import os
import sys
import warnings

import torch
import torchaudio

warnings.simplefilter("ignore")
torch.manual_seed(0)

# (name, module file under the torchaudio package, expression evaluated in that module's scope, inputs)
MODELS = [
    (
        "wavernn",
        "models/wavernn.py",
        "WaveRNN(upsample_scales=[5, 5, 8], n_classes=512, hop_length=200)",
        [[2, 1, 4000], [2, 1, 128, 24]],
    ),
    ("wav2vec2_base", "models/wav2vec2/model.py", "wav2vec2_base()", [[2, 16000]]),
    ("hubert_base", "models/wav2vec2/model.py", "hubert_base()", [[1, 8000]]),
    ("hdemucs_low", "models/_hdemucs.py", "hdemucs_low(sources=['drums', 'bass', 'other', 'vocals'])", [[1, 2, 22050]]),
    (
        "tacotron2",
        "models/tacotron2.py",
        "Tacotron2()",
        [
            {"shape": [2, 20], "fill": "tokens"},
            {"shape": [2], "fill": "full:20"},
            [2, 80, 30],
            {"shape": [2], "fill": "full:30"},
        ],
    ),
    ("conv_tasnet", "models/conv_tasnet.py", "ConvTasNet(num_sources=2)", [[1, 1, 8000]]),
    ("wav2letter", "models/wav2letter.py", "Wav2Letter(num_classes=40, input_type='mfcc', num_features=13)", [[2, 13, 100]]),
    ("deepspeech", "models/deepspeech.py", "DeepSpeech(n_feature=40, n_class=29)", [[2, 1, 50, 40]]),
]


def encode(v):
    """A forward output as JSON: tensor -> shape list, tuple/list -> {"tuple": [...]}, else null."""
    if isinstance(v, torch.Tensor):
        return list(v.shape)
    if isinstance(v, (tuple, list)):
        return {"tuple": [encode(x) for x in v]}
    return None


def make_input(spec):
    if isinstance(spec, list):
        return torch.randn(*spec), spec
    shape, fill = spec["shape"], spec["fill"]
    if fill == "tokens":
        return torch.randint(1, 100, shape), shape
    return torch.full(shape, int(fill.split(":")[1]), dtype=torch.long), shape


def run(name, file, expr, specs):
    module_name = "torchaudio." + file[:-3].replace("/", ".")
    scope = dict(vars(importlib.import_module(module_name)))
    model = eval(expr, scope)
    model.eval()
    rows = {}
    hooks = []
    for path, m in model.named_modules():
        row = {
            "path": path,
            "type": type(m).__name__,
            "outputs": [],
            "params": sum(p.numel() for p in m.parameters(recurse=False)),
        }
        rows[path] = row

        def hook(_m, _inp, out, row=row):
            enc = encode(out)
            if enc not in row["outputs"]:
                row["outputs"].append(enc)

        hooks.append(m.register_forward_hook(hook))
    inputs, shapes = zip(*(make_input(s) for s in specs))
    with torch.no_grad():
        out = model(*inputs)
    for h in hooks:
        h.remove()
    return {
        "name": name,
        "file": file,
        "model": expr,
        "input": [list(s) for s in shapes],
        "output": encode(out),
        "params": sum(p.numel() for p in model.parameters()),
        "modules": list(rows.values()),
    }


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "test", "golden", "torchaudio.json")
    models = [run(*entry) for entry in MODELS]
    with open(out_path, "w") as f:
        f.write('{"torch": %s, "torchaudio": %s, "models": [\n' % (json.dumps(torch.__version__), json.dumps(torchaudio.__version__)))
        for i, m in enumerate(models):
            head = {k: v for k, v in m.items() if k != "modules"}
            f.write(json.dumps(head, separators=(",", ":"))[:-1] + ',"modules":[\n')
            f.write(",\n".join(json.dumps(r, separators=(",", ":")) for r in m["modules"]))
            f.write("\n]}" + ("," if i + 1 < len(models) else "") + "\n")
        f.write("]}\n")
    print(f"{len(models)} models written to {out_path}", file=sys.stderr)


if __name__ == "__main__":
    main()
