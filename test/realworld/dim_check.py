import torch
import torch.nn as nn
import torch.nn.functional as F


class SmallCNN(nn.Module):
    """Accepts a single image (C, H, W) or a batch (N, C, H, W)."""

    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 5, padding=2)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(16, 32, 5, padding=2)
        self.fc = nn.Linear(32 * 8 * 8, num_classes)

    def forward(self, x):
        if x.dim() == 3:
            x = x.unsqueeze(0)
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.reshape(x.shape[0], -1)
        x = self.fc(x)
        return x


class SeqModel(nn.Module):
    def __init__(self, d_in=12, d_hidden=24, d_out=3):
        super().__init__()
        self.fc1 = nn.Linear(d_in, d_hidden)
        self.fc2 = nn.Linear(d_hidden, d_out)

    def forward(self, x):
        if len(x.shape) == 2:
            x = x[None, ...]
        batch, steps, feats = x.shape
        x = x.reshape(batch * steps, feats)
        x = torch.tanh(self.fc1(x))
        x = self.fc2(x)
        x = x.reshape(batch, steps, -1)
        if x.size(0) == 1:
            x = x.squeeze(0)
        return x


if __name__ == "__main__":
    net = SmallCNN()
    img = torch.randn(3, 32, 32)
    print(net(img).shape)
    seq = SeqModel()
    print(seq(torch.randn(7, 12)).shape)
