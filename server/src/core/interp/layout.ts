// Memory-layout tracking, just enough to never show a shape for a `view` PyTorch would reject:
// transposes, permutes, expands and slices make a tensor possibly non-contiguous; shape-keeping ops
// carry that on (PyTorch preserves strides); `.contiguous()` clears it. `view` on such a tensor
// gives up (it may or may not raise, depending on strides we do not model).

import { giveUp } from "../errors";
import { type Dim, knownEqual, mul, product } from "../dim";
import { inferViewShape } from "../ops/reshape";
import { sizeArgs } from "../ops/broadcast";
import { type CallArgs, type TensorV, type Value } from "../values";

const MAKES = new Set(
  [
    "transpose",
    "swapaxes",
    "swapdims",
    "permute",
    "t",
    "T",
    "mT",
    "movedim",
    "moveaxis",
    "expand",
    "expand_as",
    "narrow",
    "unfold",
    "diagonal",
    "__getitem__",
    "chunk",
    "split",
    "unbind",
    "tensor_split",
    "select",
    "as_strided",
    "meshgrid",
  ].flatMap((n) => [`Tensor.${n}`, `torch.${n}`]),
);

const KEEPS = new Set(
  [
    "squeeze",
    "unsqueeze",
    "reshape",
    "flatten",
    "unflatten",
    "view_as",
    "reshape_as",
    "type_as",
    "to",
    "type",
    "float",
    "half",
    "double",
    "long",
    "int",
    "bool",
    "detach",
    "clone",
    "cuda",
    "cpu",
  ].flatMap((n) => [`Tensor.${n}`, `torch.${n}`]),
);

function tensorsIn(call: CallArgs): TensorV[] {
  const out: TensorV[] = [];
  const visit = (v: Value) => {
    if (v.kind === "tensor") out.push(v);
    else if (v.kind === "tuple" || v.kind === "list") v.items.forEach(visit);
  };
  call.args.forEach(visit);
  call.kwargs.forEach(visit);
  return out;
}

function sameShape(a: TensorV, b: TensorV): boolean {
  return !!a.shape && !!b.shape && a.shape.length === b.shape.length && a.shape.every((d, i) => String(d) === String(b.shape![i]));
}

function mark(v: Value): Value {
  if (v.kind === "tensor") return { ...v, maybeNonContiguous: true };
  if (v.kind === "tuple" || v.kind === "list") return { ...v, items: v.items.map(mark) };
  return v;
}

// Ops whose output PyTorch always allocates contiguous, whatever the input's strides (checked on 1.13).
const RESETS = new Set(["nn.LayerNorm", "F.layer_norm", "nn.Linear", "F.linear", "torch.roll", "Tensor.roll"]);

/** Called before a rule runs: `view` on a possibly non-contiguous tensor gives up. */
export function checkLayout(name: string, call: CallArgs): void {
  if (name !== "Tensor.view") return;
  const self = call.args[0];
  if (self?.kind === "tensor" && self.maybeNonContiguous && !onlySplits(call)) {
    giveUp(
      "view() of a tensor that may not be contiguous (after transpose/permute/expand/slicing); PyTorch may raise here — .reshape() or .contiguous() avoids it",
    );
  }
}

/**
 * True when `view` only splits dims, inserts or drops size-1 dims: PyTorch can always do that, whatever
 * the strides. Merging dims depends on strides the engine does not model.
 */
function onlySplits(call: CallArgs): boolean {
  const [self, first, ...rest] = call.args;
  if (self?.kind !== "tensor" || !self.shape || self.lead || !first || call.kwargs.size) return false;
  try {
    const target = inferViewShape(sizeArgs(first, rest, "shape"), product(self.shape));
    const old = self.shape.filter((d) => d !== 1);
    const neu = target.filter((d) => d !== 1);
    if ([...old, ...neu].some((d) => d === 0)) return false;
    let j = 0;
    for (const o of old) {
      let p: Dim = 1;
      while (knownEqual(p, o) !== true) {
        if (j >= neu.length || (typeof p === "number" && typeof o === "number" && p > o)) return false;
        p = mul(p, neu[j++]);
      }
    }
    return j === neu.length;
  } catch {
    return false;
  }
}

/** The output with its layout flag set from the op and its inputs. */
export function layoutAfter(name: string, call: CallArgs, output: Value): Value {
  if (name === "Tensor.contiguous") return output.kind === "tensor" ? { ...output, maybeNonContiguous: false } : output;
  // Advanced indexing by one tensor (x[idx]) gathers into a new tensor, contiguous when x is.
  const [self, index] = call.args;
  if (name === "Tensor.__getitem__" && index?.kind === "tensor" && self?.kind === "tensor" && !self.maybeNonContiguous) return output;
  if (MAKES.has(name)) return mark(output);
  if (RESETS.has(name)) return output.kind === "tensor" ? { ...output, maybeNonContiguous: false } : output;
  const flagged = tensorsIn(call).filter((t) => t.maybeNonContiguous);
  if (!flagged.length) return output;
  // A view of a possibly non-contiguous tensor (a split, see onlySplits) shares its strides.
  if (KEEPS.has(name) || name === "Tensor.view") return mark(output);
  if (output.kind === "tensor" && flagged.some((t) => sameShape(t, output))) return mark(output);
  return output;
}
