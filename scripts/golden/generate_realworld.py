#!/usr/bin/python3
# Generates test/golden/realworld.json (under PyTorch 1.13) or realworld-2.13.json (under 2.13): the
# hand-written "real-world style" model files of test/realworld/ run through real PyTorch in eval mode. Per model it records what `shapelens summary` reports (each
# named module's distinct outputs through forward hooks, own parameter counts, the final output) and, through
# a line tracer, the distinct values of every assignment executed during forward (what `shapelens hints`
# shows). test/core/realworld.test.ts replays the same --model/--input through the static engine.
#
# Usage: /usr/bin/python3 scripts/golden/generate_realworld.py [out.json] [--only FILE.py,...]
#        /work/.venv-torch2/bin/python scripts/golden/generate_realworld.py   (PyTorch 2.13 in a venv, with einops)
# --only re-runs the models of the files named and keeps every other model as the existing JSON has it.
# Some files import einops, which Debian 12 does not package: put a checkout of its sources on PYTHONPATH.

import ast
import importlib
import json
import os
import sys
import types
import warnings

import torch

warnings.simplefilter("ignore")
torch.manual_seed(0)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DIR = os.path.join(ROOT, "test", "realworld")

# (file, --model expression, --input shapes; a shape prefixed by "long:" is filled with token ids)
MODELS = [
    ("cifar_resnet.py", "ResNet18()", [[1, 3, 32, 32]]),
    ("cifar_resnet.py", "ResNet50()", [[2, 3, 32, 32]]),
    ("vgg_cfg.py", "VGG('VGG11')", [[2, 3, 32, 32]]),
    ("vgg_cfg.py", "VGG('VGG16')", [[1, 3, 32, 32]]),
    ("unet.py", "UNet(n_channels=3, n_classes=2)", [[1, 3, 100, 75]]),
    ("unet.py", "UNet(3, 2, bilinear=True)", [[1, 3, 64, 57]]),
    ("dcgan.py", "Generator()", [[16, 100, 1, 1]]),
    ("dcgan.py", "Discriminator()", [[4, 3, 64, 64]]),
    ("vae.py", "VAE()", [[8, 1, 28, 28]]),
    ("vae.py", "ConvVAE()", [[4, 1, 28, 28]]),
    ("autoencoder.py", "ConvAutoencoder()", [[4, 1, 28, 28]]),
    ("autoencoder.py", "LinearAutoencoder()", [[3, 1, 28, 28]]),
    ("lenet.py", "Net()", [[1, 1, 32, 32]]),
    ("lenet.py", "MnistNet()", [[2, 1, 28, 28]]),
    ("alexnet_adaptive.py", "AlexNet()", [[1, 3, 224, 224]]),
    ("alexnet_adaptive.py", "alexnet(num_classes=100)", [[2, 3, 227, 227]]),
    ("mobilenet_v1.py", "MobileNet()", [[1, 3, 32, 32]]),
    ("se_resnet.py", "se_resnet20(num_classes=100)", [[2, 3, 32, 32]]),
    ("self_attention.py", "Attention(dim=96, num_heads=6)", [[2, 50, 96]]),
    ("self_attention.py", "EinsumAttention()", [[3, 10, 64]]),
    ("self_attention.py", "SelfAttn2d(64)", [[2, 64, 12, 10]]),
    ("vit_tiny.py", "VisionTransformer()", [[2, 3, 32, 32]]),
    ("audio_conv1d.py", "M5()", [[4, 1, 8000]]),
    ("audio_conv1d.py", "TextCNN()", [["long", 3, 40]]),
    ("video_c3d.py", "C3D()", [[1, 3, 16, 28, 28]]),
    ("video_c3d.py", "R2Plus1D()", [[2, 3, 8, 32, 32]]),
    ("moduledict_net.py", "MultiHeadNet()", [[2, 3, 64, 64]]),
    ("moduledict_net.py", "AddModuleNet()", [[5, 20]]),
    ("dataclass_config.py", "MlpMixer(MixerConfig())", [[2, 3, 32, 32]]),
    ("dataclass_config.py", "MlpMixer(MixerConfig(image_size=48, patch_size=8, num_blocks=3))", [[1, 3, 48, 48]]),
    ("dim_check.py", "SmallCNN()", [[3, 32, 32]]),
    ("dim_check.py", "SmallCNN()", [[4, 3, 32, 32]]),
    ("dim_check.py", "SeqModel()", [[7, 12]]),
    ("dim_check.py", "SeqModel()", [[2, 7, 12]]),
    ("shape_unpack.py", "TinyFPN()", [[2, 3, 64, 48]]),
    ("shape_unpack.py", "PixelAttention()", [[2, 32, 6, 5]]),
    ("args_kwargs.py", "Net()", [[4, 9, 16]]),
    ("inheritance.py", "Big()", [[2, 1, 28, 28]]),
    ("inheritance.py", "Concrete()", [[3, 1, 10, 10]]),
    ("inheritance.py", "Deeper()", [[1, 1, 32, 32]]),
    ("blocks.py", "ResidualBlock(16)", [[1, 16, 8, 8]]),
    ("sibling_import.py", "ResNet9(3, 10)", [[2, 3, 32, 32]]),
    ("sibling_relative.py", "Classifier()", [[2, 1, 32, 32]]),
    ("rnn_models.py", "LSTMClassifier()", [["long", 4, 25]]),
    ("rnn_models.py", "CharGRU()", [["long", 12, 3]]),
    ("rnn_models.py", "SeqRegressor()", [[5, 9, 6]]),
    ("transformer_enc.py", "TransformerModel()", [["long", 35, 8]]),
    ("transformer_enc.py", "BatchFirstEncoder()", [[4, 11, 32]]),
    ("gpt_flash.py", "GPT()", [["long", 2, 12]]),
    ("llama_gqa.py", "TinyLlama()", [["long", 2, 10]]),
    ("mha_model.py", "CrossAttentionBlock()", [[2, 10, 64], [2, 17, 64]]),
    ("mha_model.py", "SeqFirstSelfAttention()", [[9, 3, 48]]),
    ("densenet_cifar.py", "densenet_tiny()", [[1, 3, 32, 32]]),
    ("wideresnet.py", "WideResNet(16, 10, widen_factor=2, dropRate=0.3)", [[2, 3, 32, 32]]),
    ("super_resolution.py", "ESPCN(upscale_factor=3)", [[1, 1, 33, 27]]),
    ("super_resolution.py", "SRCNNUp()", [[1, 3, 20, 17]]),
    ("mlp_ordered.py", "MLP()", [[5, 1, 28, 28]]),
    ("mlp_ordered.py", "model", [[2, 1, 28, 28]]),
    ("inception_mini.py", "MiniInception()", [[1, 3, 75, 75]]),
    ("seq_extras.py", "Seq2Seq()", [["long", 3, 7]]),
    ("seq_extras.py", "TinyTransformer()", [[2, 9, 32], [2, 5, 32]]),
    # second wave: einops (lucidrains), timm, d2l, pytorch/examples, segmentation, detection, idioms
    ("lucid_vit.py", "ViT(image_size=32, patch_size=8, num_classes=10, dim=64, depth=2, heads=4, mlp_dim=128, dim_head=16)", [[2, 3, 32, 32]]),
    ("lucid_vit.py", "ViT(image_size=(32, 48), patch_size=16, num_classes=5, dim=32, depth=1, heads=1, mlp_dim=64, dim_head=32, pool='mean')", [[1, 3, 32, 48]]),
    ("perceiver_io.py", "Perceiver()", [[2, 50, 32]]),
    ("mlp_mixer_einops.py", "MLPMixer(image_size=32, channels=3, patch_size=8, dim=64, depth=2, num_classes=10)", [[2, 3, 32, 32]]),
    ("timm_convnext.py", "ConvNeXt()", [[2, 3, 64, 64]]),
    ("timm_vit.py", "VisionTransformer()", [[2, 3, 32, 32]]),
    ("timm_vit.py", "VisionTransformer(global_pool='avg', init_values=1e-5, class_token=False, depth=2)", [[1, 3, 32, 32]]),
    ("d2l_lazy.py", "VGG(arch=((1, 16), (1, 32), (2, 64)))", [[2, 1, 32, 32]]),
    ("d2l_lazy.py", "NiN()", [[1, 1, 224, 224]]),
    ("d2l_lazy.py", "ResNet(((2, 64), (2, 96)))", [[2, 1, 64, 64]]),
    ("word_lm.py", "RNNModel('LSTM', 100, 32, 32, 2, tie_weights=True)", [["long", 12, 4]]),
    ("word_lm.py", "RNNModel('RNN_TANH', 50, 16, 24, 1)", [["long", 7, 3]]),
    ("word_lm.py", "TransformerModel(100, 32, 4, 64, 2)", [["long", 10, 3]]),
    ("deeplab_aspp.py", "DeepLabV3()", [[2, 3, 64, 48]]),
    ("yolo_tiny.py", "TinyYolo()", [[1, 3, 128, 96]]),
    ("gan_siamese.py", "Generator()", [[4, 64, 1, 1]]),
    ("gan_siamese.py", "Discriminator()", [[4, 3, 64, 64]]),
    ("gan_siamese.py", "SiameseNetwork()", [[1, 1, 105, 105], [1, 1, 105, 105]]),
    ("misc_styles.py", "Classifier()", [[2, 3, 20, 20]]),
    ("misc_styles.py", "Classifier({'in': 1, 'out': 8, 'classes': 3})", [[3, 1, 9, 9]]),
    ("misc_styles.py", "SplitHeads()", [[2, 6, 48]]),
    ("misc_styles.py", "PairEncoder()", [["long", 2, 7], ["long", 2, 5]]),
    ("sr_examples.py", "Net(upscale_factor=3)", [[1, 1, 32, 24]]),
    ("sr_examples.py", "VDSR()", [[2, 1, 20, 20]]),
    ("mobilevit_einops.py", "MobileViT((64, 64), (32, 40, 48), (8, 8, 16, 16, 24, 24, 32, 32, 40, 40, 160), num_classes=10)", [[1, 3, 64, 64]]),
    ("diffusion_unet.py", "Unet(16)", [[2, 3, 32, 32], [2]]),
    ("pointnet.py", "PointNetCls(k=5)", [[4, 3, 100]]),
    ("pointnet.py", "PointNetDenseCls(k=3)", [[2, 3, 64]]),
    ("swin_einops.py", "SwinTiny()", [[2, 3, 64, 64]]),
    ("conformer.py", "Conformer(32, depth=2)", [[2, 20, 32]]),
    ("conformer.py", "Conformer(16, depth=1, conv_causal=True, conv_kernel_size=8)", [[1, 9, 16]]),
    # torch.nn's attention and transformer modules with their real submodules (PyTorch's fused fast paths included)
    ("torch_transformers.py", "CrossModalAttention()", [[6, 2, 32], [9, 2, 20], [9, 2, 12]]),
    ("torch_transformers.py", "BatchFirstSelfAttention()", [[3, 7, 24]]),
    ("torch_transformers.py", "PreNormEncoder()", [[2, 9, 32]]),
    ("torch_transformers.py", "OddHeadEncoder()", [[2, 5, 30]]),
    ("torch_transformers.py", "Decoder()", [[3, 6, 16], [3, 8, 16]]),
    ("torch_transformers.py", "Seq2SeqTransformer()", [["long", 10, 2], ["long", 7, 2]]),
    ("torch_transformers.py", "BatchFirstTransformer()", [[2, 5, 16], [2, 4, 16]]),
    ("torch_transformers.py", "TranslationModel()", [["long", 8, 3], ["long", 6, 3]]),
    # constructs behind wrong facts seen on code in the wild (issue 9)
    ("wild_wrong_facts.py", "LayerDrop()", [[2, 8]]),
    ("wild_wrong_facts.py", "LocalsConfig()", [[2, 8]]),
    ("wild_wrong_facts.py", "SetattrLevels()", [[3, 6]]),
    ("wild_wrong_facts.py", "EarlyExit()", [[2, 8]]),
    ("wild_wrong_facts.py", "EarlyExit(threshold=-1e9)", [[2, 8]]),
    ("wild_wrong_facts.py", "GrowingLoop()", [[3, 4]]),
    ("wild_wrong_facts.py", "SkippedLoopRegistration()", [[2, 4]]),
    ("wild_wrong_facts.py", "MaybeHead()", [[2, 4]]),
    # constructs that were unknown on code in the wild (issue 9)
    ("wild_constructs.py", "CvTLike()", [[2, 3, 8, 8]]),
    ("wild_constructs.py", "DummySized()", [[2, 3, 20, 16]]),
    ("wild_constructs.py", "PackedTokens()", [[2, 3, 16, 16]]),
    ("wild_constructs.py", "QuantReady()", [[2, 3, 10, 10]]),
]


