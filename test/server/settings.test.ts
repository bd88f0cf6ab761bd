// Server tests: every setting package.json contributes is read by the server under the same name,
// with the same type and default; pull (workspace/configuration), push (didChangeConfiguration) and
// initializationOptions (Neovim/Helix) all work, and a change asks the client to refresh hints.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parseInputShapes } from "../../server/src/core/declarations";
import { SETTING_SPECS } from "../../server/src/settings";
import { ROOT, TestClient } from "./lspClient";

interface Contributed {
  type: string;
  default: unknown;
  enum?: string[];
}

const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  contributes: { configuration: { properties: Record<string, Contributed> } };
};
const contributed = pkg.contributes.configuration.properties;

function get(obj: unknown, key: string): unknown {
  return key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], obj);
}

function nested(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    const parts = key.split(".");
    let cur = out;
    for (const p of parts.slice(0, -1)) cur = (cur[p] ??= {}) as Record<string, unknown>;
    cur[parts[parts.length - 1]] = value;
  }
  return out;
}

/** A valid value different from the default, for each contributed setting. */
function nonDefault(key: string, spec: Contributed): unknown {
  if (spec.enum) return spec.enum.find((e) => e !== spec.default);
  if (spec.type === "boolean") return !spec.default;
  if (spec.type === "number") return (spec.default as number) + 7;
  if (key === "batchSymbol") return "B";
  if (key === "defaultInputShape") return "B, 3, 64, 64";
  return `${String(spec.default)}x`;
}

/** Polls the server's effective settings until `ok` holds. */
async function settingsWhere(client: TestClient, ok: (s: unknown) => boolean): Promise<unknown> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const s = await client.request<unknown>("shapeLens/settings", {});
    if (ok(s) || Date.now() > deadline) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const keys = Object.keys(contributed).map((k) => k.replace(/^shapeLens\./, ""));

describe("language server: settings", () => {
  let client: TestClient | undefined;
  afterEach(() => client?.kill());

  it("package.json contributes exactly the settings the server knows, with the same types and defaults", () => {
    assert.ok(Object.keys(contributed).every((k) => k.startsWith("shapeLens.")));
    const fromPkg = Object.entries(contributed).map(([k, v]) => ({
      key: k.slice("shapeLens.".length),
      type: v.type,
      default: v.default,
      enum: v.enum,
    }));
    const fromServer = SETTING_SPECS.map((s) => ({ key: s.key, type: s.type, default: s.default, enum: s.enum }));
    const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
    assert.deepEqual(fromServer.sort(byKey), fromPkg.sort(byKey));
  });

  it("parses shapeLens.defaultInputShape strictly: a malformed shape is no shape at all", () => {
    const shapes = (t: string) => {
      const r = parseInputShapes(t);
      return r.ok ? r.shapes : undefined;
    };
    assert.deepEqual(shapes("N, 3, 224, 224"), [["N", 3, 224, 224]]);
    assert.deepEqual(shapes("(1,3,32,32); [B, 10]"), [
      [1, 3, 32, 32],
      ["B", 10],
    ]);
    assert.deepEqual(shapes("(3,)"), [[3]]);
    for (const bad of ["", " ", ",", "3,,4", "3 x 4", "1.5, 2", "(-1, 3)"]) assert.equal(shapes(bad), undefined, bad);
  });

  it("the server reports the package.json defaults when the client sends nothing", async () => {
    client = await TestClient.start({ settings: {} });
    await client.until("configuration pulled", () => client!.configurationRequests.length > 0);
    const effective = await client.request<unknown>("shapeLens/settings", {});
    for (const key of keys) assert.deepEqual(get(effective, key), contributed[`shapeLens.${key}`].default, key);
  });

  it("reads every setting by its package.json name (pull model, as VS Code does it)", async () => {
    const values = nested(keys.map((k) => [k, nonDefault(k, contributed[`shapeLens.${k}`])]));
    client = await TestClient.start({ settings: values });
    await client.until("configuration pulled", () => client!.configurationRequests.length > 0);
    assert.deepEqual(client.configurationRequests[0], { items: [{ section: "shapeLens" }] });
    const got = await settingsWhere(client, (g) => get(g, "batchSymbol") === "B");
    for (const key of keys) {
      const expected = get(values, key);
      assert.deepEqual(get(got, key), expected, key);
      assert.equal(typeof get(got, key), contributed[`shapeLens.${key}`].type, key);
    }
  });

  it("falls back to the default for every ill-typed value", async () => {
    // batchSymbol carries a valid marker so that the test can tell when the settings were applied.
    const wrongKeys = keys.filter((k) => k !== "batchSymbol");
    const wrong = nested([
      ...wrongKeys.map((k): [string, unknown] => [k, contributed[`shapeLens.${k}`].type === "string" ? 42 : "yes"]),
      ["batchSymbol", "B"],
    ]);
    client = await TestClient.start({ settings: wrong });
    const got = await settingsWhere(client, (g) => get(g, "batchSymbol") === "B");
    assert.equal(get(got, "batchSymbol"), "B");
    for (const key of wrongKeys) assert.deepEqual(get(got, key), contributed[`shapeLens.${key}`].default, key);
    // Values of the right type but out of range fall back too.
    client.settings = { batchSymbol: "not a name", inlayHints: { maxLength: 2 }, trace: { server: "loud" } };
    await client.conn.sendNotification("workspace/didChangeConfiguration", { settings: null });
    const again = await settingsWhere(client, (g) => get(g, "batchSymbol") === "N");
    assert.equal(get(again, "inlayHints.maxLength"), 40);
    assert.equal(get(again, "trace.server"), "off");
  });

  it("re-reads the settings on didChangeConfiguration and asks the client to refresh inlay hints", async () => {
    client = await TestClient.start({ settings: {} });
    await client.until("configuration pulled", () => client!.configurationRequests.length > 0);
    client.settings = { inlayHints: { forward: false } };
    const refreshes = client.refreshes;
    await client.conn.sendNotification("workspace/didChangeConfiguration", { settings: null });
    await client.until("inlay hint refresh", () => client!.refreshes > refreshes);
    const got = await client.request<unknown>("shapeLens/settings", {});
    assert.equal(get(got, "inlayHints.forward"), false);
    assert.equal(get(got, "inlayHints.init"), true);
  });

  it("takes pushed settings and initializationOptions from clients without workspace/configuration", async () => {
    client = await TestClient.start({ initializationOptions: { shapeLens: { batchSymbol: "B", showInferenceGaps: true } } });
    let got = await client.request<unknown>("shapeLens/settings", {});
    assert.equal(get(got, "batchSymbol"), "B");
    assert.equal(get(got, "showInferenceGaps"), true);
    await client.conn.sendNotification("workspace/didChangeConfiguration", { settings: { shapeLens: { inlayHints: { maxLength: 30 } } } });
    got = await client.request<unknown>("shapeLens/settings", {});
    assert.equal(get(got, "inlayHints.maxLength"), 30);
    assert.equal(get(got, "batchSymbol"), "N");
    assert.equal(client.configurationRequests.length, 0);
  });
});
