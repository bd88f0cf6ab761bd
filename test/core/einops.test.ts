// einops rules (server/src/core/ops/einops.ts) against test/golden/einops.json (PyTorch 1.13) and
// einops-2.13.json (PyTorch 2.13): rearrange / reduce / repeat and
// the Rearrange / Reduce layers run by real einops on each torch (scripts/golden/generate_einops.py). Shapes
// must match exactly; errors must be errors with einops' message (Python's set order aside). Also a few
// symbolic-dim cases and the import forms through the whole engine.

import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import "../../server/src/core/ops/index";
import { functionRule } from "../../server/src/core/ops/index";
import { RearrangeLayer, ReduceLayer } from "../../server/src/core/ops/einops";
import { bind } from "../../server/src/core/ops/args";
import { ShapeError } from "../../server/src/core/errors";
import { formatDim, symbol } from "../../server/src/core/dim";
import { CallArgs, Value, int, str, tensor } from "../../server/src/core/values";
import { analyzeFile } from "../../server/src/core/analysis";
import { parseTorchVersion } from "../../server/src/core/torchVersion";
import { followTorch } from "./followTorch";

interface Case {
  op: string;
  /** A shape; for einsum a list of shapes. */
  input: number[] | number[][];
  pattern: string;
  reduction: string | null;
  lengths: Record<string, number>;
  output?: number[];
  error?: string;
}

const ROOT = path.resolve(__dirname, "..", "..", "..");
const GOLDEN_DIR = path.join(fs.existsSync(path.join(ROOT, "test")) ? ROOT : path.resolve(__dirname, "..", ".."), "test", "golden");

function run(op: string, input: Value | Value[], pattern: string, reduction: string | null, lengths: Record<string, Value>): Value {
  const kwargs = new Map(Object.entries(lengths));
  const extra: Value[] = reduction === null ? [] : [str(reduction)];
  if (op === "Rearrange" || op === "Reduce") {
    const rule = op === "Rearrange" ? RearrangeLayer : ReduceLayer;
    const built = rule.construct(bind(op, rule.signature, { args: [str(pattern), ...extra], kwargs }));
    return rule.forward(built.config, { args: [input as Value], kwargs: new Map() });
  }
  const rule = functionRule(`einops.${op}`)!;
  if (Array.isArray(input)) return rule.call(bind(op, rule.signature, { args: [...input, str(pattern)], kwargs }));
  const call: CallArgs = { args: [input as Value, str(pattern), ...extra], kwargs };
  return rule.call(bind(op, rule.signature, call));
}

/** Python prints sets in hash order: compare their items sorted. */
const normalize = (m: string) => m.replace(/\{([^{}:]*)\}/g, (_, s: string) => `{${s.split(", ").sort().join(", ")}}`);

for (const name of ["einops.json", "einops-2.13.json"]) {
  const golden = JSON.parse(fs.readFileSync(path.join(GOLDEN_DIR, name), "utf8")) as { torch: string; cases: Case[] };
  const version = parseTorchVersion(golden.torch);
  if (!version) throw new Error(`${name}: PyTorch ${golden.torch} is not a followed version`);

  describe(`einops (golden, PyTorch ${golden.torch})`, () => {
    followTorch(version);
    for (const c of golden.cases) {
      it(`${c.op}(${JSON.stringify(c.input)}, "${c.pattern}"${c.reduction ? `, ${c.reduction}` : ""} ${JSON.stringify(c.lengths)})`, () => {
        const lengths = Object.fromEntries(Object.entries(c.lengths).map(([k, n]) => [k, int(n)]));
        let out: Value | undefined;
        let err: unknown;
        try {
          const input = c.op === "einsum" ? (c.input as number[][]).map((s) => tensor(s)) : tensor(c.input as number[]);
          out = run(c.op, input, c.pattern, c.reduction, lengths);
        } catch (e) {
          err = e;
        }
        if (c.output) {
          assert.ok(out && out.kind === "tensor", `expected ${JSON.stringify(c.output)}, got ${String(err)}`);
          assert.deepEqual(out.shape, c.output);
          return;
        }
        assert.ok(err instanceof ShapeError, `expected ${c.error}, got ${out ? JSON.stringify(out) : String(err)}`);
        // RuntimeError: torch.einsum's own (einops.einsum hands the tensors to it).
        const want = c.error!.replace(/^(EinopsError|ValueError|KeyError|RuntimeError): /, "");
        if (c.error!.startsWith("KeyError")) assert.match(err.message, new RegExp(`^KeyError: ${want}\\b`));
        else if (c.error!.startsWith("ValueError")) assert.equal(err.message, c.error);
        else assert.equal(normalize(err.message), normalize(want));
      });
    }
  });
}

describe("einops (symbolic dims and imports)", () => {
  const shape = (v: Value) => (v.kind === "tensor" ? v.shape!.map(formatDim) : v.kind);
  it("keeps symbolic dims and divides exactly", () => {
    const B = symbol("B");
    const x = tensor([B, 196, 8]);
    assert.deepEqual(shape(run("rearrange", x, "b (h w) c -> b c h w", null, { h: int(14) })), ["B", "8", "14", "14"]);
    assert.deepEqual(shape(run("rearrange", tensor([B, symbol("N")]), "b n -> (b n)", null, {})), ["B*N"]);
    assert.deepEqual(shape(run("repeat", tensor([1, 1, 8]), "() n d -> b n d", null, { b: int(B) })), ["B", "1", "8"]);
  });
  it("gives up when a symbolic axis may not divide", () => {
    assert.throws(() => run("rearrange", tensor([symbol("N"), 4]), "(h w) c -> h w c", null, { h: int(3) }), /cannot tell/);
  });
  it("resolves import einops / from einops import / einops.layers.torch", () => {
    const src = [
      "import torch",
      "import einops",
      "from einops import rearrange, repeat",
      "from einops.layers.torch import Rearrange, Reduce",
      "class M(torch.nn.Module):",
      "    def __init__(self):",
      "        super().__init__()",
      "        self.p = Rearrange('b c (h p1) (w p2) -> b (h w) (p1 p2 c)', p1=4, p2=4)",
      "        self.r = Reduce('b n d -> b d', 'mean')",
      "    def forward(self, x):",
      "        x = self.p(x)",
      "        y = einops.reduce(x, 'b n d -> b n', 'max')",
      "        z = repeat(y, 'b n -> b n k', k=3)",
      "        return self.r(rearrange(x, 'b n d -> b n d'))",
      "M()(torch.randn(2, 3, 16, 16))",
    ].join("\n");
    const a = analyzeFile("/tmp/einops_imports.py", src, {});
    const hints = new Map(a.hints.map((h) => [h.range.start.line + 1, JSON.stringify(h.values)]));
    assert.equal(hints.get(11), "[[2,16,48]]");
    assert.equal(hints.get(12), "[[2,16]]");
    assert.equal(hints.get(13), "[[2,16,3]]");
    const m = a.models[a.models.length - 1];
    assert.deepEqual(m.output, [2, 48]);
    assert.deepEqual(
      m.modules.map((r) => [r.path, r.type, r.params]),
      [
        ["", "M", 0],
        ["p", "Rearrange", 0],
        ["r", "Reduce", 0],
      ],
    );
  });
});
