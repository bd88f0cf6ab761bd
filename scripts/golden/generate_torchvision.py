#!/usr/bin/python3
# Generates test/golden/torchvision.json: the torchvision (0.14) model zoo run through real PyTorch
# (1.13) in eval mode with a forward hook on every named module, recording each module's type, the
# distinct outputs over all its calls and its own parameter count. test/core/torchvision.test.ts
# evaluates the same expressions statically and must agree. No weights, no network.
#
# Usage: /usr/bin/python3 scripts/golden/generate_torchvision.py [out.json] [--only NAME,...]
# --only re-runs the models named and keeps every other model as the existing JSON has it.
# Under PyTorch 2.13 (torchvision-2.13.json, the same Debian torchvision 0.14 sources): see
# scripts/golden/torch2-env.sh, which prepares the venv and an importable copy of those sources.

import importlib
import json
import os
import sys
import time
import warnings

import torch
import torchvision

warnings.simplefilter("ignore")


def golden_name():
    """torchvision.json under PyTorch 1.13, torchvision-<major.minor>.json under any other version."""
    major_minor = ".".join(torch.__version__.split("+")[0].split(".")[:2])
    return "torchvision.json" if major_minor == "1.13" else f"torchvision-{major_minor}.json"

torch.manual_seed(0)
torch.set_num_threads(4)

IN224 = [1, 3, 224, 224]

# (name, module file under the torchvision package, expression evaluated in that module's scope, input)
MODELS = [
    ("alexnet", "models/alexnet.py", "AlexNet()", IN224),
    ("vgg11", "models/vgg.py", 'VGG(make_layers(cfgs["A"]))', IN224),
    ("vgg11_bn", "models/vgg.py", 'VGG(make_layers(cfgs["A"], batch_norm=True))', IN224),
    ("resnet18", "models/resnet.py", "ResNet(BasicBlock, [2, 2, 2, 2])", IN224),
    ("resnet50", "models/resnet.py", "ResNet(Bottleneck, [3, 4, 6, 3])", IN224),
    ("resnext50_32x4d", "models/resnet.py", "ResNet(Bottleneck, [3, 4, 6, 3], groups=32, width_per_group=4)", IN224),
    ("squeezenet1_0", "models/squeezenet.py", 'SqueezeNet("1_0")', IN224),
    ("squeezenet1_1", "models/squeezenet.py", 'SqueezeNet("1_1")', IN224),
    ("densenet121", "models/densenet.py", "DenseNet(32, (6, 12, 24, 16), 64)", IN224),
    ("googlenet", "models/googlenet.py", "GoogLeNet(init_weights=False)", IN224),
    ("inception_v3", "models/inception.py", "Inception3(init_weights=False)", [1, 3, 299, 299]),
    ("mobilenet_v2", "models/mobilenetv2.py", "MobileNetV2()", IN224),
    ("mobilenet_v3_large", "models/mobilenetv3.py", 'MobileNetV3(*_mobilenet_v3_conf("mobilenet_v3_large"))', IN224),
    ("mobilenet_v3_small", "models/mobilenetv3.py", 'MobileNetV3(*_mobilenet_v3_conf("mobilenet_v3_small"))', IN224),
    ("mnasnet1_0", "models/mnasnet.py", "MNASNet(1.0)", IN224),
    ("shufflenet_v2_x1_0", "models/shufflenetv2.py", "ShuffleNetV2([4, 8, 4], [24, 116, 232, 464, 1024])", IN224),
    (
        "efficientnet_b0",
        "models/efficientnet.py",
        'EfficientNet(_efficientnet_conf("efficientnet_b0", width_mult=1.0, depth_mult=1.0)[0], 0.2)',
        IN224,
    ),
    (
        "efficientnet_v2_s",
        "models/efficientnet.py",
        'EfficientNet(_efficientnet_conf("efficientnet_v2_s")[0], 0.2, last_channel=1280, '
        "norm_layer=partial(nn.BatchNorm2d, eps=1e-03))",
        IN224,
    ),
    (
        "regnet_y_400mf",
        "models/regnet.py",
        "RegNet(BlockParams.from_init_params(depth=16, w_0=48, w_a=27.89, w_m=2.09, group_width=8, se_ratio=0.25))",
        IN224,
    ),
    (
        "regnet_y_800mf",
        "models/regnet.py",
        "RegNet(BlockParams.from_init_params(depth=14, w_0=56, w_a=38.84, w_m=2.4, group_width=16, se_ratio=0.25))",
        IN224,
    ),
    (
        "regnet_x_400mf",
        "models/regnet.py",
        "RegNet(BlockParams.from_init_params(depth=22, w_0=24, w_a=24.48, w_m=2.54, group_width=16))",
        IN224,
    ),
    (
        "convnext_tiny",
        "models/convnext.py",
        "ConvNeXt([CNBlockConfig(96, 192, 3), CNBlockConfig(192, 384, 3), CNBlockConfig(384, 768, 9), "
        "CNBlockConfig(768, None, 3)], stochastic_depth_prob=0.1)",
        IN224,
    ),
    (
        "swin_t",
        "models/swin_transformer.py",
        "SwinTransformer(patch_size=[4, 4], embed_dim=96, depths=[2, 2, 6, 2], num_heads=[3, 6, 12, 24], "
        "window_size=[7, 7], stochastic_depth_prob=0.2)",
        IN224,
    ),
    (
        "vit_b_16",
        "models/vision_transformer.py",
        "VisionTransformer(image_size=224, patch_size=16, num_layers=12, num_heads=12, hidden_dim=768, mlp_dim=3072)",
        IN224,
    ),
    (
        "maxvit_t",
        "models/maxvit.py",
        "MaxVit(input_size=(224, 224), stem_channels=64, partition_size=7, block_channels=[64, 128, 256, 512], "
        "block_layers=[2, 2, 5, 2], head_dim=32, stochastic_depth_prob=0.2)",
        IN224,
    ),
    # Quantization-ready models (eager mode, before prepare/convert): QuantStub, DeQuantStub, FloatFunctional.
    ("quantized_resnet18", "models/quantization/resnet.py", "QuantizableResNet(QuantizableBasicBlock, [2, 2, 2, 2])", IN224),
    ("quantized_resnet50", "models/quantization/resnet.py", "QuantizableResNet(QuantizableBottleneck, [3, 4, 6, 3])", IN224),
    (
        "quantized_mobilenet_v2",
        "models/quantization/mobilenetv2.py",
        "QuantizableMobileNetV2(block=QuantizableInvertedResidual)",
        IN224,
    ),
    (
        "quantized_mobilenet_v3_large",
        "models/quantization/mobilenetv3.py",
        'QuantizableMobileNetV3(*_mobilenet_v3_conf("mobilenet_v3_large"), block=QuantizableInvertedResidual)',
        IN224,
    ),
    ("quantized_googlenet", "models/quantization/googlenet.py", "QuantizableGoogLeNet(init_weights=False)", IN224),
    ("quantized_inception_v3", "models/quantization/inception.py", "QuantizableInception3(init_weights=False)", [1, 3, 299, 299]),
    (
        "quantized_shufflenet_v2_x1_0",
        "models/quantization/shufflenetv2.py",
        "QuantizableShuffleNetV2([4, 8, 4], [24, 116, 232, 464, 1024])",
        IN224,
    ),
]


