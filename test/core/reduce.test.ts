// Shape rules for reductions and scans, called directly: the cases recorded from real PyTorch 1.13 whose error
// messages or integer or bool dtypes are compared (the generated CASES list). The shape-only cases are annotated
// lines of test/fixtures/forward/ops_reduce.py, checked through the whole engine and against PyTorch.

import { Case, runCases } from "./tensorops-runner";

const CASES: Case[] = [
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
  {
    name: "Tensor.sum",
    args: [{ tensor: [] }, 1],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-1, 0], but got 1)" },
  },
  { name: "Tensor.all", args: [{ tensor: [2, 3, 4], dtype: "bool" }], kwargs: {}, expect: { tensor: [], dtype: "bool" } },
  { name: "Tensor.all", args: [{ tensor: [2, 3, 4], dtype: "bool" }, 1], kwargs: {}, expect: { tensor: [2, 4], dtype: "bool" } },
  {
    name: "Tensor.any",
    args: [{ tensor: [2, 3, 4], dtype: "bool" }],
    kwargs: { dim: 1, keepdim: true },
    expect: { tensor: [2, 1, 4], dtype: "bool" },
  },
  { name: "Tensor.count_nonzero", args: [{ tensor: [2, 3, 4] }, 1], kwargs: {}, expect: { tensor: [2, 4], dtype: "int64" } },
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
  {
    name: "Tensor.cumsum",
    args: [{ tensor: [2, 3, 4] }],
    kwargs: { dim: 3 },
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-3, 2], but got 3)" },
  },
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
  {
    name: "Tensor.softmax",
    args: [{ tensor: [2, 3, 4] }, 5],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-3, 2], but got 5)" },
  },
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
];

describe("reduce ops (recorded from PyTorch 1.13)", () => runCases(CASES));
