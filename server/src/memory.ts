// Memory pacing for the long-running server. tree-sitter's trees, and the native cache entry it
// keeps for every node object handed to JavaScript, live in memory V8 does not count: seeing a small
// JS heap, the collector runs too rarely to free them, and over thousands of edits the process grew
// (56 -> 276 MB over 10,000 fuzzer edits). A full collection every few analyses keeps it flat.

import * as v8 from "node:v8";
import * as vm from "node:vm";
import { log } from "./logger";

/** Analyses between two full collections (typing runs one analysis every few hundred ms). */
const ANALYSES_PER_COLLECTION = 16;

function isCallable(v: unknown): v is () => void {
  return typeof v === "function";
}

/** The collector's entry point: `gc` when Node runs with --expose-gc, else exposed now; undefined if neither works. */
function findCollector(): (() => void) | undefined {
  const exposed: unknown = Reflect.get(globalThis, "gc");
  if (isCallable(exposed)) return exposed;
  try {
    v8.setFlagsFromString("--expose-gc");
    const gc: unknown = vm.runInNewContext("gc");
    return isCallable(gc) ? gc : undefined;
  } catch {
    return undefined;
  }
}

let collect: (() => void) | undefined | null = null;
let analysesSince = 0;

/** Called after each analysis: every ANALYSES_PER_COLLECTION analyses, a full collection frees the native trees no longer used. */
export function afterAnalysis(): void {
  if (++analysesSince < ANALYSES_PER_COLLECTION) return;
  analysesSince = 0;
  if (collect === null) {
    collect = findCollector();
    if (!collect) log.info("memory: no garbage collector entry point; native parse trees are freed at V8's own pace");
  }
  if (!collect) return;
  const t0 = Date.now();
  collect();
  log.debug(`memory: full collection in ${Date.now() - t0} ms, RSS ${Math.round(process.memoryUsage.rss() / 1048576)} MB`);
}
