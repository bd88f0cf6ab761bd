import torch
import torch.nn as nn
import torch.nn.functional as F


class MultiHeadNet(nn.Module):
    def __init__(self, in_ch=3, widths=(16, 32, 64), tasks=None):
        super().__init__()
        tasks = tasks or {"cls": 10, "attr": 5}
        self.num_stages = len(widths)
        prev = in_ch
        for i, w in enumerate(widths):
            stage = nn.Sequential(
                nn.Conv2d(prev, w, 3, stride=2, padding=1),
                nn.BatchNorm2d(w),
                nn.ReLU(inplace=True),
            )
            setattr(self, f"layer{i + 1}", stage)
            prev = w
        self.pool = nn.AdaptiveAvgPool2d((1, 1))
        self.heads = nn.ModuleDict({name: nn.Linear(prev, n) for name, n in tasks.items()})
        self.acts = nn.ModuleDict({
            'relu': nn.ReLU(),
            'lrelu': nn.LeakyReLU(0.1),
        })

    def forward(self, x):
        for i in range(self.num_stages):
            layer = getattr(self, f"layer{i + 1}")
            x = layer(x)
        x = self.acts['lrelu'](x)
        feat = self.pool(x).flatten(1)
        outputs = {}
        for name, head in self.heads.items():
            outputs[name] = head(feat)
        return outputs["cls"], outputs["attr"]


class AddModuleNet(nn.Module):
    def __init__(self, num_layers=3, hidden=32):
        super().__init__()
        self.num_layers = num_layers
        self.add_module("input_fc", nn.Linear(20, hidden))
        for i in range(num_layers):
            self.add_module("fc%d" % i, nn.Linear(hidden, hidden))
        self.output_fc = nn.Linear(hidden, 2)

    def forward(self, x):
        x = F.relu(self.input_fc(x))
        for i in range(self.num_layers):
            x = F.relu(self._modules["fc%d" % i](x))
        return self.output_fc(x)


if __name__ == "__main__":
    net = MultiHeadNet()
    cls_out, attr_out = net(torch.randn(2, 3, 64, 64))
    print(cls_out.shape, attr_out.shape)
