// Replays the golden cases recorded from real PyTorch 1.13 (test/golden/layers.json) through the
// registered shape rules: every output shape, parameter count and raised error must agree. Cases the
// engine cannot decide (Unknown) or ops without a rule are counted, not failed; the after() hook
// prints one summary line (GOLDEN_TABLE=1 also prints the per-op table and the unknown cases;
// GOLDEN_FILE=path replays another file, e.g. a held-out set made with GOLDEN_SEED; GOLDEN_MESSAGES=1
// lists the errors the engine words differently from PyTorch).

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

import { ShapeError, Unknown } from "../../server/src/core/errors";
import { bind } from "../../server/src/core/ops/args";
import { functionRule, layerRule } from "../../server/src/core/ops/index";
import { CallArgs, ELLIPSIS, NONE, Value, bool, float, int, list, str, tensor, tuple } from "../../server/src/core/values";
import { Counts, checkRatchet } from "./ratchet";
import { CODES_FOR_ERROR } from "./goldenCompare";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface GoldenCase {
  id: string;
  kind: "layer" | "function";
  name: string;
  args: Json[];
  kwargs: Record<string, Json>;
  callArgs?: Json[];
  callKwargs?: Record<string, Json>;
  source: string;
  inputs: Record<string, number[]>;
  expect: { output?: Json; params?: number; error?: string; message?: string };
}

interface GoldenFile {
  generator: string;
  torch: string;
  cases: GoldenCase[];
}

type Verdict = "agree" | "fail" | "unknown" | "unsupported";

interface Tally {
  /** Expected errors raised with PyTorch's message word for word, and with another wording. */
  sameMessage: number;
  otherMessage: number;
  agree: number;
  fail: number;
  unknown: number;
  unsupported: number;
  failures: string[];
  unknowns: string[];
}

const GOLDEN = process.env.GOLDEN_FILE ?? path.resolve(__dirname, "../../../test/golden/layers.json");

/** Decodes the README's JSON value encoding into an engine value. */
export function decode(j: Json): Value {
  if (j === null) return NONE;
  if (typeof j === "boolean") return bool(j);
  if (typeof j === "number") return int(j);
  if (typeof j === "string") return str(j);
  if (Array.isArray(j)) return list(j.map(decode));
  if ("float" in j) return float(j.float as number);
  if ("tuple" in j) return tuple((j.tuple as Json[]).map(decode));
  if ("size" in j) return { kind: "tuple", items: (j.size as number[]).map((n) => int(n)), isSize: true };
  if ("tensor" in j) {
    const dtype = typeof j.dtype === "string" ? j.dtype : undefined;
    return tensor(j.tensor as number[], dtype ? { dtype } : undefined);
  }
  if ("slice" in j) {
    const [start, stop, step] = (j.slice as Json[]).map(decode);
    return { kind: "slice", start, stop, step };
  }
  if ("ellipsis" in j) return ELLIPSIS;
  throw new Error(`cannot decode golden value ${JSON.stringify(j)}`);
}

function decodeKwargs(kw: Record<string, Json> | undefined): Map<string, Value> {
  return new Map(Object.entries(kw ?? {}).map(([k, v]) => [k, decode(v)]));
}

/**
 * Encodes an engine output back into the golden encoding, or returns "unknown" when any part of it
 * is not determined (unknown values, unknown ranks, symbolic dims, variadic leads).
 */
function encode(v: Value): Json | "unknown" {
  switch (v.kind) {
    case "int":
      return typeof v.v === "number" ? v.v : "unknown";
    case "bool":
      return v.v;
    case "float":
      return { float: v.v };
    case "none":
      return null;
    case "str":
      return v.v;
    case "tensor": {
      if (!v.shape || v.lead) return "unknown";
      const dims: number[] = [];
      for (const d of v.shape) {
        if (typeof d !== "number") return "unknown";
        dims.push(d);
      }
      return { tensor: dims };
    }
    case "tuple":
    case "list": {
      const items: Json[] = [];
      for (const it of v.items) {
        const e = encode(it);
        if (e === "unknown") return "unknown";
        items.push(e);
      }
      return v.kind === "list" ? items : { tuple: items };
    }
    default:
      return "unknown";
  }
}

