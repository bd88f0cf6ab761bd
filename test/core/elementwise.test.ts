// Shape rules for broadcasting and elementwise ops, called directly: the cases recorded from real PyTorch 1.13 whose error
// messages, bool or integer dtypes, in-place operators or variadic leads are compared (the generated CASES list), then
// symbolic cases of those kinds. The shape-only cases are annotated lines of test/fixtures/forward/ops_elementwise.py,
// checked through the whole engine and against PyTorch.

import { Case, runCases } from "./tensorops-runner";

const CASES: Case[] = [
  {
    name: "Tensor.__add__",
    args: [{ tensor: [2, 3] }, { tensor: [4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1" },
  },
  {
    name: "Tensor.__add__",
    args: [{ tensor: [2, 3] }, { tensor: [5, 1, 4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 2" },
  },
  {
    name: "Tensor.__add__",
    args: [{ tensor: [5, 3, 1] }, { tensor: [2, 3] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1" },
  },
  {
    name: "Tensor.__add__",
    args: [{ tensor: [0, 3] }, { tensor: [2, 3] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "The size of tensor a (0) must match the size of tensor b (2) at non-singleton dimension 0" },
  },
  { name: "Tensor.__lt__", args: [{ tensor: [2, 3, 4] }, { tensor: [] }], kwargs: {}, expect: { tensor: [2, 3, 4], dtype: "bool" } },
  { name: "Tensor.__eq__", args: [{ tensor: [2, 3, 4] }, { tensor: [4] }], kwargs: {}, expect: { tensor: [2, 3, 4], dtype: "bool" } },
  { name: "Tensor.__eq__", args: [{ tensor: [2, 3, 4] }, null], kwargs: {}, expect: false },
  { name: "Tensor.__ne__", args: [{ tensor: [2, 3, 4] }, null], kwargs: {}, expect: true },
  {
    name: "Tensor.__and__",
    args: [
      { tensor: [3], dtype: "bool" },
      { tensor: [4], dtype: "bool" },
    ],
    kwargs: {},
    expect: { error: "RuntimeError", message: "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0" },
  },
  {
    name: "Tensor.__or__",
    args: [
      { tensor: [2, 1], dtype: "bool" },
      { tensor: [3], dtype: "bool" },
    ],
    kwargs: {},
    expect: { tensor: [2, 3], dtype: "bool" },
  },
  { name: "Tensor.__invert__", args: [{ tensor: [2], dtype: "bool" }], kwargs: {}, expect: { tensor: [2], dtype: "bool" } },
  { name: "Tensor.__mul__", args: [{ tensor: [3], dtype: "int64" }, 2], kwargs: {}, expect: { tensor: [3], dtype: "int64" } },
  {
    name: "Tensor.__add__",
    args: [
      { tensor: [3], dtype: "int64" },
      { tensor: [1], dtype: "int64" },
    ],
    kwargs: {},
    expect: { tensor: [3], dtype: "int64" },
  },
  {
    name: "Tensor.__iadd__",
    args: [{ tensor: [2, 3] }, { tensor: [2, 1, 3] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "output with shape [2, 3] doesn't match the broadcast shape [2, 2, 3]" },
  },
  {
    name: "Tensor.__iadd__",
    args: [{ tensor: [2, 3] }, { tensor: [4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1" },
  },
  { name: "Tensor.__imul__", args: [{ tensor: [2, 3] }, { tensor: [3] }], kwargs: {}, expect: { tensor: [2, 3], dtype: "float32" } },
  {
    name: "Tensor.add_",
    args: [{ tensor: [2, 3] }, { tensor: [2, 1, 3] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "output with shape [2, 3] doesn't match the broadcast shape [2, 2, 3]" },
  },
  {
    name: "Tensor.add_",
    args: [{ tensor: [2, 1] }, { tensor: [2, 3] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "output with shape [2, 1] doesn't match the broadcast shape [2, 3]" },
  },
  {
    name: "Tensor.mul_",
    args: [{ tensor: [1, 3] }, { tensor: [2, 3] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "output with shape [1, 3] doesn't match the broadcast shape [2, 3]" },
  },
  {
    name: "Tensor.add_",
    args: [{ tensor: [2, 3, 4] }, { tensor: [5] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 2" },
  },
  {
    name: "Tensor.add_",
    args: [{ tensor: [2, 1] }, { tensor: [5] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "output with shape [2, 1] doesn't match the broadcast shape [2, 5]" },
  },
  {
    name: "torch.where",
    args: [{ tensor: [2, 1], dtype: "bool" }, { tensor: [3] }, { tensor: [4, 1, 2] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 2" },
  },
  {
    name: "torch.where",
    args: [{ tensor: [2], dtype: "bool" }, { tensor: [3] }, { float: 0.0 }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0" },
  },
  {
    name: "Tensor.where",
    args: [{ tensor: [2, 3, 4] }, { tensor: [5, 1, 1, 1], dtype: "bool" }, { float: 1.0 }],
    kwargs: {},
    expect: { error: "TypeError", message: "where(): argument 'other' (position 2) must be Tensor, not float" },
  },
  {
    name: "Tensor.lerp",
    args: [{ tensor: [2, 3, 4] }, { tensor: [4] }, { tensor: [5] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 2" },
  },
  {
    name: "Tensor.lerp_",
    args: [{ tensor: [2, 3, 4] }, { tensor: [5] }, { float: 0.5 }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 2" },
  },
  {
    name: "torch.addcmul",
    args: [{ tensor: [3] }, { tensor: [2, 3] }, { tensor: [4, 1, 2] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 2" },
  },
  {
    name: "torch.addcmul",
    args: [{ tensor: [3, 2] }, { tensor: [1, 4] }, { tensor: [2, 1, 1] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "The size of tensor a (2) must match the size of tensor b (4) at non-singleton dimension 1" },
  },
  {
    name: "Tensor.addcmul_",
    args: [{ tensor: [3, 2] }, { tensor: [1, 2] }, { tensor: [2, 1, 1] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "output with shape [3, 2] doesn't match the broadcast shape [2, 3, 2]" },
  },
  {
    name: "Tensor.sub",
    args: [{ tensor: [2, 3, 4] }, { tensor: [3, 5] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 2" },
  },
  {
    name: "torch.sub",
    args: [{ tensor: [3, 5] }, { tensor: [2, 3, 4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "The size of tensor a (5) must match the size of tensor b (4) at non-singleton dimension 2" },
  },
  {
    name: "Tensor.pow",
    args: [{ tensor: [2, 3, 4] }, { tensor: [5] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 2" },
  },
  {
    name: "torch.pow",
    args: [{ tensor: [5] }, { tensor: [2, 3, 4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "The size of tensor a (5) must match the size of tensor b (4) at non-singleton dimension 2" },
  },
  {
    name: "torch.logical_and",
    args: [
      { tensor: [2, 3, 4], dtype: "bool" },
      { tensor: [4], dtype: "bool" },
    ],
    kwargs: {},
    expect: { tensor: [2, 3, 4], dtype: "bool" },
  },
  { name: "torch.eq", args: [{ tensor: [2, 3, 4] }, 1], kwargs: {}, expect: { tensor: [2, 3, 4], dtype: "bool" } },
  {
    name: "Tensor.masked_fill",
    args: [{ tensor: [2, 3, 4] }, { tensor: [5, 4], dtype: "bool" }, 0],
    kwargs: {},
    expect: { error: "RuntimeError", message: "The size of tensor a (5) must match the size of tensor b (3) at non-singleton dimension 1" },
  },
  {
    name: "Tensor.masked_fill_",
    args: [{ tensor: [2, 3, 4] }, { tensor: [1, 2, 3, 4], dtype: "bool" }, 0],
    kwargs: {},
    expect: { error: "RuntimeError", message: "output with shape [2, 3, 4] doesn't match the broadcast shape [1, 2, 3, 4]" },
  },
  {
    name: "Tensor.masked_fill_",
    args: [{ tensor: [2, 3, 4] }, { tensor: [5, 4], dtype: "bool" }, 0],
    kwargs: {},
    expect: { error: "RuntimeError", message: "The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1" },
  },
  {
    name: "Tensor.masked_fill",
    args: [{ tensor: [2, 3, 4] }, { tensor: [2, 3, 4], dtype: "bool" }, { tensor: [1] }],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message: "masked_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s).",
    },
  },
  {
    name: "Tensor.clamp_",
    args: [{ tensor: [2, 3, 4] }],
    kwargs: { min: { tensor: [5, 1, 1, 1] } },
    expect: { error: "RuntimeError", message: "output with shape [2, 3, 4] doesn't match the broadcast shape [5, 2, 3, 4]" },
  },
  {
    name: "Tensor.copy_",
    args: [{ tensor: [2, 3] }, { tensor: [2, 2, 3] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "output with shape [2, 3] doesn't match the broadcast shape [2, 2, 3]" },
  },
  {
    name: "Tensor.copy_",
    args: [{ tensor: [2, 3] }, { tensor: [1, 2, 3] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "output with shape [2, 3] doesn't match the broadcast shape [1, 2, 3]" },
  },
  {
    name: "Tensor.copy_",
    args: [{ tensor: [2, 3, 4] }, { tensor: [5] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 2" },
  },
  { name: "torch.isnan", args: [{ tensor: [2, 3, 4] }], kwargs: {}, expect: { tensor: [2, 3, 4], dtype: "bool" } },
  { name: "torch.logical_not", args: [{ tensor: [2, 3, 4] }], kwargs: {}, expect: { tensor: [2, 3, 4], dtype: "bool" } },
];

describe("elementwise ops (recorded from PyTorch 1.13)", () => runCases(CASES));

// Symbolic dims: equal symbols and 1s broadcast; anything that depends on a symbol's value gives up.
const SYMBOLIC: Case[] = [
  {
    name: "Tensor.__add__",
    args: [{ tensor: ["N", 3] }, { tensor: ["N", 4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1" },
  },
  { name: "Tensor.__mul__", args: [{ tensor: [3, 4], lead: "B" }, { tensor: [4] }], kwargs: {}, expect: { tensor: [3, 4] } },
  { name: "Tensor.__mul__", args: [{ tensor: [3, 4], lead: "B" }, { tensor: [2, 3, 4] }], kwargs: {}, expect: null, unknown: true },
  { name: "torch.exp", args: [{ tensor: ["N", 3], lead: "B" }], kwargs: {}, expect: { tensor: ["N", 3] } },
];

describe("elementwise ops (symbolic dims)", () => runCases(SYMBOLIC));