def encode(v):
    """A value as JSON: tensor -> shape list, tuple/list -> {"tuple": [...]}, anything else -> null."""
    if isinstance(v, torch.Tensor):
        return list(v.shape)
    if isinstance(v, (tuple, list)):
        return {"tuple": [encode(x) for x in v]}
    return None


def encode_line(v):
    """An assigned value as the engine hints it: a tensor, or a non-empty tuple/list made only of those."""
    if isinstance(v, torch.Tensor):
        return list(v.shape)
    if isinstance(v, (tuple, list)) and v:
        items = [encode_line(x) for x in v]
        if all(x is not None for x in items):
            return {"tuple": items}
    return None


def has_tensor(e):
    if isinstance(e, list):
        return True
    if isinstance(e, dict):
        return any(has_tensor(x) for x in e["tuple"])
    return False


class AssignIndex:
    """The assignment statements of one file: start line -> (end line, target) for the tracer."""

    def __init__(self, path):
        self.stmts = {}
        tree = ast.parse(open(path).read())
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                target = node.targets[0]
            elif isinstance(node, (ast.AugAssign, ast.AnnAssign)) and node.value is not None:
                target = node.target
            else:
                continue
            if readable(target):
                self.stmts[node.lineno] = (node.end_lineno, target)


def readable(t):
    if isinstance(t, ast.Name):
        return True
    if isinstance(t, ast.Attribute):
        return isinstance(t.value, ast.Name)
    if isinstance(t, (ast.Tuple, ast.List)):
        return all(readable(e) for e in t.elts)
    return False


