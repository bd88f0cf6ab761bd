"""conv2 expects 8 input channels but conv1 produces 16: PyTorch raises a RuntimeError in forward."""
import torch.nn as nn


class Mismatch(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(8, 32, kernel_size=3, padding=1)

    # shape: x = (N, 3, 64, 64)
    def forward(self, x):
        x = self.conv1(x)
        x = self.conv2(x)
        return x
