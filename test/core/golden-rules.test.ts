// Replays the golden cases recorded from real PyTorch (test/golden/layers.json from 1.13,
// layers-2.13.json from 2.13) through the registered shape rules, each file following its own
// version: every output shape, parameter count and raised error (and its diagnostic code) must agree.
// Cases the engine cannot decide (Unknown) or ops without a rule are counted, not failed; error
// messages worded as that PyTorch words them are counted in the coverage ratchet. The after() hook
// prints one summary line per file (GOLDEN_TABLE=1 also prints the per-op table and the unknown cases;
// GOLDEN_FILE=path replays another file, e.g. a held-out set made with GOLDEN_SEED; GOLDEN_MESSAGES=1
// lists the errors the engine words differently from PyTorch).

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

import { ShapeError, Unknown } from "../../server/src/core/errors";
import { bind } from "../../server/src/core/ops/args";
import { functionRule, layerRule } from "../../server/src/core/ops/index";
import { parseTorchVersion, withTorchVersion } from "../../server/src/core/torchVersion";
import { Counts, checkRatchet, suiteName } from "./ratchet";
import { CallArgs, ELLIPSIS, NONE, Value, bool, float, int, list, str, tensor, tuple } from "../../server/src/core/values";
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
  agree: number;
  /** Agreeing errors whose message is PyTorch's own (first line), and those worded otherwise. */
  sameMessage: number;
  otherMessage: number;
  fail: number;
  unknown: number;
  unsupported: number;
  failures: string[];
  unknowns: string[];
}

const GOLDEN_DIR = path.resolve(__dirname, "../../../test/golden");
const GOLDEN_FILES = process.env.GOLDEN_FILE
  ? [process.env.GOLDEN_FILE]
  : [path.join(GOLDEN_DIR, "layers.json"), path.join(GOLDEN_DIR, "layers-2.13.json")];

/** Errors whose message the engine words exactly as PyTorch does, per recorded version (ratchet). */
const MESSAGE_FLOOR: Record<string, number> = { "1.13": 906, "2": 953 };

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
  sameMessage?: boolean;
}

/** PyTorch's message, first line, as the engine words it (without the exception type). */
function sameMessage(engine: string, c: GoldenCase): boolean {
  const want = (c.expect.message ?? "").split("\n")[0];
  return engine.split("\n")[0] === want;
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
        const same = sameMessage(e.message, c);
        if (!same && process.env.GOLDEN_MESSAGES)
          process.stdout.write(
            `  message ${c.id}: PyTorch "${(c.expect.message ?? "").split("\n")[0]}"\n           engine  "${e.message.trim()}"\n`,
          );
        return { verdict: "agree", sameMessage: same };
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

for (const file of GOLDEN_FILES) replayFile(file);

function replayFile(file: string): void {
  const golden: GoldenFile = JSON.parse(fs.readFileSync(file, "utf8")) as GoldenFile;
  const version = parseTorchVersion(golden.torch);
  if (!version) throw new Error(`${file}: PyTorch ${golden.torch} is not a followed version`);
  const byName = new Map<string, GoldenCase[]>();
  for (const c of golden.cases) {
    const group = byName.get(c.name) ?? [];
    group.push(c);
    byName.set(c.name, group);
  }
  const tallies = new Map<string, Tally>();

  describe(`golden rules (PyTorch ${golden.torch}, ${path.basename(file)}, ${golden.cases.length} cases)`, () => {
    for (const [name, group] of byName) {
      it(`${name} agrees with PyTorch (${group.length} cases)`, function () {
        const t: Tally = { agree: 0, sameMessage: 0, otherMessage: 0, fail: 0, unknown: 0, unsupported: 0, failures: [], unknowns: [] };
        tallies.set(name, t);
        for (const c of group) {
          const o = withTorchVersion(version, () => runCase(c));
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
      const problems = [
        ...checkRatchet(suiteName("golden-rules", version), counts),
        ...checkRatchet(suiteName("golden-rules-error-messages", version), messages),
      ];
      assert.equal(problems.length, 0, `coverage went down:\n  ${problems.join("\n  ")}`);
    });

    after(() => {
      const sum = { agree: 0, sameMessage: 0, fail: 0, unknown: 0, unsupported: 0 };
      for (const t of tallies.values()) {
        sum.agree += t.agree;
        sum.sameMessage += t.sameMessage;
        sum.fail += t.fail;
        sum.unknown += t.unknown;
        sum.unsupported += t.unsupported;
      }
      if (process.env.GOLDEN_TABLE) {
        const rows = [...tallies].map(
          ([n, t]) =>
            `${n.padEnd(24)} agree ${String(t.agree).padStart(4)}  fail ${String(t.fail).padStart(3)}  unknown ${String(t.unknown).padStart(4)}  unsupported ${String(t.unsupported).padStart(4)}`,
        );
        const unknowns = [...tallies.values()].flatMap((t) => t.unknowns.map((u) => `  unknown: ${u}`));
        process.stdout.write([...rows, ...unknowns].join("\n") + "\n");
      }
      const errors = golden.cases.filter((c) => c.expect.error !== undefined).length;
      process.stdout.write(
        `golden (PyTorch ${golden.torch}): ${golden.cases.length} cases — ${sum.agree} agree, ${sum.fail} disagree, ${sum.unknown} unknown, ${sum.unsupported} unsupported; ${sum.sameMessage} of ${errors} error messages worded as PyTorch's\n`,
      );
      if (!process.env.GOLDEN_FILE && tallies.size === byName.size) {
        assert.ok(
          sum.sameMessage >= MESSAGE_FLOOR[version],
          `only ${sum.sameMessage} error messages worded as PyTorch ${golden.torch}'s (floor ${MESSAGE_FLOOR[version]})`,
        );
      }
    });
  });
}
