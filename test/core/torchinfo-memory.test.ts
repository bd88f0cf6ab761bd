// torchinfo's footer figures (parameters, mult-adds, input / forward-backward / params bytes) for the
// torchvision zoo against real PyTorch 1.13 (test/golden/torchinfo-memory.json, made by
// scripts/golden/generate_torchinfo_memory.py): each figure is equal or unknown, never different.

import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { analyzeFile } from "../../server/src/core/analysis";
import { diskOptions } from "./diskOptions";
import type { TorchinfoSummary } from "../../server/src/core/api";

const ROOT = path.resolve(__dirname, "../../..");
const GOLDEN = path.join(ROOT, "test", "golden", "torchinfo-memory.json");

/** The torchvision package sources (scripts/torchvision-sources.sh's cache, or Debian's installed copy). */
function torchvisionDir(): string | undefined {
  const candidates = [process.env.SHAPELENS_TORCHVISION_DIR, "/usr/lib/python3/dist-packages/torchvision"];
  const cacheRoot = path.join(ROOT, ".cache", "torchvision", "root", "usr", "lib");
  if (fs.existsSync(cacheRoot))
    for (const py of fs.readdirSync(cacheRoot)) candidates.unshift(path.join(cacheRoot, py, "dist-packages", "torchvision"));
  return candidates.find((d) => d && fs.existsSync(path.join(d, "models", "resnet.py")));
}

const FIGURES = ["totalParams", "trainableParams", "totalMacs", "inputBytes", "forwardBackwardBytes", "paramBytes"] as const;
type Figure = (typeof FIGURES)[number];

interface GoldenModel extends Record<Figure, number> {
  name: string;
  file: string;
  model: string;
  input: number[];
}

/** Figures the engine states for the zoo at least (a ratchet: raise it when more become known). */
const MIN_KNOWN = 175;
/** The same for the models of test/realworld. */
const MIN_KNOWN_REALWORLD = 400;

interface RealworldModel extends Record<Figure, number> {
  file: string;
  model: string;
  input: number[][];
  /** The input holds token ids (int64): `shapelens --input` declares float32 inputs, as torchinfo's input_size. */
  long: boolean;
}

describe("torchinfo footer: test/realworld models against PyTorch 1.13 (torchinfo-memory.json)", function () {
  const golden = JSON.parse(fs.readFileSync(GOLDEN, "utf8")) as { realworld: RealworldModel[] };
  const dir = path.join(ROOT, "test", "realworld");
  const counts = { equal: 0, unknown: 0, wrong: 0 };
  const failures: string[] = [];
  it("every figure equals PyTorch's or is unknown", function () {
    for (const m of golden.realworld) {
      const file = path.join(dir, m.file);
      const a = analyzeFile(file, fs.readFileSync(file, "utf8"), {
        ...diskOptions(dir),
        model: m.model,
        inputs: m.input,
        torchVersion: "1.13",
      });
      const t: TorchinfoSummary | undefined = a.models[a.models.length - 1]?.torchinfo;
      for (const f of FIGURES) {
        if (f === "inputBytes" && m.long) continue;
        const v = t ? t[f] : null;
        if (v === null) counts.unknown++;
        else if (v === m[f]) counts.equal++;
        else {
          counts.wrong++;
          failures.push(`${m.file} ${m.model} ${f}: engine ${v}, PyTorch ${m[f]}`);
        }
      }
    }
    process.stdout.write(`      torchinfo figures (realworld): ${counts.equal} equal, ${counts.unknown} unknown, ${counts.wrong} wrong\n`);
    assert.deepEqual(failures, []);
    assert.ok(counts.equal >= MIN_KNOWN_REALWORLD, `only ${counts.equal} figures known (ratchet ${MIN_KNOWN_REALWORLD})`);
  });
});

describe("torchinfo footer: torchvision zoo against PyTorch 1.13 (torchinfo-memory.json)", function () {
  const dir = torchvisionDir();
  const golden = JSON.parse(fs.readFileSync(GOLDEN, "utf8")) as { torch: string; models: GoldenModel[] };
  const counts = { equal: 0, unknown: 0, wrong: 0 };
  const failures: string[] = [];

  before(function () {
    if (!dir) this.skip();
  });

  for (const m of golden.models) {
    it(`${m.name}: every figure equals PyTorch's or is unknown`, function () {
      const file = path.join(dir!, m.file);
      const a = analyzeFile(file, fs.readFileSync(file, "utf8"), {
        ...diskOptions(path.dirname(dir!)),
        model: m.model,
        inputs: [m.input],
        torchVersion: "1.13",
      });
      const t: TorchinfoSummary | undefined = a.models[a.models.length - 1]?.torchinfo;
      for (const f of FIGURES) {
        const v = t ? t[f] : null;
        if (v === null) counts.unknown++;
        else if (v === m[f]) counts.equal++;
        else {
          counts.wrong++;
          failures.push(`${m.name} ${f}: engine ${v}, PyTorch ${m[f]}`);
        }
      }
      assert.deepEqual(
        failures.filter((x) => x.startsWith(`${m.name} `)),
        [],
      );
    });
  }

  after(function () {
    if (!dir) return;
    process.stdout.write(`      torchinfo figures: ${counts.equal} equal, ${counts.unknown} unknown, ${counts.wrong} wrong\n`);
    assert.equal(counts.wrong, 0, failures.join("\n"));
    assert.ok(counts.equal >= MIN_KNOWN, `only ${counts.equal} figures known (ratchet ${MIN_KNOWN})`);
  });
});
