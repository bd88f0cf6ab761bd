from collections import OrderedDict

import torch
import torch.nn as nn


class MLP(nn.Module):
    def __init__(self, input_size=784, hidden_sizes=[256, 128], output_size=10):
        super().__init__()
        layers = OrderedDict()
        layers["flatten"] = nn.Flatten()
        prev = input_size
        for idx, h in enumerate(hidden_sizes):
            layers[f"fc{idx}"] = nn.Linear(prev, h)
            layers[f"relu{idx}"] = nn.ReLU()
            layers[f"drop{idx}"] = nn.Dropout(0.2)
            prev = h
        layers["out"] = nn.Linear(prev, output_size)
        self.model = nn.Sequential(layers)
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, x):
        logits = self.model(x)
        return self.softmax(logits)


model = nn.Sequential(OrderedDict([
    ('conv1', nn.Conv2d(1, 20, 5)),
    ('relu1', nn.ReLU()),
    ('conv2', nn.Conv2d(20, 64, 5)),
    ('relu2', nn.ReLU()),
    ('pool', nn.AdaptiveAvgPool2d((2, 2))),
    ('flat', nn.Flatten(start_dim=1)),
    ('fc', nn.Linear(256, 10)),
]))

if __name__ == "__main__":
    mlp = MLP()
    print(mlp(torch.randn(5, 1, 28, 28)).shape)
