// The CLI for CI and shells: check --format sarif (validated against the SARIF 2.1.0 JSON schema with
// ajv) / github / json, --version, per-command --help, and errors that say what to do.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import Ajv from "ajv-draft-04";

const root = path.resolve(__dirname, "../../..");
const cli = path.join(root, "dist/cli.js");
const SCHEMA = path.join(root, "test", "fixtures", "sarif", "sarif-schema-2.1.0.json");

function run(args: string[], cwd = root): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", cwd });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const BROKEN = `import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)

    # shape: x = (1, 4, 16, 16)
    def forward(self, x):
        return self.conv(x)
`;

describe("CLI: check --format, --version, --help", () => {
  let dir = "";
  let file = "";
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "shapelens-formats-"));
    file = path.join(dir, "broken.py");
    fs.writeFileSync(file, BROKEN);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("--format sarif is a SARIF 2.1.0 log valid against its schema, with a rule (and help) per code", () => {
    const r = run(["check", "broken.py", "--format", "sarif"], dir);
    assert.equal(r.code, 1);
    const log = JSON.parse(r.out) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string; help: { text: string } }[] } };
        results: {
          ruleId: string;
          ruleIndex: number;
          level: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
        }[];
      }[];
    };
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, "utf8")));
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 1));
    assert.equal(log.version, "2.1.0");
    const run0 = log.runs[0];
    assert.ok(run0.tool.driver.rules.length >= 18);
    for (const rule of run0.tool.driver.rules) assert.ok(rule.help.text.length > 20, rule.id);
    const result = run0.results.find((x) => x.ruleId === "channel-mismatch")!;
    assert.ok(result);
    assert.equal(result.level, "error");
    assert.equal(run0.tool.driver.rules[result.ruleIndex].id, "channel-mismatch");
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, "broken.py");
    assert.equal(result.locations[0].physicalLocation.region.startLine, 12);
  });

  it("--format github prints workflow-command annotations", () => {
    const r = run(["check", "broken.py", "--format", "github"], dir);
    assert.equal(r.code, 1);
    const line = r.out.split("\n").find((l) => l.startsWith("::error "));
    assert.ok(line, r.out);
    assert.match(line!, /^::error file=broken\.py,line=12,endLine=12,col=\d+,endColumn=\d+,title=Shape Lens channel-mismatch::.+/);
    assert.ok(!line!.split("::")[2].includes("\n"));
  });

  it("--format json is --json", () => {
    assert.equal(run(["check", "broken.py", "--format", "json"], dir).out, run(["check", "broken.py", "--json"], dir).out);
  });

  it("--version, --help and COMMAND --help print on stdout and exit 0", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string };
    assert.deepEqual(run(["--version"]), { code: 0, out: `shapelens ${pkg.version}\n`, err: "" });
    const help = run(["--help"]);
    assert.equal(help.code, 0);
    assert.match(help.out, /^Usage:/);
    for (const cmd of ["hints", "check", "summary"]) {
      const h = run([cmd, "--help"]);
      assert.equal(h.code, 0);
      assert.match(h.out, new RegExp(`^Usage: shapelens ${cmd} `));
    }
    assert.match(run(["summary", "--help"]).out, /--columns COLS/);
    assert.match(run(["check", "-h"]).out, /--format FORMAT/);
  });

  it("usage errors name the problem and the help to read, exit 2", () => {
    const bad = run(["summary", "x.py", "--depth", "deep"]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /^shapelens: --depth: "deep" is not a depth/);
    assert.match(bad.err, /shapelens summary --help/);
    const col = run(["summary", "x.py", "--columns", "output_size,flops"]);
    assert.equal(col.code, 2);
    assert.match(col.err, /--columns: "flops" is not a column \(use input_size, output_size/);
    assert.equal(run(["check", "x.py", "--format", "xml"]).code, 2);
    assert.equal(run(["hints", "x.py", "--format", "sarif"]).code, 2);
  });
});
