// What each diagnostic code means, for the SARIF rules (code-scanning tools show it as the rule's
// help) and `shapelens check --help`. One entry per DiagnosticCode: a new code needs its text here.

import type { DiagnosticCode } from "./core/errors";

export interface RuleHelp {
  /** PascalCase rule name (SARIF reportingDescriptor.name). */
  name: string;
  /** One line. */
  short: string;
  /** What the code means and how to fix it. */
  help: string;
}

export const RULE_HELP: Record<DiagnosticCode, RuleHelp> = {
  "channel-mismatch": {
    name: "ChannelMismatch",
    short: "A layer receives a tensor whose channel count differs from its in_channels / num_features.",
    help: "PyTorch raises at this call: the input's channel dimension (dim 1) does not match what the layer was built for. Change the layer's in_channels (or num_features), or the layer before it.",
  },
  "kernel-too-large": {
    name: "KernelTooLarge",
    short: "The (dilated) kernel is larger than the padded input.",
    help: "PyTorch raises: a convolution or pooling kernel does not fit the padded input. Use a smaller kernel, more padding, or a larger input.",
  },
  "non-positive-output": {
    name: "NonPositiveOutput",
    short: "The layer's output would have a size of zero or less.",
    help: "PyTorch raises: the computed output size is not positive (the input is too small for the kernel, stride and padding). Check the input size declared for the model.",
  },
  "groups-divisibility": {
    name: "GroupsDivisibility",
    short: "in_channels or out_channels is not divisible by groups.",
    help: "PyTorch raises when it builds the layer: both in_channels and out_channels must be divisible by groups.",
  },
  "same-padding-stride": {
    name: "SamePaddingStride",
    short: "padding='same' is used with a stride other than 1.",
    help: "PyTorch raises: padding='same' is not supported for strided convolutions. Give explicit padding.",
  },
  "output-padding": {
    name: "OutputPadding",
    short: "output_padding must be smaller than stride or dilation.",
    help: "PyTorch raises for a transposed convolution whose output_padding is not smaller than either its stride or its dilation.",
  },
  "pool-padding": {
    name: "PoolPadding",
    short: "Pooling padding is larger than half the kernel size.",
    help: "PyTorch raises: a pooling layer's padding must be at most half of its kernel size.",
  },
  "linear-in-features": {
    name: "LinearInFeatures",
    short: "A Linear layer receives a last dimension different from its in_features.",
    help: "PyTorch raises (mat1 and mat2 shapes cannot be multiplied): the input's last dimension must equal in_features. The message gives the flattened size to use.",
  },
  "view-numel": {
    name: "ViewNumel",
    short: "view/reshape asks for a shape with a different number of elements.",
    help: "PyTorch raises: the requested shape does not hold the tensor's number of elements. Check the sizes given to view/reshape.",
  },
  "invalid-argument": {
    name: "InvalidArgument",
    short: "A layer or function gets an argument PyTorch rejects.",
    help: "PyTorch raises for this argument (a negative size, a bad dim, an unsupported mode, ...). The message is PyTorch's own.",
  },
  "shape-mismatch": {
    name: "ShapeMismatch",
    short: "Tensors whose shapes must agree do not.",
    help: "PyTorch raises: the operation needs matching sizes (cat, stack, a loss on its target, ...). The message names the dimensions.",
  },
  "rank-mismatch": {
    name: "RankMismatch",
    short: "A tensor has a number of dimensions the operation does not accept.",
    help: "PyTorch raises: e.g. Conv2d wants a 3D or 4D input. Add or remove a dimension (unsqueeze, flatten) before the call.",
  },
  "index-out-of-range": {
    name: "IndexOutOfRange",
    short: "An index or dim is out of range for the tensor.",
    help: "PyTorch raises IndexError: the index or dimension does not exist in a tensor of this shape.",
  },
  broadcast: {
    name: "Broadcast",
    short: "Shapes that cannot be broadcast together.",
    help: "PyTorch raises: two sizes differ in a dimension where neither is 1. The message names the dimension.",
  },
  matmul: {
    name: "Matmul",
    short: "Matrix multiplication of incompatible shapes.",
    help: "PyTorch raises: the inner dimensions of a matmul / @ / bmm do not match.",
  },
  raise: {
    name: "Raise",
    short: "The code raises an exception on the declared input.",
    help: "A `raise` statement (or assert) in the model's code is reached on the declared input shape.",
  },
  "syntax-error": {
    name: "SyntaxError",
    short: "Python cannot parse this code.",
    help: "A syntax or indentation error: Python raises before anything runs. The rest of the file is still analysed where possible.",
  },
  "inference-gap": {
    name: "InferenceGap",
    short: "Shape Lens could not determine a shape here (information only).",
    help: "Not a bug in the code: Shape Lens stopped following shapes here (a value it does not model, a data-dependent size). Nothing after it is guessed.",
  },
};

/** The help of a code, also for codes that a newer engine may report. */
export function ruleHelp(code: string): RuleHelp {
  return isKnownCode(code) ? RULE_HELP[code] : { name: code, short: code, help: code };
}

function isKnownCode(code: string): code is DiagnosticCode {
  return Object.prototype.hasOwnProperty.call(RULE_HELP, code);
}
