// Shape rules for matmul, mm, bmm and einsum, called directly: the cases recorded from real PyTorch 1.13 whose
// error messages are compared (the generated CASES list), then symbolic-dim errors. The shape-only cases are
// annotated lines of test/fixtures/forward/ops_matmul.py, checked through the whole engine and against PyTorch.

import { Case, runCases } from "./tensorops-runner";

const CASES: Case[] = [
  {
    name: "torch.matmul",
    args: [{ tensor: [3] }, { tensor: [4] }],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message:
        "inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4 elements respectively",
    },
  },
  {
    name: "torch.matmul",
    args: [{ tensor: [2, 3] }, { tensor: [4, 5] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)" },
  },
  {
    name: "torch.matmul",
    args: [{ tensor: [2, 3] }, { tensor: [4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "size mismatch, got 2, 2x3,4" },
  },
  {
    name: "torch.matmul",
    args: [{ tensor: [5, 2, 2, 3] }, { tensor: [6, 3, 4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "The size of tensor a (2) must match the size of tensor b (6) at non-singleton dimension 1" },
  },
  {
    name: "torch.matmul",
    args: [{ tensor: [5, 2, 3] }, { tensor: [5, 4, 4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "Expected size for first two dimensions of batch2 tensor to be: [5, 3] but got: [5, 4]." },
  },
  {
    name: "torch.matmul",
    args: [{ tensor: [] }, { tensor: [] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "both arguments to matmul need to be at least 1D, but they are 0D and 0D" },
  },
  {
    name: "torch.matmul",
    args: [{ tensor: [] }, { tensor: [3] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "both arguments to matmul need to be at least 1D, but they are 0D and 1D" },
  },
  {
    name: "torch.matmul",
    args: [{ tensor: [3] }, { tensor: [] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "both arguments to matmul need to be at least 1D, but they are 1D and 0D" },
  },
  {
    name: "torch.matmul",
    args: [{ tensor: [5, 2, 3] }, { tensor: [2, 3, 4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "The size of tensor a (5) must match the size of tensor b (2) at non-singleton dimension 0" },
  },
  {
    name: "torch.matmul",
    args: [{ tensor: [4] }, { tensor: [5, 3, 4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "size mismatch, got 20, 20x3,4" },
  },
  {
    name: "torch.matmul",
    args: [{ tensor: [2, 3] }, { tensor: [5, 4, 2] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "mat1 and mat2 shapes cannot be multiplied (10x4 and 3x2)" },
  },
  {
    name: "torch.matmul",
    args: [{ tensor: [5, 2, 3] }, { tensor: [4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "size mismatch, got 10, 10x3,4" },
  },
  {
    name: "torch.matmul",
    args: [{ tensor: [5, 2, 3] }, { tensor: [4, 4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "mat1 and mat2 shapes cannot be multiplied (10x3 and 4x4)" },
  },
  {
    name: "torch.matmul",
    args: [{ tensor: [3] }, { tensor: [5, 4, 2] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "size mismatch, got 10, 10x4,3" },
  },
  {
    name: "torch.matmul",
    args: [{ tensor: [5, 2, 3] }, { tensor: [1, 4, 4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "Expected size for first two dimensions of batch2 tensor to be: [5, 3] but got: [5, 4]." },
  },
  {
    name: "torch.matmul",
    args: [{ tensor: [1, 2, 3] }, { tensor: [5, 4, 4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "Expected size for first two dimensions of batch2 tensor to be: [5, 3] but got: [5, 4]." },
  },
  {
    name: "torch.matmul",
    args: [{ tensor: [5, 2, 3, 4] }, { tensor: [5, 2, 5, 6] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "Expected size for first two dimensions of batch2 tensor to be: [10, 4] but got: [10, 5]." },
  },
  {
    name: "torch.matmul",
    args: [{ tensor: [5, 2, 3, 4] }, { tensor: [2, 5, 6] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "Expected size for first two dimensions of batch2 tensor to be: [10, 4] but got: [10, 5]." },
  },
  {
    name: "torch.matmul",
    args: [{ tensor: [7, 5, 2, 3] }, { tensor: [4, 4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "mat1 and mat2 shapes cannot be multiplied (70x3 and 4x4)" },
  },
  {
    name: "torch.matmul",
    args: [{ tensor: [7, 5, 2, 3] }, { tensor: [4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "size mismatch, got 70, 70x3,4" },
  },
  {
    name: "torch.matmul",
    args: [{ tensor: [4] }, { tensor: [7, 5, 3, 4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "size mismatch, got 140, 140x3,4" },
  },
  {
    name: "torch.matmul",
    args: [{ tensor: [1, 5, 2, 3] }, { tensor: [3, 3, 4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "The size of tensor a (5) must match the size of tensor b (3) at non-singleton dimension 1" },
  },
  {
    name: "torch.matmul",
    args: [{ tensor: [3] }, { tensor: [2, 4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "mat1 and mat2 shapes cannot be multiplied (1x3 and 2x4)" },
  },
  {
    name: "torch.matmul",
    args: [{ tensor: [3, 2, 2, 3] }, { tensor: [3, 1, 4, 4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "Expected size for first two dimensions of batch2 tensor to be: [6, 3] but got: [6, 4]." },
  },
  {
    name: "torch.mm",
    args: [{ tensor: [2, 3] }, { tensor: [4, 4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x4)" },
  },
  {
    name: "torch.mm",
    args: [{ tensor: [2, 3] }, { tensor: [3] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "mat2 must be a matrix" },
  },
  {
    name: "torch.mm",
    args: [{ tensor: [2, 3, 1] }, { tensor: [3, 4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "self must be a matrix" },
  },
  {
    name: "torch.mm",
    args: [{ tensor: [3] }, { tensor: [3, 4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "self must be a matrix" },
  },
  {
    name: "torch.bmm",
    args: [{ tensor: [2, 3, 4] }, { tensor: [3, 4, 5] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [3, 4]." },
  },
  {
    name: "torch.bmm",
    args: [{ tensor: [2, 3, 4] }, { tensor: [2, 5, 5] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 5]." },
  },
  {
    name: "torch.bmm",
    args: [{ tensor: [3, 4] }, { tensor: [2, 4, 5] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "batch1 must be a 3D tensor" },
  },
  {
    name: "torch.bmm",
    args: [{ tensor: [2, 3, 4] }, { tensor: [4, 5] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "batch2 must be a 3D tensor" },
  },
  {
    name: "torch.addmm",
    args: [{ tensor: [3, 4] }, { tensor: [2, 3] }, { tensor: [3, 4] }],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message:
        "The expanded size of the tensor (2) must match the existing size (3) at non-singleton dimension 0.  Target sizes: [2, 4].  Tensor sizes: [3, 4]",
    },
  },
  {
    name: "torch.addmm",
    args: [{ tensor: [5] }, { tensor: [2, 3] }, { tensor: [3, 4] }],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message:
        "The expanded size of the tensor (4) must match the existing size (5) at non-singleton dimension 1.  Target sizes: [2, 4].  Tensor sizes: [5]",
    },
  },
  {
    name: "torch.addmm",
    args: [{ tensor: [2, 3] }, { tensor: [2, 3] }, { tensor: [4, 4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x4)" },
  },
  {
    name: "torch.addmm",
    args: [{ tensor: [1, 2, 4] }, { tensor: [2, 3] }, { tensor: [3, 4] }],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message:
        "expand(torch.FloatTensor{[1, 2, 4]}, size=[2, 4]): the number of sizes provided (2) must be greater or equal to the number of dimensions in the tensor (3)",
    },
  },
  {
    name: "torch.baddbmm",
    args: [{ tensor: [2, 3, 6] }, { tensor: [2, 3, 4] }, { tensor: [2, 4, 5] }],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message:
        "The expanded size of the tensor (5) must match the existing size (6) at non-singleton dimension 2.  Target sizes: [2, 3, 5].  Tensor sizes: [2, 3, 6]",
    },
  },
  {
    name: "torch.outer",
    args: [{ tensor: [3, 1] }, { tensor: [4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "outer: Expected 1-D argument self, but got 2-D" },
  },
  {
    name: "torch.outer",
    args: [{ tensor: [3] }, { tensor: [4, 1] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "outer: Expected 1-D argument vec2, but got 2-D" },
  },
  {
    name: "torch.dot",
    args: [{ tensor: [3] }, { tensor: [4] }],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message:
        "inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4 elements respectively",
    },
  },
  {
    name: "torch.dot",
    args: [{ tensor: [3, 1] }, { tensor: [3] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "1D tensors expected, but got 2D and 1D tensors" },
  },
  {
    name: "torch.dot",
    args: [{ tensor: [3] }, { tensor: [3, 1] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "1D tensors expected, but got 1D and 2D tensors" },
  },
  {
    name: "torch.mv",
    args: [{ tensor: [2, 3] }, { tensor: [4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "size mismatch, got 2, 2x3,4" },
  },
  {
    name: "torch.mv",
    args: [{ tensor: [2, 3, 1] }, { tensor: [3] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "vector + matrix @ vector expected, got 1, 3, 1" },
  },
  {
    name: "torch.einsum",
    args: ["ij,jk->ik", { tensor: [2, 3] }, { tensor: [4, 4] }],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message: "einsum(): subscript j has size 4 for operand 1 which does not broadcast with previously seen size 3",
    },
  },
  {
    name: "torch.einsum",
    args: ["ij,jk->ik", { tensor: [2, 3, 1] }, { tensor: [3, 4] }],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message:
        "einsum(): the number of subscripts in the equation (2) does not match the number of dimensions (3) for operand 0 and no ellipsis was given",
    },
  },
  {
    name: "torch.einsum",
    args: ["ii->i", { tensor: [3, 4] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "einsum(): subscript i is repeated for operand 0 but the sizes don't match, 4 != 3" },
  },
  {
    name: "torch.einsum",
    args: ["ij,jk->ik", { tensor: [2, 3] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "einsum(): fewer operands were provided than specified in the equation" },
  },
  {
    name: "torch.einsum",
    args: ["ij->k", { tensor: [2, 3] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "einsum(): output subscript k does not appear in the equation for any input operand" },
  },
  {
    name: "torch.einsum",
    args: ["ij->ii", { tensor: [2, 3] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "einsum(): output subscript i appears more than once in the output" },
  },
  {
    name: "torch.einsum",
    args: ["ij,ij->ij", { tensor: [2, 3] }, { tensor: [5, 3] }],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message: "einsum(): subscript i has size 5 for operand 1 which does not broadcast with previously seen size 2",
    },
  },
  {
    name: "torch.einsum",
    args: ["...i,...i->...", { tensor: [2, 2, 3] }, { tensor: [4, 3] }],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message:
        "einsum(): dimension 0 covered by ellipsis in operand 1has size 4 which does not broadcast with previously seen ellipsis with size 2 for the respective dimension",
    },
  },
  {
    name: "torch.einsum",
    args: ["ij,jk->ik", { tensor: [2, 3] }, { tensor: [3, 4] }, { tensor: [1] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "einsum(): more operands were provided than specified in the equation" },
  },
  {
    name: "torch.einsum",
    args: ["ij->ij->", { tensor: [2, 3] }],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message: "einsum(): invalid subscript given at index 6 in the equation string, subscripts must be in [a-zA-Z]",
    },
  },
  {
    name: "torch.einsum",
    args: ["i.j->ij", { tensor: [2, 3] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "einsum(): found '.' for operand 0 that is not part of any ellipsis" },
  },
  {
    name: "torch.einsum",
    args: ["ijk->ij", { tensor: [2, 3] }],
    kwargs: {},
    expect: {
      error: "RuntimeError",
      message:
        "einsum(): the number of subscripts in the equation (3) does not match the number of dimensions (2) for operand 0 and no ellipsis was given",
    },
  },
  {
    name: "torch.einsum",
    args: ["ii->i", { tensor: [1, 3] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "einsum(): subscript i is repeated for operand 0 but the sizes don't match, 3 != 1" },
  },
];

describe("matmul ops (recorded from PyTorch 1.13)", () => runCases(CASES));

// Symbolic dims: contracted sizes must be provably equal (shapes in ops_matmul.py).
const SYMBOLIC: Case[] = [
  {
    name: "torch.matmul",
    args: [{ tensor: ["N", 3] }, { tensor: [4, 5] }],
    kwargs: {},
    expect: { error: "RuntimeError", message: "mat1 and mat2 shapes cannot be multiplied (Nx3 and 4x5)" },
  },
];

describe("matmul ops (symbolic dims)", () => runCases(SYMBOLIC));
