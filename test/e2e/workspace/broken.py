"""Code caught in the middle of typing: unbalanced brackets and an unfinished statement."""
import torch.nn as nn


class HalfTyped(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, kernel_size=3
        self.fc = nn.Linear(16,

    # shape: x = (N, 3, 32, 32)
    def forward(self, x):
        x = self.conv1(x
        return x.
