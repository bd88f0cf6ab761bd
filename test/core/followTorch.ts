// Test helper: inside a describe(), makes its tests follow one PyTorch version (the unit tests of
// the op families were written against 1.13's outcomes and messages), restoring the default after.

import { TorchVersion, setTorchVersion } from "../../server/src/core/torchVersion";

export function followTorch(version: TorchVersion): void {
  let previous: TorchVersion | undefined;
  before(() => {
    previous = setTorchVersion(version);
  });
  after(() => {
    if (previous) setTorchVersion(previous);
  });
}
