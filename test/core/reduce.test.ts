// Shape rules for reductions and scans: cases whose expectations were recorded from real PyTorch 1.13
// (the generated CASES list), followed by hand-written cases with symbolic dims.

import { Case, runCases } from "./tensorops-runner";

const CASES: Case[] = [
  { name: "Tensor.sum", args: [{ tensor: [2, 3, 4] }], kwargs: {}, expect: { tensor: [], dtype: "float32" } },
  { name: "Tensor.sum", args: [{ tensor: [2, 3, 4] }, 1], kwargs: {}, expect: { tensor: [2, 4], dtype: "float32" } },
  { name: "Tensor.sum", args: [{ tensor: [2, 3, 4] }, { tuple: [0, 2] }], kwargs: {}, expect: { tensor: [3], dtype: "float32" } },
  { name: "Tensor.sum", args: [{ tensor: [2, 3, 4] }, [0, 2]], kwargs: { keepdim: true }, expect: { tensor: [1, 3, 1], dtype: "float32" } },
  { name: "Tensor.sum", args: [{ tensor: [2, 3, 4] }], kwargs: { dim: 1, keepdim: true }, expect: { tensor: [2, 1, 4], dtype: "float32" } },
  {
    name: "Tensor.sum",
    args: [{ tensor: [2, 3, 4] }, { tuple: [0, 0] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "dim 0 appears multiple times in the list of dims" },
  },
  {
    name: "Tensor.sum",
    args: [{ tensor: [2, 3, 4] }, 3],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-3, 2], but got 3)" },
  },
  { name: "Tensor.sum", args: [{ tensor: [2, 3, 4] }, { tuple: [] }], kwargs: {}, expect: { tensor: [], dtype: "float32" } },
  { name: "Tensor.mean", args: [{ tensor: [2, 3, 4] }, { tuple: [] }], kwargs: {}, expect: { tensor: [], dtype: "float32" } },
  {
    name: "torch.mean",
    args: [{ tensor: [2, 3, 4] }],
    kwargs: { dim: { tuple: [1, 2] }, keepdim: true },
    expect: { tensor: [2, 1, 1], dtype: "float32" },
  },
  { name: "Tensor.sum", args: [{ tensor: [2, 3, 4] }, null], kwargs: {}, expect: { tensor: [], dtype: "float32" } },
  { name: "Tensor.mean", args: [{ tensor: [2, 3, 4] }, 1, true], kwargs: {}, expect: { tensor: [2, 1, 4], dtype: "float32" } },
  { name: "Tensor.sum", args: [{ tensor: [] }, 0], kwargs: {}, expect: { tensor: [], dtype: "float32" } },
  { name: "Tensor.sum", args: [{ tensor: [] }, -1], kwargs: {}, expect: { tensor: [], dtype: "float32" } },
  {
    name: "Tensor.sum",
    args: [{ tensor: [] }, 1],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-1, 0], but got 1)" },
  },
  { name: "Tensor.sum", args: [{ tensor: [2, 3, 4] }, -1], kwargs: {}, expect: { tensor: [2, 3], dtype: "float32" } },
  { name: "Tensor.amax", args: [{ tensor: [2, 3, 4] }, { tuple: [0, 1] }], kwargs: {}, expect: { tensor: [4], dtype: "float32" } },
  { name: "Tensor.amax", args: [{ tensor: [2, 3, 4] }, { tuple: [] }], kwargs: {}, expect: { tensor: [], dtype: "float32" } },
  { name: "Tensor.amax", args: [{ tensor: [2, 3, 4] }], kwargs: {}, expect: { tensor: [], dtype: "float32" } },
  { name: "Tensor.prod", args: [{ tensor: [2, 3, 4] }, 1], kwargs: {}, expect: { tensor: [2, 4], dtype: "float32" } },
  { name: "Tensor.prod", args: [{ tensor: [2, 3, 4] }], kwargs: {}, expect: { tensor: [], dtype: "float32" } },
  { name: "Tensor.std", args: [{ tensor: [2, 3, 4] }, 1], kwargs: {}, expect: { tensor: [2, 4], dtype: "float32" } },
  { name: "Tensor.std", args: [{ tensor: [2, 3, 4] }], kwargs: {}, expect: { tensor: [], dtype: "float32" } },
  { name: "Tensor.std", args: [{ tensor: [2, 3, 4] }, 1], kwargs: { unbiased: false }, expect: { tensor: [2, 4], dtype: "float32" } },
  { name: "Tensor.std", args: [{ tensor: [2, 3, 4] }, { tuple: [0, 1] }], kwargs: {}, expect: { tensor: [4], dtype: "float32" } },
  { name: "Tensor.std", args: [{ tensor: [2, 3, 4] }], kwargs: { dim: 1, correction: 0 }, expect: { tensor: [2, 4], dtype: "float32" } },
  { name: "Tensor.var", args: [{ tensor: [2, 3, 4] }, 1, true, true], kwargs: {}, expect: { tensor: [2, 1, 4], dtype: "float32" } },
  { name: "Tensor.norm", args: [{ tensor: [2, 3, 4] }], kwargs: {}, expect: { tensor: [], dtype: "float32" } },
  { name: "Tensor.norm", args: [{ tensor: [2, 3, 4] }], kwargs: { dim: 1 }, expect: { tensor: [2, 4], dtype: "float32" } },
  { name: "Tensor.norm", args: [{ tensor: [2, 3, 4] }, 2, 1], kwargs: {}, expect: { tensor: [2, 4], dtype: "float32" } },
  {
    name: "Tensor.norm",
    args: [{ tensor: [2, 3, 4] }],
    kwargs: { p: 2, dim: { tuple: [1, 2] }, keepdim: true },
    expect: { tensor: [2, 1, 1], dtype: "float32" },
  },
  { name: "Tensor.logsumexp", args: [{ tensor: [2, 3, 4] }, 1], kwargs: {}, expect: { tensor: [2, 4], dtype: "float32" } },
  { name: "Tensor.logsumexp", args: [{ tensor: [2, 3, 4] }, { tuple: [0, 1] }], kwargs: {}, expect: { tensor: [4], dtype: "float32" } },
  { name: "Tensor.all", args: [{ tensor: [2, 3, 4], dtype: "bool" }], kwargs: {}, expect: { tensor: [], dtype: "bool" } },
  { name: "Tensor.all", args: [{ tensor: [2, 3, 4], dtype: "bool" }, 1], kwargs: {}, expect: { tensor: [2, 4], dtype: "bool" } },
  {
    name: "Tensor.any",
    args: [{ tensor: [2, 3, 4], dtype: "bool" }],
    kwargs: { dim: 1, keepdim: true },
    expect: { tensor: [2, 1, 4], dtype: "bool" },
  },
  { name: "Tensor.count_nonzero", args: [{ tensor: [2, 3, 4] }, 1], kwargs: {}, expect: { tensor: [2, 4], dtype: "int64" } },
  { name: "Tensor.nansum", args: [{ tensor: [2, 3, 4] }, 1], kwargs: {}, expect: { tensor: [2, 4], dtype: "float32" } },
  { name: "Tensor.median", args: [{ tensor: [2, 3, 4] }], kwargs: {}, expect: { tensor: [], dtype: "float32" } },
  {
    name: "Tensor.median",
    args: [{ tensor: [2, 3, 4] }, 1],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [2, 4], dtype: "float32" },
        { tensor: [2, 4], dtype: "int64" },
      ],
    },
  },
  {
    name: "Tensor.mode",
    args: [{ tensor: [2, 3, 4] }, 1],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [2, 4], dtype: "float32" },
        { tensor: [2, 4], dtype: "int64" },
      ],
    },
  },
  {
    name: "torch.var_mean",
    args: [{ tensor: [2, 3, 4] }, 1],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [2, 4], dtype: "float32" },
        { tensor: [2, 4], dtype: "float32" },
      ],
    },
  },
  { name: "torch.std", args: [{ tensor: [2, 3, 4] }, 1], kwargs: { keepdim: true }, expect: { tensor: [2, 1, 4], dtype: "float32" } },
  {
    name: "Tensor.sum",
    args: [{ tensor: [2, 3, 4] }],
    kwargs: { dim: null, keepdim: true },
    expect: { tensor: [1, 1, 1], dtype: "float32" },
  },
  {
    name: "Tensor.sum",
    args: [{ tensor: [2, 3, 4] }, { tuple: [] }],
    kwargs: { keepdim: true },
    expect: { tensor: [1, 1, 1], dtype: "float32" },
  },
  { name: "Tensor.max", args: [{ tensor: [2, 3, 4] }], kwargs: {}, expect: { tensor: [], dtype: "float32" } },
  {
    name: "Tensor.max",
    args: [{ tensor: [2, 3, 4] }, 1],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [2, 4], dtype: "float32" },
        { tensor: [2, 4], dtype: "int64" },
      ],
    },
  },
  {
    name: "Tensor.max",
    args: [{ tensor: [2, 3, 4] }, 1],
    kwargs: { keepdim: true },
    expect: {
      tuple: [
        { tensor: [2, 1, 4], dtype: "float32" },
        { tensor: [2, 1, 4], dtype: "int64" },
      ],
    },
  },
  {
    name: "Tensor.max",
    args: [{ tensor: [2, 3, 4] }],
    kwargs: { dim: -1 },
    expect: {
      tuple: [
        { tensor: [2, 3], dtype: "float32" },
        { tensor: [2, 3], dtype: "int64" },
      ],
    },
  },
  {
    name: "torch.max",
    args: [{ tensor: [2, 3, 4] }, 1],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [2, 4], dtype: "float32" },
        { tensor: [2, 4], dtype: "int64" },
      ],
    },
  },
  { name: "torch.max", args: [{ tensor: [2, 3, 4] }, { tensor: [3, 4] }], kwargs: {}, expect: { tensor: [2, 3, 4], dtype: "float32" } },
  {
    name: "torch.max",
    args: [{ tensor: [2, 3, 4] }, { tensor: [3, 5] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 2" },
  },
  {
    name: "Tensor.min",
    args: [{ tensor: [2, 3, 4] }, 0],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [3, 4], dtype: "float32" },
        { tensor: [3, 4], dtype: "int64" },
      ],
    },
  },
  {
    name: "Tensor.max",
    args: [{ tensor: [2, 3, 4] }, 3],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-3, 2], but got 3)" },
  },
  { name: "Tensor.argmax", args: [{ tensor: [2, 3, 4] }], kwargs: {}, expect: { tensor: [], dtype: "int64" } },
  { name: "Tensor.argmax", args: [{ tensor: [2, 3, 4] }, 1], kwargs: {}, expect: { tensor: [2, 4], dtype: "int64" } },
  { name: "Tensor.argmax", args: [{ tensor: [2, 3, 4] }, 1, true], kwargs: {}, expect: { tensor: [2, 1, 4], dtype: "int64" } },
  {
    name: "torch.argmax",
    args: [{ tensor: [2, 3, 4] }],
    kwargs: { dim: -1, keepdim: true },
    expect: { tensor: [2, 3, 1], dtype: "int64" },
  },
  {
    name: "Tensor.max",
    args: [{ tensor: [] }, 0],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [], dtype: "float32" },
        { tensor: [], dtype: "int64" },
      ],
    },
  },
  {
    name: "Tensor.max",
    args: [{ tensor: [2, 0] }, 1],
    kwargs: {},
    expect: { error: "IndexError", message: "max(): Expected reduction dim 1 to have non-zero size." },
  },
  {
    name: "Tensor.amax",
    args: [{ tensor: [2, 0] }, 1],
    kwargs: {},
    expect: { error: "IndexError", message: "amax(): Expected reduction dim 1 to have non-zero size." },
  },
  {
    name: "Tensor.argmax",
    args: [{ tensor: [2, 0] }, 1],
    kwargs: {},
    expect: { error: "IndexError", message: "argmax(): Expected reduction dim 1 to have non-zero size." },
  },
  { name: "Tensor.sum", args: [{ tensor: [2, 0] }, 1], kwargs: {}, expect: { tensor: [2], dtype: "float32" } },
  {
    name: "Tensor.max",
    args: [{ tensor: [0] }],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message: "max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.",
    },
  },
  {
    name: "Tensor.min",
    args: [{ tensor: [2, 0] }, 0],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [0], dtype: "float32" },
        { tensor: [0], dtype: "int64" },
      ],
    },
  },
  { name: "Tensor.logsumexp", args: [{ tensor: [2, 0] }, 1], kwargs: {}, expect: { tensor: [2], dtype: "float32" } },
  { name: "Tensor.cumsum", args: [{ tensor: [2, 3, 4] }, 1], kwargs: {}, expect: { tensor: [2, 3, 4], dtype: "float32" } },
  {
    name: "Tensor.cumsum",
    args: [{ tensor: [2, 3, 4] }],
    kwargs: { dim: 3 },
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-3, 2], but got 3)" },
  },
  { name: "Tensor.cumprod", args: [{ tensor: [2, 3, 4] }, -1], kwargs: {}, expect: { tensor: [2, 3, 4], dtype: "float32" } },
  { name: "torch.cumsum", args: [{ tensor: [2, 3, 4] }, 2], kwargs: {}, expect: { tensor: [2, 3, 4], dtype: "float32" } },
  {
    name: "Tensor.cummax",
    args: [{ tensor: [2, 3, 4] }, 1],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [2, 3, 4], dtype: "float32" },
        { tensor: [2, 3, 4], dtype: "int64" },
      ],
    },
  },
  { name: "Tensor.logcumsumexp", args: [{ tensor: [2, 3, 4] }, 1], kwargs: {}, expect: { tensor: [2, 3, 4], dtype: "float32" } },
  { name: "Tensor.softmax", args: [{ tensor: [2, 3, 4] }, 1], kwargs: {}, expect: { tensor: [2, 3, 4], dtype: "float32" } },
  {
    name: "Tensor.softmax",
    args: [{ tensor: [2, 3, 4] }, 5],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-3, 2], but got 5)" },
  },
  { name: "Tensor.log_softmax", args: [{ tensor: [2, 3, 4] }, -1], kwargs: {}, expect: { tensor: [2, 3, 4], dtype: "float32" } },
  { name: "torch.softmax", args: [{ tensor: [2, 3, 4] }, 1], kwargs: {}, expect: { tensor: [2, 3, 4], dtype: "float32" } },
  {
    name: "Tensor.topk",
    args: [{ tensor: [2, 3, 4] }, 2],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [2, 3, 2], dtype: "float32" },
        { tensor: [2, 3, 2], dtype: "int64" },
      ],
    },
  },
  {
    name: "Tensor.topk",
    args: [{ tensor: [2, 3, 4] }, 2, 1],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [2, 2, 4], dtype: "float32" },
        { tensor: [2, 2, 4], dtype: "int64" },
      ],
    },
  },
  {
    name: "Tensor.topk",
    args: [{ tensor: [2, 3, 4] }, 4, 1],
    kwargs: {},
    expect: { error: "RuntimeError", message: "selected index k out of range" },
  },
  {
    name: "Tensor.topk",
    args: [{ tensor: [2, 3, 4] }, 5],
    kwargs: {},
    expect: { error: "RuntimeError", message: "selected index k out of range" },
  },
  {
    name: "Tensor.topk",
    args: [{ tensor: [2, 3, 4] }, 2],
    kwargs: { dim: 0, largest: false },
    expect: {
      tuple: [
        { tensor: [2, 3, 4], dtype: "float32" },
        { tensor: [2, 3, 4], dtype: "int64" },
      ],
    },
  },
  {
    name: "torch.topk",
    args: [{ tensor: [2, 3, 4] }, 3],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [2, 3, 3], dtype: "float32" },
        { tensor: [2, 3, 3], dtype: "int64" },
      ],
    },
  },
  {
    name: "Tensor.sort",
    args: [{ tensor: [2, 3, 4] }],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [2, 3, 4], dtype: "float32" },
        { tensor: [2, 3, 4], dtype: "int64" },
      ],
    },
  },
  {
    name: "Tensor.sort",
    args: [{ tensor: [2, 3, 4] }, 1],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [2, 3, 4], dtype: "float32" },
        { tensor: [2, 3, 4], dtype: "int64" },
      ],
    },
  },
  {
    name: "Tensor.sort",
    args: [{ tensor: [2, 3, 4] }],
    kwargs: { dim: 0, descending: true },
    expect: {
      tuple: [
        { tensor: [2, 3, 4], dtype: "float32" },
        { tensor: [2, 3, 4], dtype: "int64" },
      ],
    },
  },
  { name: "Tensor.argsort", args: [{ tensor: [2, 3, 4] }, 1], kwargs: {}, expect: { tensor: [2, 3, 4], dtype: "int64" } },
  {
    name: "torch.sort",
    args: [{ tensor: [2, 3, 4] }],
    kwargs: { stable: true, dim: 1 },
    expect: {
      tuple: [
        { tensor: [2, 3, 4], dtype: "float32" },
        { tensor: [2, 3, 4], dtype: "int64" },
      ],
    },
  },
  {
    name: "Tensor.topk",
    args: [{ tensor: [] }, 1],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [], dtype: "float32" },
        { tensor: [], dtype: "int64" },
      ],
    },
  },
  {
    name: "Tensor.topk",
    args: [{ tensor: [] }, 2],
    kwargs: {},
    expect: { error: "RuntimeError", message: "selected index k out of range" },
  },
  {
    name: "Tensor.kthvalue",
    args: [{ tensor: [2, 3, 4] }, 2, 1],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [2, 4], dtype: "float32" },
        { tensor: [2, 4], dtype: "int64" },
      ],
    },
  },
  { name: "Tensor.flip", args: [{ tensor: [2, 3, 4] }, 0], kwargs: {}, expect: { tensor: [2, 3, 4], dtype: "float32" } },
  { name: "torch.flip", args: [{ tensor: [2, 3, 4] }, [0, 2]], kwargs: {}, expect: { tensor: [2, 3, 4], dtype: "float32" } },
];

describe("reduce ops (recorded from PyTorch 1.13)", () => runCases(CASES));
