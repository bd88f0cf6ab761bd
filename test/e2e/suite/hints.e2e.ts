// Inlay hints in a real editor: the CNN fixture shows the shapes PyTorch computes, and editing the
// input declaration or a layer's stride changes the hints downstream of the edit.
import * as assert from "node:assert/strict";
import type * as vscode from "vscode";
import { hints, lineOf, open, poll, replace, screenshot, setText, errors, codeOf, type Hint } from "./helpers";

/** Hints on the given 0-based-line texts, as "line text → label" pairs for readable failures. */
function byLine(doc: vscode.TextDocument, got: Hint[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const h of got) (out[doc.lineAt(h.line).text.trim()] ??= []).push(h.label);
  return out;
}

const FORWARD = {
  "x = F.relu(self.conv1(x))": ["[N, 16, 32, 32]"],
  "x = self.pool(x)": ["[N, 16, 16, 16]"],
  "x = F.relu(self.conv2(x))": ["[N, 32, 8, 8]"],
  "x = self.pool(F.relu(self.conv3(x)))": ["[N, 64, 4, 4]"],
  "x = torch.flatten(x, 1)": ["[N, 1024]"],
  "x = self.fc(x)": ["[N, 10]"],
};

const INIT = {
  "self.conv1 = nn.Conv2d(3, 16, kernel_size=3, stride=1, padding=1)": ["→ [N, 16, 32, 32]"],
  "self.pool = nn.MaxPool2d(2)": ["→ [N, 16, 16, 16] (+1 more)"],
  "self.conv2 = nn.Conv2d(16, 32, kernel_size=3, stride=2, padding=1)": ["→ [N, 32, 8, 8]"],
  "self.conv3 = nn.Conv2d(32, 64, kernel_size=3, padding=1)": ["→ [N, 64, 8, 8]"],
  "self.fc = nn.Linear(64 * 4 * 4, num_classes)": ["→ [N, 10]"],
};

describe("inlay hints", () => {
  let editor: vscode.TextEditor;
  let original: string;

  before(async () => {
    editor = await open("cnn.py");
    original = editor.document.getText();
  });

  afterEach(async () => {
    if (editor.document.getText() !== original) await setText(editor.document, original);
  });

  it("shows the shapes of the CNN's forward and __init__", async () => {
    const doc = editor.document;
    const got = await poll(
      "hints of cnn.py",
      () => hints(doc),
      (h) => h.length >= 11,
    );
    assert.deepEqual(byLine(doc, got), { ...INIT, ...FORWARD });
    await screenshot("hints");
  });

  it("follows an edit of the input declaration", async () => {
    const doc = editor.document;
    await poll(
      "hints of cnn.py",
      () => hints(doc),
      (h) => h.length >= 11,
    );
    await replace(doc, "x = (N, 3, 32, 32)", "x = (8, 3, 64, 64)");
    const got = await poll(
      "hints after the input edit",
      () => hints(doc),
      (h) => h.some((x) => x.label === "[8, 16, 64, 64]"),
    );
    const forward = byLine(doc, got);
    assert.deepEqual(forward["x = F.relu(self.conv1(x))"], ["[8, 16, 64, 64]"]);
    assert.deepEqual(forward["x = self.pool(x)"], ["[8, 16, 32, 32]"]);
    assert.deepEqual(forward["x = F.relu(self.conv2(x))"], ["[8, 32, 16, 16]"]);
    assert.deepEqual(forward["x = self.pool(F.relu(self.conv3(x)))"], ["[8, 64, 8, 8]"]);
    assert.deepEqual(forward["x = torch.flatten(x, 1)"], ["[8, 4096]"]);
    // fc now receives 4096 features where it expects 1024: no hint, an error instead.
    assert.equal(forward["x = self.fc(x)"], undefined);
    const fcLine = lineOf(doc, "x = self.fc(x)");
    const errs = await poll(
      "linear-in-features error",
      () => errors(doc.uri),
      (d) => d.some((e) => e.range.start.line === fcLine),
    );
    const fcErr = errs.find((e) => e.range.start.line === fcLine);
    assert.equal(codeOf(fcErr!), "linear-in-features");
    assert.match(fcErr!.message, /8x4096 and 1024x10/);
  });

  it("changes every hint downstream of a stride edit", async () => {
    const doc = editor.document;
    const before = await poll(
      "hints of cnn.py",
      () => hints(doc),
      (h) => h.length >= 11,
    );
    await replace(doc, "stride=2, padding=1", "stride=1, padding=1");
    const got = await poll(
      "hints after the stride edit",
      () => hints(doc),
      (h) => h.some((x) => x.label === "[N, 32, 16, 16]"),
    );
    const was = byLine(doc, before);
    const now = byLine(doc, got);
    // Upstream of conv2: unchanged.
    assert.deepEqual(now["x = F.relu(self.conv1(x))"], was["x = F.relu(self.conv1(x))"]);
    assert.deepEqual(now["x = self.pool(x)"], was["x = self.pool(x)"]);
    // Downstream: every hint changes (fc's disappears: its input no longer matches).
    assert.deepEqual(now["x = F.relu(self.conv2(x))"], ["[N, 32, 16, 16]"]);
    assert.deepEqual(now["x = self.pool(F.relu(self.conv3(x)))"], ["[N, 64, 8, 8]"]);
    assert.deepEqual(now["x = torch.flatten(x, 1)"], ["[N, 4096]"]);
    assert.equal(now["x = self.fc(x)"], undefined);
    assert.deepEqual(now["self.conv2 = nn.Conv2d(16, 32, kernel_size=3, stride=1, padding=1)"], ["→ [N, 32, 16, 16]"]);
    assert.deepEqual(now["self.conv3 = nn.Conv2d(32, 64, kernel_size=3, padding=1)"], ["→ [N, 64, 16, 16]"]);
  });

  it("shows the example ResNet-18's stage shapes", async () => {
    const e = await open("resnet18.py");
    const doc = e.document;
    const got = await poll(
      "hints of resnet18.py",
      () => hints(doc),
      (h) => h.some((x) => x.label === "[256, 1]"),
    );
    const forward = got.filter((h) => h.line >= lineOf(doc, "x = self.conv1(x)")).map((h) => h.label);
    assert.deepEqual(forward.slice(0, 11), [
      "[256, 64, 100, 100]",
      "[256, 64, 100, 100]",
      "[256, 64, 100, 100]",
      "[256, 64, 50, 50]",
      "[256, 64, 50, 50]",
      "[256, 128, 25, 25]",
      "[256, 256, 13, 13]",
      "[256, 512, 7, 7]",
      "[256, 512, 1, 1]",
      "[256, 512]",
      "[256, 1]",
    ]);
  });
});
