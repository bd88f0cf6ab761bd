// Shape rules for cat/stack/split/chunk: cases whose expectations were recorded from real PyTorch 1.13
// (the generated CASES list), followed by hand-written cases with symbolic dims.

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
    args: [[{ tensor: [2, 56, 4] }, { tensor: [2, 28, 4] }], 1],
    kwargs: {},
    expect: { tensor: [2, 84, 4], dtype: "float32" },
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
    args: [[{ tensor: [2, 3] }, { tensor: [2, 4] }]],
    kwargs: { dim: -1 },
    expect: { tensor: [2, 7], dtype: "float32" },
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
  { name: "torch.cat", args: [[{ tensor: [2, 3] }, { tensor: [0] }], 0], kwargs: {}, expect: { tensor: [2, 3], dtype: "float32" } },
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
  { name: "torch.concat", args: [[{ tensor: [2, 3] }, { tensor: [4, 3] }]], kwargs: {}, expect: { tensor: [6, 3], dtype: "float32" } },
  {
    name: "torch.cat",
    args: [[{ tensor: [2, 3] }, { tensor: [3, 3] }]],
    kwargs: { dim: 2 },
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-2, 1], but got 2)" },
  },
  { name: "torch.cat", args: [[{ tensor: [0] }, { tensor: [2, 3] }], 1], kwargs: {}, expect: { tensor: [2, 3], dtype: "float32" } },
  {
    name: "torch.cat",
    args: [],
    kwargs: { tensors: [{ tensor: [2, 3] }, { tensor: [3, 3] }] },
    expect: { tensor: [5, 3], dtype: "float32" },
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
  { name: "torch.stack", args: [[{ tensor: [2, 3] }, { tensor: [2, 3] }]], kwargs: {}, expect: { tensor: [2, 2, 3], dtype: "float32" } },
  { name: "torch.stack", args: [[{ tensor: [2, 3] }, { tensor: [2, 3] }], 2], kwargs: {}, expect: { tensor: [2, 3, 2], dtype: "float32" } },
  {
    name: "torch.stack",
    args: [[{ tensor: [2, 3] }, { tensor: [2, 3] }], 3],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-3, 2], but got 3)" },
  },
  {
    name: "torch.stack",
    args: [[{ tensor: [2, 3] }, { tensor: [2, 3] }], -1],
    kwargs: {},
    expect: { tensor: [2, 3, 2], dtype: "float32" },
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
  { name: "torch.stack", args: [[{ tensor: [] }, { tensor: [] }]], kwargs: {}, expect: { tensor: [2], dtype: "float32" } },
  {
    name: "torch.stack",
    args: [[{ tensor: [2, 3] }, { tensor: [2, 3] }], -4],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-3, 2], but got -4)" },
  },
  { name: "torch.hstack", args: [[{ tensor: [2, 3] }, { tensor: [2, 4] }]], kwargs: {}, expect: { tensor: [2, 7], dtype: "float32" } },
  { name: "torch.hstack", args: [[{ tensor: [3] }, { tensor: [4] }]], kwargs: {}, expect: { tensor: [7], dtype: "float32" } },
  { name: "torch.vstack", args: [[{ tensor: [3] }, { tensor: [3] }]], kwargs: {}, expect: { tensor: [2, 3], dtype: "float32" } },
  { name: "torch.vstack", args: [[{ tensor: [2, 3] }, { tensor: [1, 3] }]], kwargs: {}, expect: { tensor: [3, 3], dtype: "float32" } },
  { name: "torch.hstack", args: [[{ tensor: [] }, { tensor: [] }]], kwargs: {}, expect: { tensor: [2], dtype: "float32" } },
  {
    name: "torch.vstack",
    args: [[{ tensor: [3] }, { tensor: [4] }]],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message: "Sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 for tensor number 1 in the list.",
    },
  },
  { name: "torch.dstack", args: [[{ tensor: [3] }, { tensor: [3] }]], kwargs: {}, expect: { tensor: [1, 3, 2], dtype: "float32" } },
  { name: "torch.column_stack", args: [[{ tensor: [3] }, { tensor: [3] }]], kwargs: {}, expect: { tensor: [3, 2], dtype: "float32" } },
  {
    name: "torch.chunk",
    args: [{ tensor: [10] }, 3],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [4], dtype: "float32" },
        { tensor: [4], dtype: "float32" },
        { tensor: [2], dtype: "float32" },
      ],
    },
  },
  {
    name: "torch.chunk",
    args: [{ tensor: [10] }, 4],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [3], dtype: "float32" },
        { tensor: [3], dtype: "float32" },
        { tensor: [3], dtype: "float32" },
        { tensor: [1], dtype: "float32" },
      ],
    },
  },
  {
    name: "torch.chunk",
    args: [{ tensor: [6] }, 4],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [2], dtype: "float32" },
        { tensor: [2], dtype: "float32" },
        { tensor: [2], dtype: "float32" },
      ],
    },
  },
  {
    name: "torch.chunk",
    args: [{ tensor: [5] }, 4],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [2], dtype: "float32" },
        { tensor: [2], dtype: "float32" },
        { tensor: [1], dtype: "float32" },
      ],
    },
  },
  {
    name: "torch.chunk",
    args: [{ tensor: [0] }, 3],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [0], dtype: "float32" },
        { tensor: [0], dtype: "float32" },
        { tensor: [0], dtype: "float32" },
      ],
    },
  },
  {
    name: "torch.chunk",
    args: [{ tensor: [2, 7] }, 3, 1],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [2, 3], dtype: "float32" },
        { tensor: [2, 3], dtype: "float32" },
        { tensor: [2, 1], dtype: "float32" },
      ],
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
    name: "Tensor.chunk",
    args: [{ tensor: [10] }, 20],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [1], dtype: "float32" },
        { tensor: [1], dtype: "float32" },
        { tensor: [1], dtype: "float32" },
        { tensor: [1], dtype: "float32" },
        { tensor: [1], dtype: "float32" },
        { tensor: [1], dtype: "float32" },
        { tensor: [1], dtype: "float32" },
        { tensor: [1], dtype: "float32" },
        { tensor: [1], dtype: "float32" },
        { tensor: [1], dtype: "float32" },
      ],
    },
  },
  {
    name: "Tensor.chunk",
    args: [{ tensor: [4, 6] }, 2],
    kwargs: { dim: -1 },
    expect: {
      tuple: [
        { tensor: [4, 3], dtype: "float32" },
        { tensor: [4, 3], dtype: "float32" },
      ],
    },
  },
  {
    name: "torch.split",
    args: [{ tensor: [10] }, 3],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [3], dtype: "float32" },
        { tensor: [3], dtype: "float32" },
        { tensor: [3], dtype: "float32" },
        { tensor: [1], dtype: "float32" },
      ],
    },
  },
  {
    name: "torch.split",
    args: [{ tensor: [10] }, [3, 7]],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [3], dtype: "float32" },
        { tensor: [7], dtype: "float32" },
      ],
    },
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
    name: "torch.split",
    args: [{ tensor: [2, 10] }, 4],
    kwargs: { dim: 1 },
    expect: {
      tuple: [
        { tensor: [2, 4], dtype: "float32" },
        { tensor: [2, 4], dtype: "float32" },
        { tensor: [2, 2], dtype: "float32" },
      ],
    },
  },
  {
    name: "Tensor.split",
    args: [{ tensor: [10] }, 0],
    kwargs: {},
    expect: { error: "RuntimeError", message: "split_size can only be 0 if dimension size is 0, but got dimension size of 10" },
  },
  { name: "Tensor.split", args: [{ tensor: [0] }, 0], kwargs: {}, expect: { tuple: [{ tensor: [0], dtype: "float32" }] } },
  {
    name: "Tensor.split",
    args: [{ tensor: [10] }, -1],
    kwargs: {},
    expect: { error: "RuntimeError", message: "split expects split_size be non-negative, but got split_size=-1" },
  },
  {
    name: "Tensor.split",
    args: [{ tensor: [10] }],
    kwargs: { split_size: 5 },
    expect: {
      tuple: [
        { tensor: [5], dtype: "float32" },
        { tensor: [5], dtype: "float32" },
      ],
    },
  },
  {
    name: "Tensor.split",
    args: [{ tensor: [10] }, { tuple: [2, 8] }],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [2], dtype: "float32" },
        { tensor: [8], dtype: "float32" },
      ],
    },
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
    name: "torch.split",
    args: [{ tensor: [10] }],
    kwargs: { split_size_or_sections: 5 },
    expect: {
      tuple: [
        { tensor: [5], dtype: "float32" },
        { tensor: [5], dtype: "float32" },
      ],
    },
  },
  { name: "Tensor.split", args: [{ tensor: [10] }, 20], kwargs: {}, expect: { tuple: [{ tensor: [10], dtype: "float32" }] } },
  { name: "Tensor.split", args: [{ tensor: [0] }, 3], kwargs: {}, expect: { tuple: [{ tensor: [0], dtype: "float32" }] } },
  {
    name: "torch.unbind",
    args: [{ tensor: [2, 3] }, 1],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [2], dtype: "float32" },
        { tensor: [2], dtype: "float32" },
        { tensor: [2], dtype: "float32" },
      ],
    },
  },
  {
    name: "Tensor.unbind",
    args: [{ tensor: [2, 3] }],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [3], dtype: "float32" },
        { tensor: [3], dtype: "float32" },
      ],
    },
  },
  {
    name: "Tensor.unbind",
    args: [{ tensor: [] }],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension specified as 0 but tensor has no dimensions" },
  },
  {
    name: "torch.tensor_split",
    args: [{ tensor: [10] }, 3],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [4], dtype: "float32" },
        { tensor: [3], dtype: "float32" },
        { tensor: [3], dtype: "float32" },
      ],
    },
  },
  {
    name: "torch.tensor_split",
    args: [{ tensor: [10] }, [2, 5]],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [2], dtype: "float32" },
        { tensor: [3], dtype: "float32" },
        { tensor: [5], dtype: "float32" },
      ],
    },
  },
  {
    name: "torch.tensor_split",
    args: [{ tensor: [10] }, [5, 2]],
    kwargs: {},
    expect: {
      tuple: [
        { tensor: [5], dtype: "float32" },
        { tensor: [0], dtype: "float32" },
        { tensor: [8], dtype: "float32" },
      ],
    },
  },
];

