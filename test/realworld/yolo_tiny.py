# YOLO-style backbone and neck: config-driven conv list, route concatenations, nn.Upsample(scale_factor=2),
# detection heads reshaped to (B, anchors, H, W, 5 + classes).
import torch
import torch.nn as nn


def autopad(k, p=None):
    if p is None:
        p = k // 2 if isinstance(k, int) else [x // 2 for x in k]
    return p


class Conv(nn.Module):
    def __init__(self, c1, c2, k=1, s=1, p=None, g=1, act=True):
        super().__init__()
        self.conv = nn.Conv2d(c1, c2, k, s, autopad(k, p), groups=g, bias=False)
        self.bn = nn.BatchNorm2d(c2)
        self.act = nn.LeakyReLU(0.1) if act is True else (act if isinstance(act, nn.Module) else nn.Identity())

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class Bottleneck(nn.Module):
    def __init__(self, c1, c2, shortcut=True, g=1, e=0.5):
        super().__init__()
        c_ = int(c2 * e)
        self.cv1 = Conv(c1, c_, 1, 1)
        self.cv2 = Conv(c_, c2, 3, 1, g=g)
        self.add = shortcut and c1 == c2

    def forward(self, x):
        return x + self.cv2(self.cv1(x)) if self.add else self.cv2(self.cv1(x))


class C3(nn.Module):
    def __init__(self, c1, c2, n=1, shortcut=True, g=1, e=0.5):
        super().__init__()
        c_ = int(c2 * e)
        self.cv1 = Conv(c1, c_, 1, 1)
        self.cv2 = Conv(c1, c_, 1, 1)
        self.cv3 = Conv(2 * c_, c2, 1)
        self.m = nn.Sequential(*(Bottleneck(c_, c_, shortcut, g, e=1.0) for _ in range(n)))

    def forward(self, x):
        return self.cv3(torch.cat((self.m(self.cv1(x)), self.cv2(x)), dim=1))


class SPPF(nn.Module):
    def __init__(self, c1, c2, k=5):
        super().__init__()
        c_ = c1 // 2
        self.cv1 = Conv(c1, c_, 1, 1)
        self.cv2 = Conv(c_ * 4, c2, 1, 1)
        self.m = nn.MaxPool2d(kernel_size=k, stride=1, padding=k // 2)

    def forward(self, x):
        x = self.cv1(x)
        y1 = self.m(x)
        y2 = self.m(y1)
        return self.cv2(torch.cat([x, y1, y2, self.m(y2)], 1))


class Detect(nn.Module):
    def __init__(self, nc=80, anchors=3, ch=()):
        super().__init__()
        self.nc = nc
        self.no = nc + 5
        self.nl = len(ch)
        self.na = anchors
        self.m = nn.ModuleList(nn.Conv2d(x, self.no * self.na, 1) for x in ch)

    def forward(self, x):
        z = []
        for i in range(self.nl):
            x[i] = self.m[i](x[i])
            bs, _, ny, nx = x[i].shape
            x[i] = x[i].view(bs, self.na, self.no, ny, nx).permute(0, 1, 3, 4, 2).contiguous()
            z.append(x[i].view(bs, -1, self.no))
        return torch.cat(z, 1)


class TinyYolo(nn.Module):
    def __init__(self, nc=20, width=16):
        super().__init__()
        w = width
        self.stem = Conv(3, w, 6, 2, 2)
        self.down1 = Conv(w, w * 2, 3, 2)
        self.c3_1 = C3(w * 2, w * 2, 1)
        self.down2 = Conv(w * 2, w * 4, 3, 2)
        self.c3_2 = C3(w * 4, w * 4, 2)
        self.down3 = Conv(w * 4, w * 8, 3, 2)
        self.c3_3 = C3(w * 8, w * 8, 1)
        self.sppf = SPPF(w * 8, w * 8)
        self.lat = Conv(w * 8, w * 4, 1, 1)
        self.up = nn.Upsample(scale_factor=2, mode='nearest')
        self.c3_4 = C3(w * 8, w * 4, 1, False)
        self.down4 = Conv(w * 4, w * 4, 3, 2)
        self.c3_5 = C3(w * 8, w * 8, 1, False)
        self.detect = Detect(nc, 3, (w * 4, w * 8))

    def forward(self, x):
        x = self.stem(x)
        x = self.c3_1(self.down1(x))
        p3 = self.c3_2(self.down2(x))
        x = self.sppf(self.c3_3(self.down3(p3)))
        route = self.lat(x)
        x = self.up(route)
        x = torch.cat([x, p3], 1)
        out_small = self.c3_4(x)
        x = self.down4(out_small)
        x = torch.cat([x, route], 1)
        out_large = self.c3_5(x)
        return self.detect([out_small, out_large])
