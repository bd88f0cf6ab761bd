// Shape rules for cat/stack/split/chunk, called directly: the cases recorded from real PyTorch 1.13 whose error messages or
// non-float dtypes are compared (the generated CASES list), then symbolic-dim errors. The shape-only cases are annotated lines
// of test/fixtures/forward/ops_join.py, checked through the whole engine and against PyTorch.

import { Case, runCases } from "./tensorops-runner";

const CASES: Case[] = [
  {
    name: "torch.cat",
    args: [[{ tensor: [2, 56, 4] }, { tensor: [2, 28, 4] }]],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message: "Sizes of tensors must match except in dimension 0. Expected size 56 but got size 28 for tensor number 1 in the list.",
    },
  },
  {
    name: "torch.cat",
    args: [[{ tensor: [2, 56, 4] }, { tensor: [2, 28, 5] }], 1],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message: "Sizes of tensors must match except in dimension 1. Expected size 4 but got size 5 for tensor number 1 in the list.",
    },
  },
  {
    name: "torch.cat",
    args: [{ tuple: [{ tensor: [2, 3] }, { tensor: [2, 3, 1] }] }, 1],
    kwargs: {},
    expect: { error: "RuntimeError", message: "Tensors must have same number of dimensions: got 2 and 3" },
  },
  {
    name: "torch.cat",
    args: [[{ tensor: [2, 3] }], 5],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-2, 1], but got 5)" },
  },
  {
    name: "torch.cat",
    args: [[]],
    kwargs: {},
    expect: { error: "RuntimeError", message: "torch.cat(): expected a non-empty list of Tensors" },
  },
  {
    name: "torch.cat",
    args: [[{ tensor: [2, 3] }, { tensor: [3] }], 0],
    kwargs: {},
    expect: { error: "RuntimeError", message: "Tensors must have same number of dimensions: got 2 and 1" },
  },
  {
    name: "torch.cat",
    args: [[{ tensor: [] }, { tensor: [] }]],
    kwargs: {},
    expect: { error: "RuntimeError", message: "zero-dimensional tensor (at position 0) cannot be concatenated" },
  },
  {
    name: "torch.cat",
    args: [[{ tensor: [2, 3] }, { tensor: [1, 3] }, { tensor: [5, 4] }]],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message: "Sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 for tensor number 2 in the list.",
    },
  },
  {
    name: "torch.cat",
    args: [[{ tensor: [2, 3] }, { tensor: [3, 3] }]],
    kwargs: { dim: 2 },
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-2, 1], but got 2)" },
  },
  {
    name: "torch.cat",
    args: [
      [
        { tensor: [2], dtype: "int64" },
        { tensor: [3], dtype: "int64" },
      ],
    ],
    kwargs: {},
    expect: { tensor: [5], dtype: "int64" },
  },
  {
    name: "torch.stack",
    args: [[{ tensor: [2, 3] }, { tensor: [2, 3] }], 3],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-3, 2], but got 3)" },
  },
  {
    name: "torch.stack",
    args: [[{ tensor: [2, 3] }, { tensor: [2, 4] }]],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message: "stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [2, 4] at entry 1",
    },
  },
  {
    name: "torch.stack",
    args: [[{ tensor: [2, 3] }, { tensor: [2, 3] }, { tensor: [3, 3] }]],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message: "stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [3, 3] at entry 2",
    },
  },
  { name: "torch.stack", args: [[]], kwargs: {}, expect: { error: "RuntimeError", message: "stack expects a non-empty TensorList" } },
  {
    name: "torch.stack",
    args: [[{ tensor: [2, 3] }, { tensor: [2, 3] }], -4],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-3, 2], but got -4)" },
  },
  {
    name: "torch.vstack",
    args: [[{ tensor: [3] }, { tensor: [4] }]],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message: "Sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 for tensor number 1 in the list.",
    },
  },
  {
    name: "Tensor.chunk",
    args: [{ tensor: [10] }, 0],
    kwargs: {},
    expect: { error: "RuntimeError", message: "chunk expects `chunks` to be greater than 0, got: 0" },
  },
  {
    name: "Tensor.chunk",
    args: [{ tensor: [3] }, -1],
    kwargs: {},
    expect: { error: "RuntimeError", message: "chunk expects `chunks` to be greater than 0, got: -1" },
  },
  {
    name: "Tensor.chunk",
    args: [{ tensor: [] }, 2],
    kwargs: {},
    expect: { error: "RuntimeError", message: "chunk expects at least a 1-dimensional tensor" },
  },
  {
    name: "torch.split",
    args: [{ tensor: [10] }, [3, 6]],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message: "split_with_sizes expects split_sizes to sum exactly to 10 (input tensor's size at dimension 0), but got split_sizes=[3, 6]",
    },
  },
  {
    name: "Tensor.split",
    args: [{ tensor: [10] }, 0],
    kwargs: {},
    expect: { error: "RuntimeError", message: "split_size can only be 0 if dimension size is 0, but got dimension size of 10" },
  },
  {
    name: "Tensor.split",
    args: [{ tensor: [10] }, -1],
    kwargs: {},
    expect: { error: "RuntimeError", message: "split expects split_size be non-negative, but got split_size=-1" },
  },
  {
    name: "Tensor.split",
    args: [{ tensor: [10] }, []],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message: "split_with_sizes expects split_sizes to sum exactly to 10 (input tensor's size at dimension 0), but got split_sizes=[]",
    },
  },
  {
    name: "Tensor.unbind",
    args: [{ tensor: [] }],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension specified as 0 but tensor has no dimensions" },
  },
];

describe("join ops (recorded from PyTorch 1.13)", () => runCases(CASES));

// Symbolic dims: sums stay symbolic; the number of pieces must be known exactly (shapes in ops_join.py).
const SYMBOLIC: Case[] = [
  {
    name: "torch.cat",
    args: [[{ tensor: ["N", 3] }, { tensor: ["N", 4] }], 0],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message: "Sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 for tensor number 1 in the list.",
    },
  },
  {
    name: "Tensor.split",
    args: [{ tensor: ["N", 6] }, [{ sym: "N" }, 1]],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message: "split_with_sizes expects split_sizes to sum exactly to N (input tensor's size at dimension 0), but got split_sizes=[N, 1]",
    },
  },
];

describe("join ops (symbolic dims)", () => runCases(SYMBOLIC));
