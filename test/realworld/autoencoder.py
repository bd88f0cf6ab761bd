import torch
import torch.nn as nn


class ConvAutoencoder(nn.Module):
    def __init__(self):
        super(ConvAutoencoder, self).__init__()
        # encoder
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 16, 3, stride=2, padding=1),  # b, 16, 14, 14
            nn.ReLU(True),
            nn.Conv2d(16, 32, 3, stride=2, padding=1),  # b, 32, 7, 7
            nn.ReLU(True),
            nn.Conv2d(32, 64, 7)  # b, 64, 1, 1
        )
        self.decoder = nn.Sequential(
            nn.ConvTranspose2d(64, 32, 7),
            nn.ReLU(True),
            nn.ConvTranspose2d(32, 16, 3, stride=2, padding=1, output_padding=1),
            nn.ReLU(True),
            nn.ConvTranspose2d(16, 1, 3, stride=2, padding=1, output_padding=1),
            nn.Sigmoid()
        )

    def forward(self, x):
        encoded = self.encoder(x)
        decoded = self.decoder(encoded)
        return decoded


class LinearAutoencoder(nn.Module):
    def __init__(self, input_dim=28 * 28, hidden=(128, 64, 12), code=3):
        super().__init__()
        dims = [input_dim, *hidden]
        enc = []
        for a, b in zip(dims[:-1], dims[1:]):
            enc.append(nn.Linear(a, b))
            enc.append(nn.ReLU(True))
        enc.append(nn.Linear(dims[-1], code))
        self.encoder = nn.Sequential(*enc)
        dec = [nn.Linear(code, dims[-1])]
        for a, b in zip(reversed(dims[1:]), reversed(dims[:-1])):
            dec.append(nn.ReLU(True))
            dec.append(nn.Linear(a, b))
        dec.append(nn.Tanh())
        self.decoder = nn.Sequential(*dec)

    def forward(self, x):
        x = x.view(x.size(0), -1)
        z = self.encoder(x)
        x_hat = self.decoder(z)
        return x_hat.view(-1, 1, 28, 28), z


if __name__ == "__main__":
    model = ConvAutoencoder()
    img = torch.randn(4, 1, 28, 28)
    output = model(img)
    print(output.shape)
