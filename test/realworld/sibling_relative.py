import torch
from torch import nn

from .blocks import ConvBlock


class Encoder(nn.Module):
    def __init__(self, chans=(1, 16, 32, 64)):
        super().__init__()
        self.blocks = nn.ModuleList(
            [ConvBlock(chans[i], chans[i + 1], pool=True) for i in range(len(chans) - 1)]
        )

    def forward(self, x):
        ftrs = []
        for block in self.blocks:
            x = block(x)
            ftrs.append(x)
        return ftrs


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()
        self.fc = nn.Linear(64 * 4 * 4, 10)

    def forward(self, x):
        feats = self.encoder(x)
        last = feats[-1]
        return self.fc(last.view(last.size(0), -1))
