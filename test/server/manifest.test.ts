// The marketplace manifest: icon, banner, repository, licence, changelog; the Get Started walkthrough
// (each step an image inside the .vsix and a button whose command exists); the README's images are
// packaged; `npm run package` needs no --allow-missing-repository / --skip-license.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.resolve(__dirname, "../../..");

interface Step {
  id: string;
  description: string;
  media: { image?: string; markdown?: string; altText?: string };
}

interface Manifest {
  icon: string;
  galleryBanner: { color: string; theme: string };
  repository: { url: string };
  keywords: string[];
  scripts: Record<string, string>;
  contributes: { commands: { command: string }[]; walkthroughs: { id: string; steps: Step[] }[] };
}

const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as Manifest;
const allowList = fs
  .readFileSync(path.join(root, ".vscodeignore"), "utf8")
  .split("\n")
  .filter((l) => l.startsWith("!"))
  .map((l) => l.slice(1));

/** Whether a file is re-included by .vscodeignore's allow-list (exact paths and `dir/*.ext` patterns). */
function packaged(file: string): boolean {
  return allowList.some(
    (p) => p === file || (p.includes("*") && new RegExp(`^${p.replace(/\./g, "\\.").replace(/\*/g, "[^/]*")}$`).test(file)),
  );
}

function pngSize(file: string): { width: number; height: number } {
  const b = fs.readFileSync(path.join(root, file));
  assert.equal(b.subarray(1, 4).toString("latin1"), "PNG", `${file} is not a PNG`);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe("marketplace manifest and Get Started walkthrough", () => {
  it("icon (PNG, at least 128 px), banner, repository, keywords, licence and changelog, all packaged", () => {
    const { width, height } = pngSize(pkg.icon);
    assert.ok(width >= 128 && width === height);
    assert.ok(packaged(pkg.icon));
    assert.match(pkg.galleryBanner.color, /^#[0-9a-f]{6}$/i);
    assert.match(pkg.repository.url, /^https:\/\//);
    assert.ok(pkg.keywords.length >= 5 && pkg.keywords.length <= 30);
    for (const f of ["LICENSE", "CHANGELOG.md", "README.md"]) {
      assert.ok(fs.existsSync(path.join(root, f)), f);
      assert.ok(packaged(f), f);
    }
    assert.doesNotMatch(pkg.scripts.package, /--allow-missing-repository|--skip-license/);
  });

  it("each walkthrough step has a packaged image and a button whose command is contributed or built in", () => {
    const ours = new Set(pkg.contributes.commands.map((c) => c.command));
    const [walkthrough] = pkg.contributes.walkthroughs;
    assert.deepEqual(
      walkthrough.steps.map((s) => s.id),
      ["declareInput", "seeHints", "hoverLayer", "computeShapes"],
    );
    for (const step of walkthrough.steps) {
      const image = step.media.image!;
      assert.ok(fs.existsSync(path.join(root, image)), image);
      assert.ok(packaged(image), `${image} is not in the .vsix`);
      pngSize(image);
      const buttons = [...step.description.matchAll(/\]\(command:([\w.]+)/g)].map((m) => m[1]);
      assert.equal(buttons.length, 1, step.id);
      const cmd = buttons[0];
      assert.ok(!cmd.startsWith("shapeLens.") || ours.has(cmd), `${step.id}: ${cmd} is not contributed`);
    }
  });

  it("the README's images are packaged (relative links resolve inside the .vsix)", () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    assert.ok(images.length >= 4);
    for (const img of images) {
      assert.ok(fs.existsSync(path.join(root, img)), img);
      assert.ok(packaged(img), `${img} is not in the .vsix`);
    }
  });
});