def read_target(t, frame):
    if isinstance(t, ast.Name):
        return frame.f_locals.get(t.id, frame.f_globals.get(t.id))
    if isinstance(t, ast.Attribute):
        return getattr(frame.f_locals.get(t.value.id), t.attr, None)
    return tuple(read_target(e, frame) for e in t.elts)


# Files written with PyTorch 2's API: recorded under 2.x only.
TORCH2_ONLY = {"llama_gqa.py"}


def make_input(shape):
    if shape and shape[0] == "long":
        return torch.randint(1, 20, shape[1:]), shape[1:]
    return torch.randn(*shape), shape


def run(file, expr, shapes):
    name = file[:-3]
    module = importlib.import_module("realworld." + name)
    model = eval(expr, vars(module))
    model.eval()
    rows = {}
    hooks = []
    for path, m in model.named_modules():
        # Own parameters are counted after forward, when lazy modules (LazyConv2d, ...) have them.
        row = {"path": path, "type": type(m).__name__, "outputs": [], "params": None}
        rows[path] = row

        def hook(_m, _inp, out, row=row):
            enc = encode(out)
            if enc not in row["outputs"]:
                row["outputs"].append(enc)

        hooks.append(m.register_forward_hook(hook))

    indexes = {}
    lines = {}
    pending = {}

    def capture(frame, fname, lineno):
        target = indexes[fname].stmts[lineno][1]
        enc = encode_line(read_target(target, frame))
        key = (fname, lineno)
        vals = lines.setdefault(key, [])
        if enc not in vals:
            vals.append(enc)

    def tracer(frame, event, arg):
        fname = frame.f_code.co_filename
        # Comprehensions and lambdas run in their own frames on the statement's line: not assignments.
        if not fname.startswith(DIR) or frame.f_code.co_name.startswith("<"):
            return tracer
        rel = os.path.basename(fname)
        if rel not in indexes:
            indexes[rel] = AssignIndex(fname)
        idx = indexes[rel]
        if event in ("line", "return"):
            p = pending.get(id(frame))
            if p is not None:
                start, end = p
                if event == "return" or not (start <= frame.f_lineno <= end):
                    capture(frame, rel, start)
                    del pending[id(frame)]
            if event == "line" and frame.f_lineno in idx.stmts and id(frame) not in pending:
                pending[id(frame)] = (frame.f_lineno, idx.stmts[frame.f_lineno][0])
        return tracer

    inputs, input_shapes = zip(*(make_input(s) for s in shapes))
    with torch.no_grad():
        sys.settrace(tracer)
        try:
            out = model(*inputs)
        finally:
            sys.settrace(None)
    for h in hooks:
        h.remove()
    for path, m in model.named_modules():
        rows[path]["params"] = sum(p.numel() for p in m.parameters(recurse=False))
    # Lines whose values are all non-tensors stay in (as [null]): the engine must not hint them.
    line_rows = [{"file": f, "line": l, "values": v} for (f, l), v in sorted(lines.items())]
    return {
        "file": file,
        "model": expr,
        "input": [list(s) for s in input_shapes],
        "output": encode(out),
        "params": sum(p.numel() for p in model.parameters()),
        "modules": list(rows.values()),
        "lines": line_rows,
    }


