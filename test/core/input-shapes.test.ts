// One input-shape parser for the CLI's --input, the shapeLens.defaultInputShape setting, the Compute
// Shapes prompt and `# shape:` comments: the same texts are accepted everywhere, and a rejected text
// gets an error that names the shape and what is wrong with it.

import assert from "node:assert/strict";
import { parseDirective, parseInputShapes } from "../../server/src/core/declarations";
import { parseInputs } from "../../server/src/cli";

/** Accepted texts and the dims they declare (one list per input). */
const ACCEPTED: [string, (number | string)[][]][] = [
  ["1, 3, 224, 224", [[1, 3, 224, 224]]],
  ["1,3,224,224", [[1, 3, 224, 224]]],
  ["(N, 3, 224, 224)", [["N", 3, 224, 224]]],
  ["[B, 10]", [["B", 10]]],
  ["(3,)", [[3]]],
  ["3,", [[3]]],
  ["3", [[3]]],
  ["?, 3, 32, 32", [["?", 3, 32, 32]]],
  ["(*batch, 10)", [["*batch", 10]]],
  ["..., 10", [["*batch", 10]]],
  [
    "(1, 3, 32, 32); (1, 10)",
    [
      [1, 3, 32, 32],
      [1, 10],
    ],
  ],
  ["()", [[]]],
];

/** Rejected texts and a part of their error message. */
const REJECTED: [string, RegExp][] = [
  ["", /no shape given/],
  [" ", /no shape given/],
  [",", /cannot read the shape ",": no dims/],
  ["3,,4", /"3,,4": an empty dim between commas/],
  ["3 x 4", /"3 x 4" is neither a non-negative integer/],
  ["1.5, 2", /"1\.5" is neither/],
  ["(-1, 3)", /"\(-1, 3\)": -1 is negative/],
  ["99999999999999999999999", /too large/],
  ["(1, 3", /unbalanced or nested brackets/],
  ["((1, 3))", /unbalanced or nested brackets/],
  ["1, 3;", /cannot read the shape "": no dims/],
];

describe("input shapes: one parser for --input, settings and # shape: comments", () => {
  for (const [text, dims] of ACCEPTED) {
    it(`accepts ${JSON.stringify(text)}`, () => {
      assert.deepEqual(parseInputShapes(text), { ok: true, shapes: dims });
      assert.deepEqual(parseInputs(text), dims);
      if (/^[([]/.test(text) && !text.includes(";"))
        assert.deepEqual(parseDirective(`# shape: x = ${text}`), [{ name: "x", dims: dims[0] }]);
    });
  }
  for (const [text, error] of REJECTED) {
    it(`rejects ${JSON.stringify(text)} with a message saying why`, () => {
      const r = parseInputShapes(text);
      assert.equal(r.ok, false);
      assert.match(r.ok ? "" : r.error, error);
      assert.throws(
        () => parseInputs(text),
        (e: Error) => e.message.startsWith("--input: ") && error.test(e.message),
      );
      if (/^\(.*\)$/.test(text)) assert.equal(parseDirective(`# shape: x = ${text}`), undefined);
    });
  }
  it("a directive declares several inputs by name or by position", () => {
    assert.deepEqual(parseDirective("# shape: x = (N, 3, 224, 224), mask = (N, 224, 224)"), [
      { name: "x", dims: ["N", 3, 224, 224] },
      { name: "mask", dims: ["N", 224, 224] },
    ]);
    assert.deepEqual(parseDirective("# shape: (3,)"), [{ name: undefined, dims: [3] }]);
  });
});
