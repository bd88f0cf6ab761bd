import torch
import torch.nn as nn
import torch.nn.functional as F


class Small(nn.Module):
    def __init__(self, in_channels=1, width=8):
        super().__init__()
        self.width = width
        self.conv1 = nn.Conv2d(in_channels, width, 3, padding=1)
        self.conv2 = nn.Conv2d(width, width * 2, 3, stride=2, padding=1)
        self.out_channels = width * 2

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        return x


class Big(Small):
    def __init__(self, in_channels=1, width=8, num_classes=10):
        super().__init__(in_channels, width)
        self.conv3 = nn.Conv2d(self.out_channels, self.out_channels * 2, 3, stride=2, padding=1)
        self.fc = nn.Linear(self.out_channels * 2, num_classes)

    def forward(self, x):
        x = super().forward(x)
        x = F.relu(self.conv3(x))
        x = F.adaptive_max_pool2d(x, 1).view(x.size(0), -1)
        return self.fc(x)


class Base(nn.Module):
    def __init__(self):
        super(Base, self).__init__()
        self.features = self.make_features()
        self.classifier = self.make_classifier()

    def make_features(self):
        raise NotImplementedError

    def make_classifier(self):
        return nn.Linear(16, 4)

    def forward(self, x):
        x = self.features(x)
        x = x.view(x.size(0), -1)
        return self.classifier(x)


class Concrete(Base):
    def make_features(self):
        return nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(2))


class Deeper(Big):
    def forward(self, x):
        logits = super(Deeper, self).forward(x)
        return logits, F.softmax(logits, dim=1)


if __name__ == "__main__":
    m = Big(in_channels=1, width=8)
    print(m(torch.randn(2, 1, 28, 28)).shape)
