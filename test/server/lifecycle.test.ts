// Server tests: the LSP lifecycle of the real server process (initialize, capabilities, shutdown,
// exit), standalone start-up, and staying up on garbage input and malformed requests.

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { ROOT, SERVER, TestClient, fixture } from "./lspClient";

const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };

describe("language server: lifecycle", () => {
  let client: TestClient | undefined;
  afterEach(() => client?.kill());

  it("answers initialize with its capabilities and server info", async () => {
    client = await TestClient.start({ settings: {} });
    const r = client.initializeResult;
    assert.deepEqual(r.serverInfo, { name: "shape-lens", version: pkg.version });
    assert.deepEqual(r.capabilities.textDocumentSync, { openClose: true, change: 2 });
    assert.deepEqual(r.capabilities.inlayHintProvider, { resolveProvider: false });
    assert.equal(r.capabilities.hoverProvider, true);
    assert.deepEqual(r.capabilities.codeActionProvider, { codeActionKinds: ["quickfix", "refactor.rewrite"] });
    assert.deepEqual(r.capabilities.executeCommandProvider, {
      commands: ["shapeLens.server.computeShapes", "shapeLens.server.declareInput"],
    });
    assert.deepEqual(r.capabilities.codeLensProvider, { resolveProvider: false });
    assert.deepEqual(r.capabilities.notebookDocumentSync, { notebookSelector: [{ notebook: "*", cells: [{ language: "python" }] }] });
  });

  it("shuts down and exits with code 0, with nothing but protocol on stdout", async () => {
    client = await TestClient.start({ settings: {} });
    const doc = fixture("simple_cnn.py");
    await client.open(doc.uri, doc.text);
    await client.diagnosticsFor(doc.uri);
    assert.equal(await client.shutdown(), 0);
    assert.deepEqual(client.protocolErrors, []);
    assert.deepEqual(client.errors(), []);
  });

  it("prints its version with --version and speaks stdio when started without a transport flag", async () => {
    const v = spawnSync(process.execPath, [SERVER, "--version"], { encoding: "utf8" });
    assert.equal(v.status, 0);
    assert.equal(v.stdout, `shapelens-lsp ${pkg.version}\n`);
    // Without --stdio the server must not fail with "Connection input stream is not set".
    const init = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { processId: null, rootUri: null, capabilities: {} },
    });
    const exit = JSON.stringify({ jsonrpc: "2.0", method: "exit" });
    const frame = (s: string) => `Content-Length: ${Buffer.byteLength(s)}\r\n\r\n${s}`;
    const proc = spawn(process.execPath, [SERVER], { stdio: "pipe" });
    let out = "";
    const answered = new Promise<void>((resolve) =>
      proc.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes('"id":1')) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => proc.on("exit", resolve));
    proc.stdin.write(frame(init));
    await answered;
    proc.stdin.write(frame(exit));
    // exit without shutdown: the protocol says code 1.
    assert.equal(await exited, 1);
    assert.match(out, /^Content-Length: \d+\r\n\r\n\{"jsonrpc":"2.0",/);
    assert.match(out, /\{"jsonrpc":"2.0","id":1,"result":\{"capabilities"/);
  });

  it("stays up on garbage text, wild positions and malformed requests, answering empty", async () => {
    client = await TestClient.start({ settings: {} });
    const uri = fixture("simple_cnn.py").uri.replace("simple_cnn", "garbage");
    const garbage = "\u0000\u0001 def (((( class : ]]]\n\tλ = 😀 ** \r\n" + "x = (".repeat(500) + "\n@@@";
    await client.open(uri, garbage);
    await client.change(uri, [{ range: { start: { line: 99, character: 5 }, end: { line: 120, character: 0 } }, text: "))))" }]);
    await client.change(uri, [{ range: { start: { line: 0, character: 3 }, end: { line: 0, character: 1 } }, text: "\n\n" }]);
    const version = await client.change(uri, [{ text: "def forward(self, x:\n" }]);
    // Broken code may get syntax diagnostics from the engine, but only well-formed ones.
    for (const d of await client.diagnosticsFor(uri, version)) assert.equal(d.source, "shape-lens");
    assert.equal(await client.request("textDocument/hover", { textDocument: { uri }, position: { line: 9999, character: 9999 } }), null);
    assert.deepEqual(
      await client.request("textDocument/inlayHint", {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 50, character: 0 } },
      }),
      [],
    );
    const actions = await client.request("textDocument/codeAction", {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } },
      context: {
        diagnostics: [
          {
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
            message: "x",
            code: "channel-mismatch",
            source: "shape-lens",
          },
        ],
      },
    });
    assert.deepEqual(actions, []);
    // Documents that were never opened, and requests with missing parameters.
    const unknown = "file:///nowhere/never.py";
    assert.equal(await client.request("textDocument/hover", { textDocument: { uri: unknown }, position: { line: 0, character: 0 } }), null);
    assert.equal(
      await client.request("textDocument/inlayHint", {
        textDocument: { uri: unknown },
        range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } },
      }),
      null,
    );
    assert.equal(await client.request("workspace/executeCommand", { command: "shapeLens.nope", arguments: [] }), null);
    const bad = (await client.request("workspace/executeCommand", { command: "shapeLens.server.computeShapes" })) as { error?: string };
    assert.equal(bad.error, "The document is not open.");
    assert.deepEqual(await client.request("textDocument/codeAction", {}), []);
    // Still alive and answering.
    const doc = fixture("simple_cnn.py");
    await client.open(doc.uri, doc.text);
    assert.deepEqual(await client.diagnosticsFor(doc.uri), []);
    assert.deepEqual(client.protocolErrors, []);
    assert.equal(await client.shutdown(), 0);
  });
});