def encode(v):
    """A forward output as JSON: tensor -> shape list, tuple/list -> {"tuple": [...]}, else null."""
    if isinstance(v, torch.Tensor):
        return list(v.shape)
    if isinstance(v, (tuple, list)):
        return {"tuple": [encode(x) for x in v]}
    return None


def run(name, file, expr, shape):
    module_name = "torchvision." + file[:-3].replace("/", ".")
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
    with torch.no_grad():
        out = model(torch.randn(*shape))
    for h in hooks:
        h.remove()
    return {
        "name": name,
        "file": file,
        "model": expr,
        "input": shape,
        "output": encode(out),
        "params": sum(p.numel() for p in model.parameters()),
        "modules": list(rows.values()),
    }


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    args = sys.argv[1:]
    only = None
    if "--only" in args:
        i = args.index("--only")
        only = set(args[i + 1].split(","))
        del args[i : i + 2]
    out_path = args[0] if args else os.path.join(root, "test", "golden", golden_name())
    kept = {}
    if only is not None:
        with open(out_path) as f:
            kept = {m["name"]: m for m in json.load(f)["models"]}
    models = []
    for name, file, expr, shape in MODELS:
        if only is not None and name not in only:
            if name not in kept:
                sys.exit(f"{name}: not in {out_path}; regenerate everything")
            models.append(kept[name])
            continue
        t0 = time.perf_counter()
        models.append(run(name, file, expr, shape))
        print(f"{name}: {len(models[-1]['modules'])} modules, {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    doc = {"torch": torch.__version__, "torchvision": torchvision.__version__, "models": models}
    # One module row per line keeps the file compact yet diffable.
    with open(out_path, "w") as f:
        f.write('{"torch": %s, "torchvision": %s, "models": [\n' % (json.dumps(doc["torch"]), json.dumps(doc["torchvision"])))
        for i, m in enumerate(models):
            head = {k: v for k, v in m.items() if k not in ("modules", "lines")}
            f.write(json.dumps(head, separators=(",", ":"))[:-1] + ',"modules":[\n')
            f.write(",\n".join(json.dumps(r, separators=(",", ":")) for r in m["modules"]))
            # Kept models keep the "lines" key that generate_torchvision_lines.py adds.
            if "lines" in m:
                f.write('\n],"lines":[\n')
                f.write(",\n".join(json.dumps(r, separators=(",", ":")) for r in m["lines"]))
            f.write("\n]}" + ("," if i + 1 < len(models) else "") + "\n")
        f.write("]}\n")


if __name__ == "__main__":
    main()
