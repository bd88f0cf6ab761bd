// Issue 10, the CLI as a hostile workspace meets it: check skips pipes, device links, symlinks out
// of the folder and unreadable entries with a message and checks the rest; exit codes for bad usage;
// huge --input dims refused; memory flat in the number of files checked.

import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.resolve(__dirname, "../../..");
const cli = path.join(root, "dist/cli.js");

function run(args: string[], cwd?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", cwd, timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const MODEL = [
  "import torch",
  "import torch.nn as nn",
  "class M(nn.Module):",
  "    # shape: x = (1, 3)",
  "    def forward(self, x):",
  "        y = x + 1",
  "        return y",
  "",
].join("\n");

describe("CLI safety", function () {
  this.timeout(120000);
  let dir: string;
  before(function () {
    if (process.platform === "win32") this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "shapelens-cli-"));
    fs.mkdirSync(path.join(dir, "proj", "sub"), { recursive: true });
    fs.writeFileSync(path.join(dir, "proj", "a.py"), MODEL);
    fs.writeFileSync(path.join(dir, "proj", "sub", "b.py"), MODEL);
    fs.writeFileSync(path.join(dir, "secret.py"), "X = 1\n");
    fs.symlinkSync("/dev/zero", path.join(dir, "proj", "zero.py"));
    fs.symlinkSync(path.join(dir, "secret.py"), path.join(dir, "proj", "out.py"));
    fs.symlinkSync(dir, path.join(dir, "proj", "loop"));
    try {
      execFileSync("mkfifo", [path.join(dir, "proj", "pipe.py")]);
    } catch {
      // no mkfifo on this system
    }
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("check skips a pipe, a /dev/zero link and a symlink out of the folder, and checks the rest", () => {
    const r = run(["check", path.join(dir, "proj"), "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { files: { path: string }[]; skipped: { path: string; reason: string }[] };
    assert.deepEqual(out.files.map((f) => path.basename(f.path)).sort(), ["a.py", "b.py"]);
    const skipped = out.skipped.map((s) => path.basename(s.path)).sort();
    assert.ok(skipped.includes("zero.py") && skipped.includes("out.py"), skipped.join(", "));
    if (fs.existsSync(path.join(dir, "proj", "pipe.py"))) assert.ok(skipped.includes("pipe.py"));
    assert.match(r.stderr, /zero\.py: skipped/);
  });

  it("check names a path it cannot read with a message and exit 2, not a stack trace", () => {
    const r = run(["check", path.join(dir, "nope")]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no such file or directory/);
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
  });

  it("hints on a pipe or a device link is refused with exit 2, without blocking", function () {
    if (!fs.existsSync(path.join(dir, "proj", "pipe.py"))) this.skip();
    const pipe = run(["hints", path.join(dir, "proj", "pipe.py")]);
    assert.equal(pipe.code, 2);
    assert.match(pipe.stderr, /not a regular file/);
    const zero = run(["hints", path.join(dir, "proj", "zero.py")]);
    assert.equal(zero.code, 2);
  });

  it("an unreadable file is a message and exit 2", function () {
    if (process.getuid?.() === 0) this.skip();
    const f = path.join(dir, "locked.py");
    fs.writeFileSync(f, MODEL);
    fs.chmodSync(f, 0);
    const r = run(["hints", f]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /permission denied|cannot be read/);
  });

  it("no arguments: usage and exit 2; --help: usage and exit 0", () => {
    const none = run([]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /Usage:/);
    assert.equal(run(["--help"]).code, 0);
  });

  it('hints --model "Nope()" is an error with exit 2', () => {
    const r = run(["hints", path.join(dir, "proj", "a.py"), "--model", "Nope()"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Nope\(\)/);
  });

  it("--input dims past 2^53 are refused, never printed as 1e+23", () => {
    const r = run(["hints", path.join(dir, "proj", "a.py"), "--input", "99999999999999999999999"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /too large/);
    assert.doesNotMatch(r.stdout, /e\+/);
  });

  it("check's memory stays flat in the number of files that import the same large module", () => {
    const ws = path.join(dir, "mem");
    fs.mkdirSync(ws);
    fs.writeFileSync(path.join(ws, "setup.py"), "");
    const defs = Array.from({ length: 800 }, (_, i) => `def f${i}(x, y=(${i}, ${i} + 1)):\n    return [x, y, {"k": ${i}}]`);
    fs.writeFileSync(path.join(ws, "big_lib.py"), `${defs.join("\n")}\n`);
    for (let i = 0; i < 48; i++) fs.writeFileSync(path.join(ws, `m${i}.py`), `from big_lib import f1\nX = f1(${i})\n`);
    const probe = path.join(dir, "rss.js");
    fs.writeFileSync(
      probe,
      `const { main } = require(${JSON.stringify(cli)});\nprocess.stdout.write = () => true;\nmain(["check", ...process.argv.slice(2)]);\nprocess.stderr.write(String(process.resourceUsage().maxRSS));\n`,
    );
    const rss = (n: number) => {
      const files = Array.from({ length: n }, (_, i) => path.join(ws, `m${i}.py`));
      return Number(spawnSync(process.execPath, [probe, ...files], { encoding: "utf8" }).stderr);
    };
    const few = rss(12);
    const many = rss(48);
    assert.ok(many < few * 1.5, `max RSS ${few} KB for 12 files, ${many} KB for 48 (it used to grow ~7 MB a file)`);
  });
});
