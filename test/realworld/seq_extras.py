import torch
import torch.nn as nn
import torch.nn.functional as F


class Seq2Seq(nn.Module):
    def __init__(self, vocab=50, emb=16, hidden=32, layers=2):
        super().__init__()
        self.embed = nn.Embedding(vocab, emb)
        self.encoder = nn.LSTM(emb, hidden, layers, batch_first=True, bidirectional=True, proj_size=8)
        self.bridge = nn.Linear(16, hidden)
        self.decoder = nn.GRU(emb, hidden, batch_first=True)
        self.cell = nn.GRUCell(hidden, hidden)
        self.attn = nn.MultiheadAttention(hidden, 4, kdim=16, vdim=16)
        self.out = nn.Linear(hidden, vocab)
        self.crit = nn.CrossEntropyLoss(reduction="none")

    def forward(self, src):
        b, t = src.shape
        e = self.embed(src)
        enc_out, (h, c) = self.encoder(e)
        h0 = torch.tanh(self.bridge(enc_out[:, -1])).unsqueeze(0)
        dec_out, h_last = self.decoder(e, h0)
        step = self.cell(dec_out[:, 0], h_last[0])
        q = dec_out.transpose(0, 1)
        kv = enc_out.transpose(0, 1)
        mask = torch.triu(torch.ones(t, t), diagonal=1).bool()
        ctx, w = self.attn(q, kv, kv, attn_mask=mask, average_attn_weights=False)
        logits = self.out(ctx.transpose(0, 1) + step.unsqueeze(1))
        loss = self.crit(logits.reshape(b * t, -1), src.reshape(-1))
        total = F.mse_loss(step, torch.zeros_like(step)) + loss.mean()
        return logits, w, total


class TinyTransformer(nn.Module):
    def __init__(self, d=32, heads=4):
        super().__init__()
        self.enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(d, heads, 64), 1, norm=nn.LayerNorm(d))
        self.dec = nn.TransformerDecoder(nn.TransformerDecoderLayer(d, heads, 64, batch_first=True), 2)
        self.rnn = nn.RNN(d, 12)
        self.lstm_cell = nn.LSTMCell(12, 6)

    def forward(self, x, y):
        memory = self.enc(x.transpose(0, 1)).transpose(0, 1)
        out = self.dec(y, memory)
        single = out[0]
        r, hn = self.rnn(single)
        hx, cx = self.lstm_cell(r)
        return out, hn, hx, cx


if __name__ == "__main__":
    m = Seq2Seq()
    logits, w, total = m(torch.randint(0, 50, (3, 7)))
