# Ordinary Python that model authors write, once unknown to the engine (issue 9): starred items in an
# unparenthesised tuple, hyper-parameters read back through dict(locals()) and grouped by key prefix,
# hasattr/getattr with a default, a size computed by running part of the model on a dummy tensor,
# legacy tensor constructors, a torch.jit.script function, a backslash continuation inside a conditional
# expression, einops pack/unpack with f-string patterns, and eager-mode quantization stubs.
import torch
import torch.nn as nn
import torch.nn.functional as F
from einops import pack, rearrange, unpack


def group_dict_by_key(cond, d):
    return_val = [dict(), dict()]
    for key in d.keys():
        match = bool(cond(key))
        ind = int(not match)
        return_val[ind][key] = d[key]
    return (*return_val,)


def group_by_key_prefix_and_remove_prefix(prefix, d):
    kwargs_with_prefix, kwargs = group_dict_by_key(lambda x: x.startswith(prefix), d)
    kwargs_without_prefix = dict(map(lambda x: (x[0][len(prefix):], x[1]), tuple(kwargs_with_prefix.items())))
    return kwargs_without_prefix, kwargs


class Stage(nn.Module):
    def __init__(self, dim_in, emb_dim=16, emb_kernel=3, heads=2):
        super().__init__()
        self.conv = nn.Conv2d(dim_in, emb_dim, emb_kernel, padding=emb_kernel // 2)
        self.heads = heads

    def forward(self, x):
        x = self.conv(x)
        b, c, *_, h = *x.shape, self.heads
        y = rearrange(x, f"b (h d) x y -> b h (x y) d", h=h)
        return x, y


class CvTLike(nn.Module):
    """Stage configurations grouped by key prefix from dict(locals())."""

    def __init__(self, s1_emb_dim=16, s1_emb_kernel=3, s2_emb_dim=32, s2_emb_kernel=3, s2_heads=4):
        super().__init__()
        kwargs = dict(locals())
        dim = 3
        layers = []
        for prefix in ("s1", "s2"):
            config, kwargs = group_by_key_prefix_and_remove_prefix(f"{prefix}_", kwargs)
            layers.append(Stage(dim_in=dim, **config))
            dim = config["emb_dim"]
        self.layers = nn.ModuleList(layers)

    def forward(self, x):
        outs = []
        for layer in self.layers:
            x, y = layer(x)
            outs.append(y)
        return x, outs[-1]


class Block(nn.Module):
    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, stride, 1)
        if stride != 1 or cin != cout:
            self.shortcut = nn.Conv2d(cin, cout, 1, stride)
        self.norm = getattr(self, "norm_layer", None)
        self.act = nn.GELU() if hasattr(nn, "GELU") else \
            nn.ReLU()

    def forward(self, x):
        out = self.conv(x)
        sc = self.shortcut(x) if hasattr(self, "shortcut") else x
        if hasattr(F, "scaled_dot_product_attention"):
            out = out * 2
        return self.act(out + sc)


@torch.jit.script
def scaled(x: torch.Tensor) -> torch.Tensor:
    return torch.cat([x, x * 2], dim=-1)


class DummySized(nn.Module):
    """The classifier's width comes from running the features on a dummy input; legacy parameters."""

    def __init__(self, h=20, w=16, classes=5):
        super().__init__()
        self.features = nn.Sequential(Block(3, 8), Block(8, 8), Block(8, 16, 2), nn.MaxPool2d(2))
        with torch.no_grad():
            n = self.features(torch.zeros(1, 3, h, w)).flatten(1).shape[1]
        self.fc = nn.Linear(n, classes)
        self.scale = nn.Parameter(torch.Tensor(classes).fill_(1.0))
        self.bias = nn.Parameter(torch.FloatTensor(1, classes).zero_())
        self.head = nn.Linear(classes, classes)

    def forward(self, x):
        x = self.features(x)
        b, *rest = x.shape
        x = self.fc(x.reshape(b, -1)) * self.scale + self.bias
        return scaled(self.head(x))


class PackedTokens(nn.Module):
    """A class token packed with the patch tokens and unpacked after the encoder."""

    def __init__(self, dim=16, patch=4):
        super().__init__()
        self.patch = patch
        self.embed = nn.Linear(3 * patch * patch, dim)
        self.cls = nn.Parameter(torch.zeros(1, dim))
        self.encoder = nn.Linear(dim, dim)

    def forward(self, img):
        p = self.patch
        axes = "p1 p2"
        x = rearrange(img, f"b c (h p1) (w p2) -> b (h w) ({axes} c)", p1=p, p2=p)
        x = self.embed(x)
        b, n, d = *x.shape,
        cls = self.cls.expand(b, -1)
        x, ps = pack([cls, x], "b * d")
        x = self.encoder(x)
        cls_out, tokens = unpack(x, ps, "b * d")
        return cls_out, tokens


class QuantReady(nn.Module):
    """Eager-mode quantization before prepare/convert: stubs and FloatFunctional ops."""

    def __init__(self):
        super().__init__()
        self.quant = torch.ao.quantization.QuantStub()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.skip = nn.Conv2d(3, 8, 1)
        self.add = nn.quantized.FloatFunctional()
        self.cat = torch.nn.quantized.FloatFunctional()
        self.dequant = torch.ao.quantization.DeQuantStub()

    def forward(self, x):
        x = self.quant(x)
        y = self.add.add(self.conv(x), self.skip(x))
        z = self.cat.cat([y, x], dim=1)
        return self.dequant(z)

    def fuse_model(self):
        torch.ao.quantization.fuse_modules(self, [["conv"]], inplace=True)
