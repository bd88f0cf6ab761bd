from dataclasses import dataclass, field

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class MixerConfig:
    image_size: int = 32
    patch_size: int = 4
    in_channels: int = 3
    hidden_dim: int = 64
    tokens_mlp_dim: int = 32
    channels_mlp_dim: int = 128
    num_blocks: int = 2
    num_classes: int = 10
    dropout: float = 0.0

    @property
    def num_patches(self):
        return (self.image_size // self.patch_size) ** 2


class MlpBlock(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


class MixerBlock(nn.Module):
    def __init__(self, cfg: MixerConfig):
        super().__init__()
        self.norm1 = nn.LayerNorm(cfg.hidden_dim)
        self.token_mixing = MlpBlock(cfg.num_patches, cfg.tokens_mlp_dim)
        self.norm2 = nn.LayerNorm(cfg.hidden_dim)
        self.channel_mixing = MlpBlock(cfg.hidden_dim, cfg.channels_mlp_dim)

    def forward(self, x):
        y = self.norm1(x)
        y = y.transpose(1, 2)
        y = self.token_mixing(y)
        y = y.transpose(1, 2)
        x = x + y
        y = self.norm2(x)
        return x + self.channel_mixing(y)


class MlpMixer(nn.Module):
    def __init__(self, cfg: MixerConfig):
        super().__init__()
        self.cfg = cfg
        self.stem = nn.Conv2d(cfg.in_channels, cfg.hidden_dim, kernel_size=cfg.patch_size, stride=cfg.patch_size)
        self.blocks = nn.Sequential(*[MixerBlock(cfg) for _ in range(cfg.num_blocks)])
        self.norm = nn.LayerNorm(cfg.hidden_dim)
        self.head = nn.Linear(cfg.hidden_dim, cfg.num_classes)

    def forward(self, images):
        x = self.stem(images)
        n, c, h, w = x.shape
        x = x.reshape(n, c, h * w).permute(0, 2, 1)
        x = self.blocks(x)
        x = self.norm(x)
        x = x.mean(dim=1)
        return self.head(x)


@dataclass
class TrainConfig:
    model: MixerConfig = field(default_factory=MixerConfig)
    lr: float = 1e-3


if __name__ == "__main__":
    config = TrainConfig()
    model = MlpMixer(config.model)
    out = model(torch.randn(2, 3, 32, 32))
    print(out.shape)
