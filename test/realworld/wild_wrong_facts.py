# Constructs behind wrong facts once seen on model code from public repositories: layers dropped at
# random (even in eval mode), a depth read back through locals(), submodules registered through
# __setattr__ / setattr / __dict__, a return under a data-dependent condition, and a loop whose trip
# count the engine cannot know. The engine may stay unknown on these, but must never say "never
# called", state a total over registrations it missed, or list only some of a line's shapes.
import random

import torch
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.fc = nn.Linear(dim, dim)

    def forward(self, x):
        return self.fc(x)


class LayerDrop(nn.Module):
    """Stochastic layer drop: a random subset of the blocks runs, in eval mode too."""

    def __init__(self, dim=8, depth=4, p=0.5):
        super().__init__()
        self.layers = nn.ModuleList([Block(dim) for _ in range(depth)])
        self.head = nn.Linear(dim, 3)
        self.p = p

    def forward(self, x):
        random.seed(3)
        layers = [layer for layer in self.layers if random.random() > self.p]
        for layer in layers:
            x = layer(x)
        return self.head(x)


class LocalsConfig(nn.Module):
    """Hyper-parameters gathered with dict(locals()) and read back."""

    def __init__(self, dim=8, depth=3):
        super().__init__()
        kwargs = dict(locals())
        self.depth = kwargs["depth"]
        self.blocks = nn.ModuleList([Block(dim) for _ in range(depth)])
        self.out = nn.Linear(dim, 2)

    def forward(self, x):
        for i in range(self.depth):
            x = self.blocks[i](x)
        return self.out(x)


class SetattrLevels(nn.Module):
    """Submodules registered by name through every spelling of __setattr__."""

    def __init__(self, dim=6, levels=3):
        super().__init__()
        self.levels = levels
        for i in range(levels):
            self.__setattr__("level_%d" % i, nn.Linear(dim, dim))
        super().__setattr__("sup", nn.Linear(dim, dim))
        nn.Module.__setattr__(self, "cls_set", nn.Linear(dim, dim))
        setattr(self, "named_%s" % "a", nn.Linear(dim, dim))
        object.__setattr__(self, "plain", 7)
        self.__dict__["scale"] = 2
        self._modules["extra"] = nn.Linear(dim, dim)

    def forward(self, x):
        for i in range(self.levels):
            x = getattr(self, "level_%d" % i)(x)
        x = self.sup(x) * self.scale
        x = self.cls_set(x) + self.plain
        x = self.named_a(x)
        return self.extra(x)


class EarlyExit(nn.Module):
    """A return under a data-dependent condition: the layers after it may not run."""

    def __init__(self, dim=8, threshold=1e9):
        super().__init__()
        self.first = nn.Linear(dim, dim)
        self.second = nn.Linear(dim, 4)
        self.threshold = threshold

    def forward(self, x):
        h = self.first(x)
        if h.sum() > self.threshold:
            return h
        out = self.second(h)
        return out


class GrowingLoop(nn.Module):
    """A loop whose trip count depends on the data: the line inside it takes several shapes."""

    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)

    def forward(self, x):
        steps = int(x.shape[0] + (x.sum() > 1e9))
        for _ in range(steps):
            x = torch.cat([x, self.proj(x[:, :4])], dim=1)
        return x


class SkippedLoopRegistration(nn.Module):
    """A submodule registered in a loop whose trip count depends on a random draw (always once here)."""

    def __init__(self):
        super().__init__()
        self.base = nn.Linear(4, 4)
        k = int(torch.rand(1).item() * 0)
        while k < 1:
            self.extra = nn.Linear(4, 4)
            k += 1

    def forward(self, x):
        x = self.base(x)
        return self.extra(x) if hasattr(self, "extra") else x


class MaybeHead(nn.Module):
    """A submodule registered under a random condition (never true here)."""

    def __init__(self, p=0.5):
        super().__init__()
        self.body = nn.Linear(4, 4)
        if torch.rand(1).item() < p * 0:
            self.head = nn.Linear(4, 2)

    def forward(self, x):
        return self.body(x)
