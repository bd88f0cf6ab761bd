// withCommas (core/ops/spatialArith) groups digits itself instead of calling Intl, for start-up time:
// it must write every number exactly as toLocaleString("en-US") does.

import * as assert from "node:assert/strict";
import { withCommas } from "../../server/src/core/ops/spatialArith";

describe("withCommas", () => {
  it("matches toLocaleString('en-US') on integers of every length, signs and non-integers", () => {
    const values = [0, -0, 1, -1, 12, 999, 1000, -1000, 9472, 25557032, 4089238376, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER];
    for (let p = 1; p <= 16; p++) values.push(10 ** p - 1, 10 ** p, -(10 ** p) + 7);
    values.push(1.5, 1234.5678, -0.25, 1e21, 2 ** 60, NaN, Infinity, -Infinity);
    for (const n of values) assert.equal(withCommas(n), n.toLocaleString("en-US"), String(n));
  });
});