/** torch.Size compares equal to the tuple of its ints (the engine may or may not mark isSize). */
function normalise(j: Json): Json {
  if (j === null || typeof j !== "object") return j;
  if (Array.isArray(j)) return j.map(normalise);
  if ("size" in j) return { tuple: j.size };
  if ("tuple" in j) return { tuple: (j.tuple as Json[]).map(normalise) };
  return j;
}

function show(j: Json | undefined): string {
  return j === undefined ? "-" : JSON.stringify(j);
}

interface Outcome {
  verdict: Verdict;
  detail?: string;
  /** For an expected error the engine raised: whether its message is PyTorch's (first line) word for word. */
  sameMessage?: boolean;
}

/** PyTorch's message as the engine would word it: the first line, without trailing blanks. */
function torchMessage(c: GoldenCase): string {
  return (c.expect.message ?? "").split("\n")[0].trim();
}

function runCase(c: GoldenCase): Outcome {
  const expectError = c.expect.error !== undefined;
  const expected = expectError ? `${c.expect.error}: ${(c.expect.message ?? "").split("\n")[0]}` : show(c.expect.output);
  let output: Value;
  let params: number | null = null;
  try {
    const args: CallArgs = { args: c.args.map(decode), kwargs: decodeKwargs(c.kwargs) };
    if (c.kind === "layer") {
      const rule = layerRule(c.name);
      if (!rule) return { verdict: "unsupported" };
      const built = rule.construct(bind(c.name, rule.signature, args));
      params = built.params;
      output = rule.forward(built.config, { args: (c.callArgs ?? []).map(decode), kwargs: decodeKwargs(c.callKwargs) });
    } else {
      const rule = functionRule(c.name);
      if (!rule) return { verdict: "unsupported" };
      output = rule.call(bind(c.name, rule.signature, args));
    }
  } catch (e) {
    if (e instanceof Unknown) return { verdict: "unknown", detail: e.reason };
    if (e instanceof ShapeError) {
      if (expectError) {
        const allowed = CODES_FOR_ERROR[c.expect.error ?? ""];
        if (allowed && !allowed.includes(e.code))
          return {
            verdict: "fail",
            detail: `expected ${expected}, got the code ${e.code} (${e.message}), not one of ${allowed.join(", ")}`,
          };
        const sameMessage = e.message.split("\n")[0].trim() === torchMessage(c);
        if (!sameMessage && process.env.GOLDEN_MESSAGES)
          process.stdout.write(`  message ${c.id}: PyTorch "${torchMessage(c)}"\n           engine  "${e.message.trim()}"\n`);
        return { verdict: "agree", sameMessage };
      }
      return { verdict: "fail", detail: `expected ${expected}, got ShapeError(${e.code}): ${e.message}` };
    }
    const msg = e instanceof Error ? (e.stack ?? e.message).split("\n").slice(0, 3).join(" | ") : String(e);
    return { verdict: "fail", detail: `expected ${expected}, engine crashed: ${msg}` };
  }
  const got = encode(output);
  if (got === "unknown") return { verdict: "unknown", detail: "output not fully known" };
  if (expectError) return { verdict: "fail", detail: `expected ${expected}, got success ${show(got)}` };
  const want = c.expect.output as Json;
  if (JSON.stringify(normalise(got)) !== JSON.stringify(normalise(want))) {
    return { verdict: "fail", detail: `expected ${show(want)}, got ${show(got)}` };
  }
  if (c.kind === "layer" && params !== null && c.expect.params !== undefined && params !== c.expect.params) {
    return { verdict: "fail", detail: `params: expected ${c.expect.params}, got ${params}` };
  }
  return { verdict: "agree" };
}

