import torch
import torch.nn as nn


class C3D(nn.Module):
    """
    The C3D network (reduced for small clips).
    """

    def __init__(self, num_classes=101):
        super(C3D, self).__init__()

        self.conv1 = nn.Conv3d(3, 32, kernel_size=(3, 3, 3), padding=(1, 1, 1))
        self.pool1 = nn.MaxPool3d(kernel_size=(1, 2, 2), stride=(1, 2, 2))

        self.conv2 = nn.Conv3d(32, 64, kernel_size=(3, 3, 3), padding=(1, 1, 1))
        self.pool2 = nn.MaxPool3d(kernel_size=(2, 2, 2), stride=(2, 2, 2))

        self.conv3a = nn.Conv3d(64, 128, kernel_size=(3, 3, 3), padding=(1, 1, 1))
        self.conv3b = nn.Conv3d(128, 128, kernel_size=(3, 3, 3), padding=(1, 1, 1))
        self.pool3 = nn.MaxPool3d(kernel_size=(2, 2, 2), stride=(2, 2, 2))

        self.conv4 = nn.Conv3d(128, 128, kernel_size=(3, 3, 3), padding=(1, 1, 1))
        self.pool4 = nn.MaxPool3d(kernel_size=(2, 2, 2), stride=(2, 2, 2), padding=(0, 1, 1))

        self.fc6 = nn.Linear(1024, 256)
        self.fc7 = nn.Linear(256, num_classes)

        self.dropout = nn.Dropout(p=0.5)
        self.relu = nn.ReLU()

    def forward(self, x):
        x = self.relu(self.conv1(x))
        x = self.pool1(x)

        x = self.relu(self.conv2(x))
        x = self.pool2(x)

        x = self.relu(self.conv3a(x))
        x = self.relu(self.conv3b(x))
        x = self.pool3(x)

        x = self.relu(self.conv4(x))
        x = self.pool4(x)

        x = x.view(-1, 1024)
        x = self.relu(self.fc6(x))
        x = self.dropout(x)

        logits = self.fc7(x)

        return logits


class R2Plus1D(nn.Module):
    def __init__(self, in_ch=3, mid=45, out_ch=64):
        super().__init__()
        self.spatial = nn.Conv3d(in_ch, mid, kernel_size=(1, 7, 7), stride=(1, 2, 2), padding=(0, 3, 3), bias=False)
        self.bn1 = nn.BatchNorm3d(mid)
        self.temporal = nn.Conv3d(mid, out_ch, kernel_size=(3, 1, 1), stride=(1, 1, 1), padding=(1, 0, 0), bias=False)
        self.bn2 = nn.BatchNorm3d(out_ch)
        self.pool = nn.AdaptiveAvgPool3d((1, 1, 1))
        self.fc = nn.Linear(out_ch, 10)

    def forward(self, x):
        x = torch.relu(self.bn1(self.spatial(x)))
        x = torch.relu(self.bn2(self.temporal(x)))
        x = self.pool(x).flatten(1)
        return self.fc(x)


if __name__ == "__main__":
    inputs = torch.rand(1, 3, 16, 28, 28)
    net = C3D(num_classes=101)
    outputs = net.forward(inputs)
    print(outputs.size())
