import torch
import torch.nn as nn


class LSTMClassifier(nn.Module):
    def __init__(self, vocab_size=1000, embedding_dim=64, hidden_dim=128, output_dim=5, n_layers=2,
                 bidirectional=True, dropout=0.3, pad_idx=0):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_dim, padding_idx=pad_idx)
        self.rnn = nn.LSTM(embedding_dim, hidden_dim, num_layers=n_layers, bidirectional=bidirectional,
                           dropout=dropout, batch_first=True)
        self.fc = nn.Linear(hidden_dim * 2, output_dim)
        self.dropout = nn.Dropout(dropout)

    def forward(self, text):
        embedded = self.dropout(self.embedding(text))
        output, (hidden, cell) = self.rnn(embedded)
        hidden = self.dropout(torch.cat((hidden[-2, :, :], hidden[-1, :, :]), dim=1))
        return self.fc(hidden)


class CharGRU(nn.Module):
    def __init__(self, input_size=30, hidden_size=64, output_size=30, n_layers=2):
        super(CharGRU, self).__init__()
        self.hidden_size = hidden_size
        self.n_layers = n_layers
        self.encoder = nn.Embedding(input_size, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size, n_layers)
        self.decoder = nn.Linear(hidden_size, output_size)

    def init_hidden(self, batch_size):
        return torch.zeros(self.n_layers, batch_size, self.hidden_size)

    def forward(self, input):
        seq_len, batch_size = input.size()
        hidden = self.init_hidden(batch_size)
        encoded = self.encoder(input)
        output, hidden = self.gru(encoded, hidden)
        output = self.decoder(output.view(seq_len * batch_size, -1))
        return output.view(seq_len, batch_size, -1), hidden


class SeqRegressor(nn.Module):
    def __init__(self, n_features=6, hidden=32):
        super().__init__()
        self.rnn = nn.RNN(n_features, hidden, batch_first=True, nonlinearity='relu')
        self.lstm_cell = nn.LSTMCell(hidden, hidden)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x):
        out, h_n = self.rnn(x)
        last = out[:, -1, :]
        h, c = self.lstm_cell(last)
        return self.head(h).squeeze(-1)


if __name__ == "__main__":
    model = LSTMClassifier()
    tokens = torch.randint(0, 1000, (4, 25))
    print(model(tokens).shape)