const golden: GoldenFile = JSON.parse(fs.readFileSync(GOLDEN, "utf8")) as GoldenFile;
const byName = new Map<string, GoldenCase[]>();
for (const c of golden.cases) {
  const group = byName.get(c.name) ?? [];
  group.push(c);
  byName.set(c.name, group);
}
const tallies = new Map<string, Tally>();

describe(`golden rules (PyTorch ${golden.torch}, ${golden.cases.length} cases)`, () => {
  for (const [name, group] of byName) {
    it(`${name} agrees with PyTorch (${group.length} cases)`, function () {
      const t: Tally = { sameMessage: 0, otherMessage: 0, agree: 0, fail: 0, unknown: 0, unsupported: 0, failures: [], unknowns: [] };
      tallies.set(name, t);
      for (const c of group) {
        const o = runCase(c);
        t[o.verdict]++;
        if (o.sameMessage === true) t.sameMessage++;
        if (o.sameMessage === false) t.otherMessage++;
        if (o.verdict === "fail") t.failures.push(`${c.id}  ${c.source}\n      ${o.detail}`);
        if (o.verdict === "unknown") t.unknowns.push(`${c.id}  ${c.source}  (${o.detail ?? ""})`);
      }
      if (t.unsupported === group.length) this.skip();
      const shown = t.failures.slice(0, 40).join("\n    ");
      const more = t.failures.length > 40 ? `\n    ... and ${t.failures.length - 40} more` : "";
      assert.equal(t.fail, 0, `${t.fail} of ${group.length} ${name} cases disagree with PyTorch:\n    ${shown}${more}`);
    });
  }

  it("coverage only goes up (test/golden/coverage.json): agreements, and errors worded like PyTorch", function () {
    if (process.env.GOLDEN_FILE) this.skip();
    const counts = new Map<string, Counts>();
    const messages = new Map<string, Counts>();
    for (const [n, t] of tallies) {
      counts.set(n, { right: t.agree, unknown: t.unknown + t.unsupported });
      if (t.sameMessage + t.otherMessage) messages.set(n, { right: t.sameMessage, unknown: t.otherMessage });
    }
    const problems = [...checkRatchet("golden-rules", counts), ...checkRatchet("golden-rules-error-messages", messages)];
    assert.equal(problems.length, 0, `coverage went down:\n  ${problems.join("\n  ")}`);
  });

  after(() => {
    const sum = { agree: 0, fail: 0, unknown: 0, unsupported: 0, sameMessage: 0, otherMessage: 0 };
    for (const t of tallies.values()) {
      sum.agree += t.agree;
      sum.fail += t.fail;
      sum.unknown += t.unknown;
      sum.unsupported += t.unsupported;
      sum.sameMessage += t.sameMessage;
      sum.otherMessage += t.otherMessage;
    }
    if (process.env.GOLDEN_TABLE) {
      const rows = [...tallies].map(
        ([n, t]) =>
          `${n.padEnd(24)} agree ${String(t.agree).padStart(4)}  fail ${String(t.fail).padStart(3)}  unknown ${String(t.unknown).padStart(4)}  unsupported ${String(t.unsupported).padStart(4)}`,
      );
      const unknowns = [...tallies.values()].flatMap((t) => t.unknowns.map((u) => `  unknown: ${u}`));
      process.stdout.write([...rows, ...unknowns].join("\n") + "\n");
    }
    process.stdout.write(
      `golden: ${golden.cases.length} cases — ${sum.agree} agree, ${sum.fail} disagree, ${sum.unknown} unknown, ${sum.unsupported} unsupported; ` +
        `errors with PyTorch's message: ${sum.sameMessage}, worded otherwise: ${sum.otherMessage}\n`,
    );
  });
});
