# Swin-style window attention written with einops (window partition / reverse, shifted windows by torch.roll,
# relative position bias table indexed by a registered buffer), and patch merging.
import torch
from torch import nn
from einops import rearrange
import einops


class WindowAttention(nn.Module):
    def __init__(self, dim, heads, head_dim, window_size, shifted):
        super().__init__()
        inner_dim = head_dim * heads
        self.heads = heads
        self.scale = head_dim ** -0.5
        self.window_size = window_size
        self.shifted = shifted
        self.to_qkv = nn.Linear(dim, inner_dim * 3, bias=False)
        self.pos_embedding = nn.Parameter(torch.randn(2 * window_size - 1, 2 * window_size - 1))
        coords = torch.stack(torch.meshgrid(torch.arange(window_size), torch.arange(window_size), indexing="ij"))
        coords = coords.flatten(1)
        rel = coords[:, :, None] - coords[:, None, :]
        rel = rel.permute(1, 2, 0) + window_size - 1
        self.register_buffer("relative_indices", rel)
        self.to_out = nn.Linear(inner_dim, dim)

    def forward(self, x):
        if self.shifted:
            x = torch.roll(x, shifts=(-(self.window_size // 2), -(self.window_size // 2)), dims=(1, 2))

        b, n_h, n_w, _ = x.shape
        h = self.heads

        qkv = self.to_qkv(x).chunk(3, dim=-1)
        nw_h = n_h // self.window_size
        nw_w = n_w // self.window_size

        q, k, v = map(
            lambda t: rearrange(t, 'b (nw_h w_h) (nw_w w_w) (h d) -> b h (nw_h nw_w) (w_h w_w) d',
                                h=h, w_h=self.window_size, w_w=self.window_size), qkv)

        dots = torch.einsum('b h w i d, b h w j d -> b h w i j', q, k) * self.scale
        same = einops.einsum(q, k, 'batch head win i dim, batch head win j dim -> batch head win i j')
        bias = self.pos_embedding[self.relative_indices[:, :, 0], self.relative_indices[:, :, 1]]
        dots = dots + bias

        attn = dots.softmax(dim=-1)

        out = torch.einsum('b h w i j, b h w j d -> b h w i d', attn, v)
        out = rearrange(out, 'b h (nw_h nw_w) (w_h w_w) d -> b (nw_h w_h) (nw_w w_w) (h d)',
                        h=h, w_h=self.window_size, w_w=self.window_size, nw_h=nw_h, nw_w=nw_w)
        out = self.to_out(out)

        if self.shifted:
            out = torch.roll(out, shifts=(self.window_size // 2, self.window_size // 2), dims=(1, 2))
        return out


class SwinBlock(nn.Module):
    def __init__(self, dim, heads, head_dim, mlp_dim, shifted, window_size):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn = WindowAttention(dim, heads, head_dim, window_size, shifted)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, mlp_dim), nn.GELU(), nn.Linear(mlp_dim, dim))

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        x = x + self.mlp(self.norm2(x))
        return x


class PatchMerging(nn.Module):
    def __init__(self, in_channels, out_channels, downscaling_factor):
        super().__init__()
        self.downscaling_factor = downscaling_factor
        self.patch_merge = nn.Unfold(kernel_size=downscaling_factor, stride=downscaling_factor, padding=0)
        self.linear = nn.Linear(in_channels * downscaling_factor ** 2, out_channels)

    def forward(self, x):
        b, c, h, w = x.shape
        new_h, new_w = h // self.downscaling_factor, w // self.downscaling_factor
        x = self.patch_merge(x).view(b, -1, new_h, new_w).permute(0, 2, 3, 1)
        x = self.linear(x)
        return x


class StageModule(nn.Module):
    def __init__(self, in_channels, hidden_dimension, layers, downscaling_factor, num_heads, head_dim, window_size):
        super().__init__()
        assert layers % 2 == 0, 'Stage layers need to be divisible by 2 for regular and shifted block.'
        self.patch_partition = PatchMerging(in_channels, hidden_dimension, downscaling_factor)
        self.layers = nn.ModuleList([])
        for _ in range(layers // 2):
            self.layers.append(nn.ModuleList([
                SwinBlock(hidden_dimension, num_heads, head_dim, hidden_dimension * 4, False, window_size),
                SwinBlock(hidden_dimension, num_heads, head_dim, hidden_dimension * 4, True, window_size),
            ]))

    def forward(self, x):
        x = self.patch_partition(x)
        for regular_block, shifted_block in self.layers:
            x = regular_block(x)
            x = shifted_block(x)
        return x.permute(0, 3, 1, 2)


class SwinTiny(nn.Module):
    def __init__(self, hidden_dim=32, layers=(2, 2), heads=(2, 4), channels=3, num_classes=10, head_dim=8, window_size=4):
        super().__init__()
        self.stage1 = StageModule(channels, hidden_dim, layers[0], 4, heads[0], head_dim, window_size)
        self.stage2 = StageModule(hidden_dim, hidden_dim * 2, layers[1], 2, heads[1], head_dim, window_size)
        self.mlp_head = nn.Sequential(nn.LayerNorm(hidden_dim * 2), nn.Linear(hidden_dim * 2, num_classes))

    def forward(self, img):
        x = self.stage1(img)
        x = self.stage2(x)
        x = x.mean(dim=[2, 3])
        return self.mlp_head(x)
