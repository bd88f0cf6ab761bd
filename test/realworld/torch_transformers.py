import torch
import torch.nn as nn
import torch.nn.functional as F


class CrossModalAttention(nn.Module):
    """Sequence-first attention between two modalities of different widths, with extra key/value biases."""

    def __init__(self, d=32, heads=4, kdim=20, vdim=12):
        super().__init__()
        self.attn = nn.MultiheadAttention(d, heads, kdim=kdim, vdim=vdim, add_bias_kv=True, add_zero_attn=True)
        self.plain = nn.MultiheadAttention(d, 2, bias=False)
        self.head = nn.Linear(d, 5)

    def forward(self, q, k, v):
        out, weights = self.attn(q, k, v, average_attn_weights=False)
        mask = torch.zeros(q.size(1), k.size(0), dtype=torch.bool)
        out2, avg = self.attn(q, k, v, key_padding_mask=mask)
        single, w1 = self.plain(q[:, 0], q[:, 0], q[:, 0])
        causal = torch.triu(torch.full((q.size(0), q.size(0)), float("-inf")), diagonal=1)
        out3, _ = self.plain(out, out2, out2, attn_mask=causal, need_weights=False)
        return self.head(out3), weights, avg, single, w1


class BatchFirstSelfAttention(nn.Module):
    def __init__(self, d=24, heads=6):
        super().__init__()
        self.mha = nn.MultiheadAttention(d, heads, batch_first=True)
        self.norm = nn.LayerNorm(d)

    def forward(self, x):
        pad = torch.zeros(x.shape[0], x.shape[1], dtype=torch.bool)
        y, w = self.mha(x, x, x, key_padding_mask=pad)
        z = self.norm(x + y)
        return z, w


class PreNormEncoder(nn.Module):
    """norm_first, GELU, a final norm; called with and without a mask (the mask turns PyTorch's fused path off)."""

    def __init__(self, d=32, heads=4, layers=2):
        super().__init__()
        layer = nn.TransformerEncoderLayer(d, heads, dim_feedforward=48, dropout=0.0, activation="gelu", batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, layers, norm=nn.LayerNorm(d))
        self.out = nn.Linear(d, 7)

    def forward(self, x):
        n = x.size(1)
        mask = torch.triu(torch.ones(n, n, dtype=torch.bool), diagonal=1)
        masked = self.encoder(x, mask=mask)
        fused = self.encoder(x)
        return self.out(masked + fused)


class OddHeadEncoder(nn.Module):
    """An activation module (registered as a child), an odd head count and a key padding mask."""

    def __init__(self, d=30, heads=3):
        super().__init__()
        self.layer = nn.TransformerEncoderLayer(d, heads, 40, activation=nn.GELU(), batch_first=True, layer_norm_eps=1e-6)
        self.encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(d, heads, 40), num_layers=1)

    def forward(self, x):
        pad = torch.zeros(x.size(0), x.size(1), dtype=torch.bool)
        h = self.layer(x, src_key_padding_mask=pad)
        s = self.encoder(h.transpose(0, 1), src_key_padding_mask=pad)
        return s


class Decoder(nn.Module):
    def __init__(self, d=16, heads=2, layers=2):
        super().__init__()
        layer = nn.TransformerDecoderLayer(d, heads, dim_feedforward=32, activation=F.gelu, batch_first=True, norm_first=True)
        self.decoder = nn.TransformerDecoder(layer, layers, norm=nn.LayerNorm(d))
        self.plain = nn.TransformerDecoderLayer(d, heads, 24)

    def forward(self, tgt, memory):
        t = tgt.size(1)
        tgt_mask = torch.triu(torch.full((t, t), float("-inf")), diagonal=1)
        mem_pad = torch.zeros(memory.size(0), memory.size(1), dtype=torch.bool)
        y = self.decoder(tgt, memory, tgt_mask=tgt_mask, memory_key_padding_mask=mem_pad)
        z = self.plain(y.transpose(0, 1), memory.transpose(0, 1))
        return z


class Seq2SeqTransformer(nn.Module):
    def __init__(self, src_vocab=50, tgt_vocab=40, d=32, heads=4):
        super().__init__()
        self.src_emb = nn.Embedding(src_vocab, d)
        self.tgt_emb = nn.Embedding(tgt_vocab, d)
        self.transformer = nn.Transformer(d_model=d, nhead=heads, num_encoder_layers=2, num_decoder_layers=1, dim_feedforward=64)
        self.generator = nn.Linear(d, tgt_vocab)

    def forward(self, src, tgt):
        tgt_mask = self.transformer.generate_square_subsequent_mask(tgt.size(0))
        s = self.src_emb(src)
        t = self.tgt_emb(tgt)
        out = self.transformer(s, t, tgt_mask=tgt_mask)
        return self.generator(out)


class BatchFirstTransformer(nn.Module):
    def __init__(self, d=16, heads=2):
        super().__init__()
        self.model = nn.Transformer(d, heads, 1, 2, 32, batch_first=True, activation="gelu")

    def forward(self, src, tgt):
        both = self.model(src, tgt)
        single = self.model(src[0], tgt[0])
        return both, single


class TranslationModel(nn.Transformer):
    """A subclass that uses nn.Transformer's encoder and decoder directly."""

    def __init__(self, vocab=30, d=24, heads=3):
        super().__init__(d_model=d, nhead=heads, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=48, norm_first=True)
        self.embed = nn.Embedding(vocab, d)
        self.proj = nn.Linear(d, vocab)

    def forward(self, src, tgt):
        memory = self.encoder(self.embed(src))
        mask = self.generate_square_subsequent_mask(tgt.size(0))
        out = self.decoder(self.embed(tgt), memory, tgt_mask=mask)
        return self.proj(out)
