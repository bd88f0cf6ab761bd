// Shape rules for views, permutes and size queries, called directly: the cases recorded from real PyTorch 1.13 whose error
// messages, dtype conversions, int results or variadic leads are compared (the generated CASES list), then symbolic cases
// of those kinds. The shape-only cases are annotated lines of test/fixtures/forward/ops_reshape.py, checked through the
// whole engine and against PyTorch.

import { Case, runCases } from "./tensorops-runner";
import assert from "node:assert/strict";
import { formatDim } from "../../server/src/core/dim";
import { Value } from "../../server/src/core/values";
import { callRule, decode } from "./tensorops-runner";

function checkInt(v: Value, want: string): void {
  assert.equal(v.kind, "int");
  assert.equal(v.kind === "int" && formatDim(v.v), want);
}

const CASES: Case[] = [
  {
    name: "Tensor.view",
    args: [{ tensor: [2, 3] }, 2, 5],
    kwargs: {},
    expect: { error: "RuntimeError", message: "shape '[2, 5]' is invalid for input of size 6" },
  },
  {
    name: "Tensor.view",
    args: [{ tensor: [2, 3] }, -1, -1],
    kwargs: {},
    expect: { error: "RuntimeError", message: "only one dimension can be inferred" },
  },
  {
    name: "Tensor.view",
    args: [{ tensor: [2, 3] }, -1, 5],
    kwargs: {},
    expect: { error: "RuntimeError", message: "shape '[-1, 5]' is invalid for input of size 6" },
  },
  {
    name: "Tensor.view",
    args: [{ tensor: [2, 3] }, -2, 3],
    kwargs: {},
    expect: { error: "RuntimeError", message: "invalid shape dimension -2" },
  },
  {
    name: "Tensor.view",
    args: [{ tensor: [0, 3] }, -1, 0],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message:
        "cannot reshape tensor of 0 elements into shape [-1, 0] because the unspecified dimension size -1 can be any value and is ambiguous",
    },
  },
  {
    name: "Tensor.view",
    args: [{ tensor: [2, 3] }, -1, 0],
    kwargs: {},
    expect: { error: "RuntimeError", message: "shape '[-1, 0]' is invalid for input of size 6" },
  },
  {
    name: "Tensor.view",
    args: [{ tensor: [2, 3, 4] }, -1, 6, 2, -1],
    kwargs: {},
    expect: { error: "RuntimeError", message: "only one dimension can be inferred" },
  },
  {
    name: "Tensor.view",
    args: [{ tensor: [2, 3, 4] }, 2, -1, 0],
    kwargs: {},
    expect: { error: "RuntimeError", message: "shape '[2, -1, 0]' is invalid for input of size 24" },
  },
  {
    name: "Tensor.reshape",
    args: [{ tensor: [2, 3] }, 2, 5],
    kwargs: {},
    expect: { error: "RuntimeError", message: "shape '[2, 5]' is invalid for input of size 6" },
  },
  {
    name: "torch.reshape",
    args: [{ tensor: [2, 3] }, { tuple: [5, -1] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "shape '[5, -1]' is invalid for input of size 6" },
  },
  {
    name: "Tensor.reshape",
    args: [{ tensor: [2, 3, 4] }, { tuple: [] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "shape '[]' is invalid for input of size 24" },
  },
  {
    name: "Tensor.view_as",
    args: [{ tensor: [2, 3, 4] }, { tensor: [4, 5] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "shape '[4, 5]' is invalid for input of size 24" },
  },
  {
    name: "Tensor.type_as",
    args: [{ tensor: [2, 3, 4] }, { tensor: [1], dtype: "int64" }],
    kwargs: {},
    expect: { tensor: [2, 3, 4], dtype: "int64" },
  },
  {
    name: "Tensor.flatten",
    args: [{ tensor: [2, 3, 4] }, 2, 1],
    kwargs: {},
    expect: { error: "RuntimeError", message: "flatten() has invalid args: start_dim cannot come after end_dim" },
  },
  {
    name: "Tensor.flatten",
    args: [{ tensor: [2, 3, 4] }, 3],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-3, 2], but got 3)" },
  },
  {
    name: "Tensor.flatten",
    args: [{ tensor: [] }, 1],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-1, 0], but got 1)" },
  },
  {
    name: "Tensor.unflatten",
    args: [{ tensor: [2, 3, 4] }, 2, { tuple: [3, -1] }],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message: "unflatten: Provided sizes [3, -1] don't multiply up to the size of dim 2 (4) in the input tensor",
    },
  },
  {
    name: "Tensor.unflatten",
    args: [{ tensor: [2, 3, 4] }, 1, { tuple: [2, 2] }],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message: "unflatten: Provided sizes [2, 2] don't multiply up to the size of dim 1 (3) in the input tensor",
    },
  },
  {
    name: "Tensor.unflatten",
    args: [{ tensor: [2, 3, 4] }, 1, { tuple: [] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "unflatten: sizes must be non-empty" },
  },
  {
    name: "Tensor.unflatten",
    args: [{ tensor: [2, 3, 4] }, 1, { tuple: [0, -1] }],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message: "unflatten: Provided sizes [0, -1] don't multiply up to the size of dim 1 (3) in the input tensor",
    },
  },
  {
    name: "Tensor.unflatten",
    args: [{ tensor: [2, 0] }, 1, { tuple: [0, -1] }],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message:
        "cannot reshape tensor of 0 elements into shape [0, -1] because the unspecified dimension size -1 can be any value and is ambiguous",
    },
  },
  {
    name: "Tensor.permute",
    args: [{ tensor: [2, 3, 4] }, 2, 0],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message:
        "permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = 3 is not equal to len(dims) = 2",
    },
  },
  {
    name: "Tensor.permute",
    args: [{ tensor: [2, 3, 4] }, 2, 0, 0],
    kwargs: {},
    expect: { error: "RuntimeError", message: "permute(): duplicate dims are not allowed." },
  },
  {
    name: "Tensor.permute",
    args: [{ tensor: [2, 3, 4] }, 2, 0, 3],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-3, 2], but got 3)" },
  },
  {
    name: "Tensor.permute",
    args: [{ tensor: [2, 3, 4] }, 2, 0, -1],
    kwargs: {},
    expect: { error: "RuntimeError", message: "permute(): duplicate dims are not allowed." },
  },
  {
    name: "Tensor.permute",
    args: [{ tensor: [] }, 0],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message:
        "permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = 0 is not equal to len(dims) = 1",
    },
  },
  {
    name: "Tensor.transpose",
    args: [{ tensor: [2, 3, 4] }, 0, 3],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-3, 2], but got 3)" },
  },
  {
    name: "Tensor.transpose",
    args: [{ tensor: [] }, 0, 1],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-1, 0], but got 1)" },
  },
  {
    name: "Tensor.t",
    args: [{ tensor: [2, 3, 4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "t() expects a tensor with <= 2 dimensions, but self is 3D" },
  },
  {
    name: "Tensor.mT",
    args: [{ tensor: [3] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor." },
  },
  { name: "Tensor.mT", args: [{ tensor: [] }], kwargs: {}, expect: { tensor: [], dtype: "float32" } },
  {
    name: "Tensor.squeeze",
    args: [{ tensor: [1, 3, 1] }, 3],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-3, 2], but got 3)" },
  },
  {
    name: "Tensor.squeeze",
    args: [{ tensor: [1, 3, 1] }, { tuple: [0, 2] }],
    kwargs: {},
    expect: { error: "TypeError", message: "squeeze() received an invalid combination of arguments - got (tuple), but expected one of:" },
  },
  {
    name: "Tensor.squeeze",
    args: [{ tensor: [] }, 1],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-1, 0], but got 1)" },
  },
  {
    name: "Tensor.squeeze",
    args: [{ tensor: [2, 3, 4] }],
    kwargs: { dim: null },
    expect: { error: "RuntimeError", message: "Please look up dimensions by name, got: name = None." },
  },
  {
    name: "Tensor.unsqueeze",
    args: [{ tensor: [2, 3, 4] }, 4],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-4, 3], but got 4)" },
  },
  {
    name: "Tensor.unsqueeze",
    args: [{ tensor: [2, 3, 4] }, -5],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-4, 3], but got -5)" },
  },
  {
    name: "Tensor.unsqueeze",
    args: [{ tensor: [] }, 1],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-1, 0], but got 1)" },
  },
  {
    name: "Tensor.expand",
    args: [{ tensor: [2, 3, 4] }, 2, 3, 5],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message:
        "The expanded size of the tensor (5) must match the existing size (4) at non-singleton dimension 2.  Target sizes: [2, 3, 5].  Tensor sizes: [2, 3, 4]",
    },
  },
  {
    name: "Tensor.expand",
    args: [{ tensor: [2, 3, 4] }, 2, 3],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message:
        "expand(torch.FloatTensor{[2, 3, 4]}, size=[2, 3]): the number of sizes provided (2) must be greater or equal to the number of dimensions in the tensor (3)",
    },
  },
  {
    name: "Tensor.expand",
    args: [{ tensor: [2, 3, 4] }, -1, 2, 3, 4],
    kwargs: {},
    expect: { error: "RuntimeError", message: "The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension 0" },
  },
  {
    name: "Tensor.expand",
    args: [{ tensor: [2, 3] }, 2, -2],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message:
        "The expanded size of the tensor (-2) must match the existing size (3) at non-singleton dimension 1.  Target sizes: [2, -2].  Tensor sizes: [2, 3]",
    },
  },
  {
    name: "Tensor.repeat",
    args: [{ tensor: [2, 3, 4] }, 2, 1],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message: "Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor",
    },
  },
  {
    name: "Tensor.repeat",
    args: [{ tensor: [2, 3, 4] }, -1, 1, 1],
    kwargs: {},
    expect: { error: "RuntimeError", message: "Trying to create tensor with negative dimension -2: [-2, 3, 4]" },
  },
  {
    name: "Tensor.movedim",
    args: [{ tensor: [2, 3, 4] }, 0, 3],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-3, 2], but got 3)" },
  },
  {
    name: "Tensor.movedim",
    args: [{ tensor: [2, 3, 4] }, { tuple: [0, 0] }, { tuple: [1, 2] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "movedim: repeated dim in `source` ([0, 0])" },
  },
  {
    name: "Tensor.movedim",
    args: [{ tensor: [2, 3, 4] }, { tuple: [0, 1] }, { tuple: [1] }],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message:
        "movedim: Invalid source or destination dims: source ([0, 1] dims) should contain the same number of dims as destination ([1] dims)",
    },
  },
  {
    name: "Tensor.movedim",
    args: [{ tensor: [2, 3, 4] }, { tuple: [0, 1] }, { tuple: [1, 1] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "movedim: repeated dim in `destination` ([1, 1])" },
  },
  { name: "Tensor.long", args: [{ tensor: [2, 3, 4] }], kwargs: {}, expect: { tensor: [2, 3, 4], dtype: "int64" } },
  { name: "Tensor.half", args: [{ tensor: [2, 3, 4] }], kwargs: {}, expect: { tensor: [2, 3, 4], dtype: "float16" } },
  { name: "Tensor.bool", args: [{ tensor: [2, 3, 4] }], kwargs: {}, expect: { tensor: [2, 3, 4], dtype: "bool" } },
  { name: "Tensor.double", args: [{ tensor: [2, 3, 4] }], kwargs: {}, expect: { tensor: [2, 3, 4], dtype: "float64" } },
  { name: "Tensor.int", args: [{ tensor: [2, 3, 4] }], kwargs: {}, expect: { tensor: [2, 3, 4], dtype: "int32" } },
  { name: "Tensor.to", args: [{ tensor: [2, 3, 4] }, { dtype: "float64" }], kwargs: {}, expect: { tensor: [2, 3, 4], dtype: "float64" } },
  {
    name: "Tensor.to",
    args: [{ tensor: [2, 3, 4] }, "cpu", { dtype: "float64" }],
    kwargs: {},
    expect: { tensor: [2, 3, 4], dtype: "float64" },
  },
  {
    name: "Tensor.to",
    args: [{ tensor: [2, 3, 4] }],
    kwargs: { dtype: { dtype: "int64" } },
    expect: { tensor: [2, 3, 4], dtype: "int64" },
  },
  {
    name: "Tensor.to",
    args: [{ tensor: [2, 3, 4] }, { tensor: [1], dtype: "int64" }],
    kwargs: {},
    expect: { tensor: [2, 3, 4], dtype: "int64" },
  },
  { name: "Tensor.type", args: [{ tensor: [2, 3, 4] }, { dtype: "int64" }], kwargs: {}, expect: { tensor: [2, 3, 4], dtype: "int64" } },
  { name: "Tensor.size", args: [{ tensor: [2, 3, 4] }, 1], kwargs: {}, expect: 3 },
  { name: "Tensor.size", args: [{ tensor: [2, 3, 4] }, -1], kwargs: {}, expect: 4 },
  {
    name: "Tensor.size",
    args: [{ tensor: [2, 3, 4] }, 3],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension out of range (expected to be in range of [-3, 2], but got 3)" },
  },
  {
    name: "Tensor.size",
    args: [{ tensor: [] }, 0],
    kwargs: {},
    expect: { error: "IndexError", message: "Dimension specified as 0 but tensor has no dimensions" },
  },
  { name: "Tensor.size", args: [{ tensor: [2, 3, 4] }], kwargs: { dim: 1 }, expect: 3 },
  { name: "Tensor.dim", args: [{ tensor: [2, 3, 4] }], kwargs: {}, expect: 3 },
  { name: "Tensor.ndimension", args: [{ tensor: [] }], kwargs: {}, expect: 0 },
  { name: "Tensor.numel", args: [{ tensor: [2, 3, 4] }], kwargs: {}, expect: 24 },
  { name: "torch.numel", args: [{ tensor: [2, 3, 4] }], kwargs: {}, expect: 24 },
  { name: "Tensor.nelement", args: [{ tensor: [2, 3, 4] }], kwargs: {}, expect: 24 },
];

describe("reshape ops (recorded from PyTorch 1.13)", () => runCases(CASES));

// Symbolic dims (strings in shapes, {"sym": name} for int arguments): exact algebra or give up.
const SYMBOLIC: Case[] = [
  {
    name: "Tensor.view",
    args: [{ tensor: ["N", 3, 4] }, 2, 5],
    kwargs: {},
    expect: { error: "RuntimeError", message: "shape '[2, 5]' is invalid for input of size 12*N" },
  },
  {
    name: "Tensor.view",
    args: [{ tensor: ["N", 6] }, { sym: "N" }, 2, 4],
    kwargs: {},
    expect: { error: "RuntimeError", message: "shape '[N, 2, 4]' is invalid for input of size 6*N" },
  },
];
describe("reshape ops (symbolic dims)", () => runCases(SYMBOLIC));

describe("reshape ops (symbolic size values)", () => {
  it("x.size(0) and x.numel() stay symbolic", () => {
    const x = decode({ tensor: ["N", 12] });
    checkInt(callRule("Tensor.size", [x, decode(0)]), "N");
    checkInt(callRule("Tensor.numel", [x]), "12*N");
  });
});
