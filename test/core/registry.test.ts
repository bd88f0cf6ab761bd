// The rule registry as a value: declarations are applied in order when it is built, value layers wrap
// the rule declared under their name, every other rule and layer is guarded (drops tensor values), and
// no declared rule object is patched. Rules declared after the first lookup are refused.

import * as assert from "node:assert/strict";
import "../../server/src/core/ops/index";
import { Declaration, FunctionRule, LayerRule, buildRegistry, registerFunction, ruleRegistry } from "../../server/src/core/ops/registry";
import { BoundArgs } from "../../server/src/core/ops/args";
import { TensorV, Value, tensor } from "../../server/src/core/values";

const withValues = (): TensorV => ({ ...tensor([2]), dtype: "int64", data: [1, 2], storage: { alive: true } });
const hasValues = (v: Value): boolean => v.kind === "tensor" && v.data !== undefined;
const args = (op: string, input: Value): BoundArgs => new BoundArgs(op, new Map([["input", input]]));

describe("rule registry (built as a value)", () => {
  it("layers values on the rule declared under a name; the rule's other names are guarded; nothing is patched", () => {
    const call = (): Value => withValues();
    const rule: FunctionRule = { names: ["t.a", "t.b"], signature: { params: [{ name: "input" }] }, call };
    const decls: Declaration[] = [
      { kind: "function", rule },
      { kind: "values", names: ["t.a"], extraKw: [], compute: (_b, out) => out },
    ];
    const reg = buildRegistry(decls);
    assert.equal(rule.call, call, "the declared rule is not patched");
    assert.ok(hasValues(reg.functionRule("t.a")!.call(args("t.a", tensor([2])))), "value-aware under t.a");
    assert.ok(!hasValues(reg.functionRule("t.b")!.call(args("t.b", tensor([2])))), "guarded under t.b: no values");
    assert.deepEqual(reg.allFunctionNames().sort(), ["t.a", "t.b"]);
  });

  it("guards layers: their inputs lose their values (they may work in place) and their outputs carry none", () => {
    const forward = (_config: number, c: { args: Value[] }): Value => c.args[0];
    const layer: LayerRule<number> = {
      name: "T",
      signature: { params: [] },
      construct: () => ({ params: 0, config: 1, attrs: {} }),
      forward,
    };
    const reg = buildRegistry([{ kind: "layer", rule: layer }]);
    const input = withValues();
    const out = reg.layerRule("T")!.forward(1, { args: [input], kwargs: new Map() });
    assert.ok(!hasValues(out) && !hasValues(input));
    assert.equal(layer.forward, forward, "the declared layer is not patched");
  });

  it("refuses a rule declared after the registry was built", () => {
    ruleRegistry();
    assert.throws(
      () => registerFunction({ names: ["t.late"], signature: { params: [] }, call: () => tensor([]) }),
      /after the rule registry was built/,
    );
  });
});
