import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvBNReLU(nn.Sequential):
    def __init__(self, in_ch, out_ch, k=3, s=1):
        super().__init__(
            nn.Conv2d(in_ch, out_ch, k, s, k // 2, bias=False),
            nn.BatchNorm2d(out_ch),
            nn.ReLU(inplace=True),
        )


class TinyFPN(nn.Module):
    def __init__(self, channels=(16, 32, 64), out_ch=32, num_classes=5):
        super().__init__()
        self.stages = nn.ModuleList()
        prev = 3
        for c in channels:
            self.stages.append(ConvBNReLU(prev, c, s=2))
            prev = c
        self.lateral = nn.ModuleList([nn.Conv2d(c, out_ch, 1) for c in channels])
        self.smooth = nn.Conv2d(out_ch, out_ch, 3, padding=1)
        self.classifier = nn.Conv2d(out_ch, num_classes, 1)

    def forward(self, x):
        b, c, h, w = x.shape
        feats = []
        for stage in self.stages:
            x = stage(x)
            feats.append(x)
        lat = [l(f) for l, f in zip(self.lateral, feats)]
        top = lat[-1]
        for f in reversed(lat[:-1]):
            _, _, fh, fw = f.shape
            top = F.interpolate(top, size=(fh, fw), mode="nearest") + f
        top = self.smooth(top)
        out = self.classifier(top)
        out = F.interpolate(out, size=(h, w), mode="bilinear", align_corners=False)
        return out


class PixelAttention(nn.Module):
    def __init__(self, channels=32):
        super().__init__()
        self.key = nn.Linear(channels, channels)
        self.norm = nn.GroupNorm(4, channels)

    def forward(self, x):
        B, C, H, W = x.size()
        tokens = x.flatten(2).permute(0, 2, 1)
        keys = self.key(tokens)
        sim = torch.bmm(tokens, keys.transpose(1, 2)) / C ** 0.5
        sim = sim.softmax(-1)
        out = torch.bmm(sim, tokens).permute(0, 2, 1).reshape(B, C, H, W)
        return self.norm(out + x)


if __name__ == "__main__":
    net = TinyFPN()
    y = net(torch.randn(2, 3, 64, 48))
    print(y.shape)