describe("join ops (recorded from PyTorch 1.13)", () => runCases(CASES));

// Symbolic dims: sums stay symbolic; the number of pieces must be known exactly.
const SYMBOLIC: Case[] = [
  { name: "torch.cat", args: [[{ tensor: ["N", 3] }, { tensor: ["N", 4] }], 1], kwargs: {}, expect: { tensor: ["N", 7] } },
  { name: "torch.cat", args: [[{ tensor: ["N", 3] }, { tensor: ["M", 3] }]], kwargs: {}, expect: { tensor: ["M+N", 3] } },
  { name: "torch.cat", args: [[{ tensor: ["N", 3] }, { tensor: ["M", 3] }], 1], kwargs: {}, expect: null, unknown: true },
  {
    name: "torch.cat",
    args: [[{ tensor: ["N", 3] }, { tensor: ["N", 4] }], 0],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message: "Sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 for tensor number 1 in the list.",
    },
  },
  { name: "torch.stack", args: [[{ tensor: ["N", 3] }, { tensor: ["N", 3] }], 1], kwargs: {}, expect: { tensor: ["N", 2, 3] } },
  { name: "Tensor.chunk", args: [{ tensor: ["N", 6] }, 2, 1], kwargs: {}, expect: { tuple: [{ tensor: ["N", 3] }, { tensor: ["N", 3] }] } },
  { name: "Tensor.chunk", args: [{ tensor: ["N", 6] }, 2], kwargs: {}, expect: null, unknown: true },
  {
    name: "Tensor.split",
    args: [{ tensor: ["N", 6] }, 2, 1],
    kwargs: {},
    expect: { tuple: [{ tensor: ["N", 2] }, { tensor: ["N", 2] }, { tensor: ["N", 2] }] },
  },
  { name: "Tensor.split", args: [{ tensor: ["N", 6] }, [{ sym: "M" }, 1]], kwargs: {}, expect: null, unknown: true },
  {
    name: "Tensor.split",
    args: [{ tensor: ["N", 6] }, [{ sym: "N" }, 1]],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message: "split_with_sizes expects split_sizes to sum exactly to N (input tensor's size at dimension 0), but got split_sizes=[N, 1]",
    },
  },
  { name: "Tensor.unbind", args: [{ tensor: ["N", 2] }, 1], kwargs: {}, expect: { tuple: [{ tensor: ["N"] }, { tensor: ["N"] }] } },
];

describe("join ops (symbolic dims)", () => runCases(SYMBOLIC));