def main():
    args = sys.argv[1:]
    only = None
    if "--only" in args:
        i = args.index("--only")
        only = set(args[i + 1].split(","))
        del args[i : i + 2]
    major_minor = ".".join(torch.__version__.split("+")[0].split(".")[:2])
    default_name = "realworld.json" if major_minor == "1.13" else f"realworld-{major_minor}.json"
    out_path = args[0] if args else os.path.join(ROOT, "test", "golden", default_name)
    pkg = types.ModuleType("realworld")
    pkg.__path__ = [DIR]
    sys.modules["realworld"] = pkg
    sys.path.insert(0, DIR)
    torch2 = int(torch.__version__.split(".")[0]) >= 2
    entries = [entry for entry in MODELS if torch2 or entry[0] not in TORCH2_ONLY]
    if only is None:
        models = [run(*entry) for entry in entries]
    else:
        with open(out_path) as f:
            kept = {(m["file"], m["model"], json.dumps(m["input"])): m for m in json.load(f)["models"]}
        models = []
        for file, expr, shapes in entries:
            if file in only:
                models.append(run(file, expr, shapes))
            else:
                stored = [list(s[1:]) if s and s[0] == "long" else list(s) for s in shapes]
                key = (file, expr, json.dumps(stored))
                if key not in kept:
                    sys.exit(f"{file} {expr}: not in {out_path}; regenerate everything")
                models.append(kept[key])
    with open(out_path, "w") as f:
        f.write('{"torch": %s, "models": [\n' % json.dumps(torch.__version__))
        for i, m in enumerate(models):
            head = {k: v for k, v in m.items() if k not in ("modules", "lines")}
            f.write(json.dumps(head, separators=(",", ":"))[:-1] + ',"modules":[\n')
            f.write(",\n".join(json.dumps(r, separators=(",", ":")) for r in m["modules"]))
            f.write('\n],"lines":[\n')
            f.write(",\n".join(json.dumps(r, separators=(",", ":")) for r in m["lines"]))
            f.write("\n]}" + ("," if i + 1 < len(models) else "") + "\n")
        f.write("]}\n")
    print(f"{len(models)} models written to {out_path}", file=sys.stderr)


if __name__ == "__main__":
    main()
