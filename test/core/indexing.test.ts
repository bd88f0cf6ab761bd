// Shape rules for indexing, called directly: the cases recorded from real PyTorch 1.13 whose error messages are compared
// (the generated CASES list). The shape-only cases are annotated lines of test/fixtures/forward/ops_indexing.py, checked
// through the whole engine and against PyTorch.

import { Case, runCases } from "./tensorops-runner";

const CASES: Case[] = [
  {
    name: "Tensor.__getitem__",
    args: [{ tensor: [2, 3, 4] }, { tuple: [{ slice: [null, null, null] }, 5] }],
    kwargs: {},
    expect: { error: "IndexError", message: "index 5 is out of bounds for dimension 1 with size 3" },
  },
  {
    name: "Tensor.__getitem__",
    args: [{ tensor: [2, 3, 4] }, { tuple: [{ slice: [null, null, null] }, -4] }],
    kwargs: {},
    expect: { error: "IndexError", message: "index -4 is out of bounds for dimension 1 with size 3" },
  },
  {
    name: "Tensor.__getitem__",
    args: [{ tensor: [2, 3, 4] }, 2],
    kwargs: {},
    expect: { error: "IndexError", message: "index 2 is out of bounds for dimension 0 with size 2" },
  },
  {
    name: "Tensor.__getitem__",
    args: [{ tensor: [2, 3, 4] }, { tuple: [0, 0, 0, 0] }],
    kwargs: {},
    expect: { error: "IndexError", message: "too many indices for tensor of dimension 3" },
  },
  {
    name: "Tensor.__getitem__",
    args: [{ tensor: [2, 3, 4] }, { tuple: [{ slice: [null, null, null] }, { slice: [null, null, -1] }] }],
    kwargs: {},
    expect: { error: "ValueError", message: "step must be greater than zero" },
  },
  {
    name: "Tensor.__getitem__",
    args: [{ tensor: [2, 3, 4] }, { tuple: [{ slice: [null, null, null] }, { slice: [null, null, 0] }] }],
    kwargs: {},
    expect: { error: "ValueError", message: "slice step cannot be zero" },
  },
  {
    name: "Tensor.__getitem__",
    args: [{ tensor: [2, 3, 4] }, { tuple: [{ slice: [null, null, null] }, [0, 5]] }],
    kwargs: {},
    expect: { error: "IndexError", message: "index 5 is out of bounds for dimension 0 with size 3" },
  },
  {
    name: "Tensor.__getitem__",
    args: [{ tensor: [2, 3, 4] }, { tuple: [{ slice: [null, null, null] }, { slice: [null, null, null] }, { float: 1.5 }] }],
    kwargs: {},
    expect: {
      error: "IndexError",
      message: "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got float)",
    },
  },
  {
    name: "Tensor.__getitem__",
    args: [{ tensor: [2, 3, 4] }, -3],
    kwargs: {},
    expect: { error: "IndexError", message: "index -3 is out of bounds for dimension 0 with size 2" },
  },
  {
    name: "Tensor.__getitem__",
    args: [{ tensor: [2, 3, 4] }, [0, 5]],
    kwargs: {},
    expect: { error: "IndexError", message: "index 5 is out of bounds for dimension 0 with size 2" },
  },
  {
    name: "Tensor.__getitem__",
    args: [{ tensor: [2, 3, 4] }, { tuple: [{ slice: [null, null, null] }, { slice: [null, null, null] }, [0, 7]] }],
    kwargs: {},
    expect: { error: "IndexError", message: "index 7 is out of bounds for dimension 0 with size 4" },
  },
  {
    name: "Tensor.__getitem__",
    args: [{ tensor: [2, 3, 4] }, { tuple: [{ slice: [null, null, null] }, { slice: [null, null, null] }, [0, -5]] }],
    kwargs: {},
    expect: { error: "IndexError", message: "index -5 is out of bounds for dimension 0 with size 4" },
  },
  {
    name: "Tensor.__getitem__",
    args: [
      { tensor: [2, 3, 4] },
      {
        tuple: [
          [0, 1],
          [0, 1, 2],
        ],
      },
    ],
    kwargs: {},
    expect: { error: "IndexError", message: "shape mismatch: indexing tensors could not be broadcast together with shapes [2], [3]" },
  },
  {
    name: "Tensor.__getitem__",
    args: [{ tensor: [] }, 0],
    kwargs: {},
    expect: {
      error: "IndexError",
      message:
        "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number",
    },
  },
  {
    name: "Tensor.__getitem__",
    args: [{ tensor: [] }, { tuple: [0, 0] }],
    kwargs: {},
    expect: { error: "IndexError", message: "too many indices for tensor of dimension 0" },
  },
  {
    name: "Tensor.__getitem__",
    args: [{ tensor: [] }, { tuple: [null, 0] }],
    kwargs: {},
    expect: { error: "IndexError", message: "too many indices for tensor of dimension 0" },
  },
  {
    name: "Tensor.index_select",
    args: [{ tensor: [2, 3, 4] }, 1, { tensor: [1, 1], dtype: "int64" }],
    kwargs: {},
    expect: { error: "IndexError", message: "index_select(): Index is supposed to be a vector" },
  },
  {
    name: "Tensor.index_select",
    args: [{ tensor: [2, 3, 4] }, 3, { tensor: [1], dtype: "int64" }],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-3, 2], but got 3)" },
  },
  {
    name: "torch.gather",
    args: [{ tensor: [2, 3, 4] }, 1, { tensor: [1, 1], dtype: "int64" }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "Index tensor must have the same number of dimensions as input tensor" },
  },
  {
    name: "torch.gather",
    args: [{ tensor: [2, 3, 4] }, 1, { tensor: [2, 5, 5], dtype: "int64" }],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message: "Size does not match at dimension 2 expected index [2, 5, 5] to be smaller than self [2, 3, 4] apart from dimension 1",
    },
  },
  {
    name: "torch.gather",
    args: [{ tensor: [2, 3, 4] }, 1, { tensor: [3, 5, 4], dtype: "int64" }],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message: "Size does not match at dimension 0 expected index [3, 5, 4] to be smaller than self [2, 3, 4] apart from dimension 1",
    },
  },
  {
    name: "Tensor.narrow",
    args: [{ tensor: [2, 3, 4] }, 1, 2, 2],
    kwargs: {},
    expect: { error: "RuntimeError", message: "start (2) + length (2) exceeds dimension size (3)." },
  },
  {
    name: "Tensor.narrow",
    args: [{ tensor: [2, 3, 4] }, 1, 0, -1],
    kwargs: {},
    expect: { error: "RuntimeError", message: "start (0) + length (-1) exceeds dimension size (3)." },
  },
  {
    name: "Tensor.narrow",
    args: [{ tensor: [2, 3, 4] }, 3, 0, 1],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-3, 2], but got 3)" },
  },
  {
    name: "Tensor.narrow",
    args: [{ tensor: [2, 3, 4] }, 1, -4, 1],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-3, 2], but got -4)" },
  },
  {
    name: "Tensor.narrow",
    args: [{ tensor: [2, 3, 4] }, 1, 4, 0],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-3, 2], but got 4)" },
  },
];

describe("indexing ops (recorded from PyTorch 1.13)", () => runCases(CASES));
