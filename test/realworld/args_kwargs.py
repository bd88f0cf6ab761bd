import torch
import torch.nn as nn


class Residual(nn.Module):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, x, *args, **kwargs):
        return self.fn(x, *args, **kwargs) + x


class PreNorm(nn.Module):
    def __init__(self, dim, fn):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.fn = fn

    def forward(self, x, **kwargs):
        return self.fn(self.norm(x), **kwargs)


class FeedForward(nn.Module):
    def __init__(self, dim, hidden_dim, dropout=0.):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(dim, hidden_dim),
            nn.GELU(),
            nn.Dropout(dropout),
            nn.Linear(hidden_dim, dim),
            nn.Dropout(dropout)
        )

    def forward(self, x, scale=1.0):
        return self.net(x) * scale


class Wrapper(nn.Module):
    def __init__(self, module):
        super().__init__()
        self.module = module

    def forward(self, *inputs, **kwargs):
        return self.module(*inputs, **kwargs)


class Net(nn.Module):
    def __init__(self, dim=32, depth=2, num_classes=7):
        super().__init__()
        self.embed = nn.Linear(16, dim)
        self.layers = nn.ModuleList([])
        for _ in range(depth):
            self.layers.append(Residual(PreNorm(dim, FeedForward(dim, dim * 2))))
        self.head = Wrapper(nn.Linear(dim, num_classes))

    def forward(self, x, *args, **kwargs):
        x = self.embed(x)
        for layer in self.layers:
            x = layer(x, scale=0.5)
        x = x.mean(dim=1)
        return self.head(x)


if __name__ == "__main__":
    model = Net()
    out = model(torch.randn(4, 9, 16))
    print(out.shape)
