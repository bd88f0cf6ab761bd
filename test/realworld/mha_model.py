import torch
import torch.nn as nn


class CrossAttentionBlock(nn.Module):
    def __init__(self, embed_dim=64, num_heads=8, kdim=None, vdim=None):
        super().__init__()
        self.attn = nn.MultiheadAttention(embed_dim, num_heads, kdim=kdim, vdim=vdim, batch_first=True)
        self.norm = nn.LayerNorm(embed_dim)
        self.ff = nn.Sequential(nn.Linear(embed_dim, embed_dim * 4), nn.ReLU(), nn.Linear(embed_dim * 4, embed_dim))

    def forward(self, query, context):
        attn_output, attn_weights = self.attn(query, context, context)
        x = self.norm(query + attn_output)
        x = x + self.ff(x)
        return x, attn_weights


class SeqFirstSelfAttention(nn.Module):
    def __init__(self, d=48, heads=4):
        super().__init__()
        self.mha = nn.MultiheadAttention(d, heads)
        self.proj = nn.Linear(d, 10)

    def forward(self, x):
        out, _ = self.mha(x, x, x, need_weights=False)
        return self.proj(out)


if __name__ == "__main__":
    block = CrossAttentionBlock()
    q = torch.randn(2, 10, 64)
    ctx = torch.randn(2, 17, 64)
    y, w = block(q, ctx)
    print(y.shape, w.shape)
