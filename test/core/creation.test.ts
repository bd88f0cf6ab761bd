// Shape rules for tensor factories, called directly: the cases recorded from real PyTorch 1.13 whose error messages or
// non-float32 dtypes are compared (the generated CASES list), then symbolic cases of those kinds. The shape-only cases are
// annotated lines of test/fixtures/forward/ops_creation.py, checked through the whole engine and against PyTorch.

import { Case, runCases } from "./tensorops-runner";

const CASES: Case[] = [
  { name: "torch.rand", args: [2, 3], kwargs: { dtype: { dtype: "float64" } }, expect: { tensor: [2, 3], dtype: "float64" } },
  {
    name: "torch.randn",
    args: [2, -1],
    kwargs: {},
    expect: { error: "RuntimeError", message: "Trying to create tensor with negative dimension -1: [2, -1]" },
  },
  {
    name: "torch.zeros",
    args: [{ tuple: [2] }, 3],
    kwargs: {},
    expect: {
      error: "TypeError",
      message: "zeros() received an invalid combination of arguments - got (tuple, int), but expected one of:",
    },
  },
  {
    name: "torch.zeros",
    args: [{ float: 2.0 }],
    kwargs: {},
    expect: { error: "TypeError", message: "zeros(): argument 'size' (position 1) must be tuple of SymInts, not float" },
  },
  { name: "torch.zeros", args: [2, 3], kwargs: { dtype: { dtype: "long" } }, expect: { tensor: [2, 3], dtype: "int64" } },
  { name: "torch.full", args: [[2, 3], 1], kwargs: {}, expect: { tensor: [2, 3], dtype: "int64" } },
  { name: "torch.full", args: [{ tuple: [2] }, true], kwargs: {}, expect: { tensor: [2], dtype: "bool" } },
  {
    name: "torch.full",
    args: [2, { float: 1.5 }],
    kwargs: {},
    expect: { error: "TypeError", message: "full(): argument 'size' (position 1) must be tuple of SymInts, not int" },
  },
  { name: "torch.randint", args: [10, { tuple: [2, 3] }], kwargs: {}, expect: { tensor: [2, 3], dtype: "int64" } },
  { name: "torch.randint", args: [0, 10, { tuple: [2, 3] }], kwargs: {}, expect: { tensor: [2, 3], dtype: "int64" } },
  { name: "torch.randint", args: [10], kwargs: { size: { tuple: [2, 3] } }, expect: { tensor: [2, 3], dtype: "int64" } },
  { name: "torch.randint", args: [3, 10], kwargs: { size: [2] }, expect: { tensor: [2], dtype: "int64" } },
  { name: "torch.randint", args: [10, { tuple: [] }], kwargs: {}, expect: { tensor: [], dtype: "int64" } },
  { name: "torch.randperm", args: [5], kwargs: {}, expect: { tensor: [5], dtype: "int64" } },
  { name: "torch.arange", args: [5], kwargs: {}, expect: { tensor: [5], dtype: "int64" } },
  { name: "torch.arange", args: [1, 5], kwargs: {}, expect: { tensor: [4], dtype: "int64" } },
  { name: "torch.arange", args: [10, 0, -3], kwargs: {}, expect: { tensor: [4], dtype: "int64" } },
  {
    name: "torch.arange",
    args: [0, -1],
    kwargs: {},
    expect: { error: "RuntimeError", message: "upper bound and larger bound inconsistent with step sign" },
  },
  { name: "torch.arange", args: [0, 10, 3], kwargs: {}, expect: { tensor: [4], dtype: "int64" } },
  { name: "torch.arange", args: [0, 1, 0], kwargs: {}, expect: { error: "RuntimeError", message: "step must be nonzero" } },
  { name: "torch.arange", args: [], kwargs: { end: 5 }, expect: { tensor: [5], dtype: "int64" } },
  { name: "torch.arange", args: [], kwargs: { start: 1, end: 5 }, expect: { tensor: [4], dtype: "int64" } },
  {
    name: "torch.linspace",
    args: [0, 1, -1],
    kwargs: {},
    expect: { error: "RuntimeError", message: "number of steps must be non-negative" },
  },
  { name: "torch.eye", args: [-1], kwargs: {}, expect: { error: "RuntimeError", message: "n must be greater or equal to 0, got -1" } },
  { name: "torch.tensor", args: [3], kwargs: {}, expect: { tensor: [], dtype: "int64" } },
  { name: "torch.tensor", args: [[1, 2, 3]], kwargs: {}, expect: { tensor: [3], dtype: "int64" } },
  {
    name: "torch.tensor",
    args: [
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
    ],
    kwargs: {},
    expect: { tensor: [3, 2], dtype: "int64" },
  },
  {
    name: "torch.tensor",
    args: [[[1, 2], [3]]],
    kwargs: {},
    expect: { error: "ValueError", message: "expected sequence of length 2 at dim 1 (got 1)" },
  },
  {
    name: "torch.tensor",
    args: [{ tuple: [{ tuple: [1, 2] }, { tuple: [3, 4] }] }],
    kwargs: {},
    expect: { tensor: [2, 2], dtype: "int64" },
  },
  { name: "torch.tensor", args: [[true]], kwargs: {}, expect: { tensor: [1], dtype: "bool" } },
  {
    name: "torch.tensor",
    args: [
      [
        [1, 2],
        [3, 4, 5],
      ],
    ],
    kwargs: {},
    expect: { error: "ValueError", message: "expected sequence of length 2 at dim 1 (got 3)" },
  },
  { name: "torch.ones_like", args: [{ tensor: [3], dtype: "int64" }], kwargs: {}, expect: { tensor: [3], dtype: "int64" } },
  {
    name: "torch.empty_like",
    args: [{ tensor: [2, 3, 4] }],
    kwargs: { dtype: { dtype: "int64" } },
    expect: { tensor: [2, 3, 4], dtype: "int64" },
  },
  { name: "Tensor.new_ones", args: [{ tensor: [2], dtype: "int64" }, 5], kwargs: {}, expect: { tensor: [5], dtype: "int64" } },
];

describe("creation ops (recorded from PyTorch 1.13)", () => runCases(CASES));

// Symbolic sizes flow through the factories.
const SYMBOLIC: Case[] = [
  { name: "torch.arange", args: [{ sym: "N" }], kwargs: {}, expect: { tensor: ["N"], dtype: "int64" } },
  { name: "torch.zeros_like", args: [{ tensor: ["N", 3], lead: "B" }], kwargs: {}, expect: { tensor: ["N", 3] } },
];

describe("creation ops (symbolic dims)", () => runCases(SYMBOLIC));
