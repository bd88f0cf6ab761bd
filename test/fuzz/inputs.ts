// Input number i of a fuzz run with a given seed, regenerated identically by the worker that
// analyses it and by the runner that saves it when it crashes: every 40th input is an unmutated
// seed file (for the metamorphic checks), the others mutations of one.

import { Rng, mutate } from "./mutate";
import type { Seed } from "./mutate";

export interface Input {
  seedName: string;
  text: string;
  original: boolean;
}

export function inputFor(corpus: readonly Seed[], seed: number, i: number): Input {
  const rng = new Rng((seed * 1_000_003 + i * 7919) >>> 0);
  const base = corpus[rng.int(corpus.length)];
  if (i % 40 === 0) return { seedName: base.name, text: base.text, original: true };
  return { seedName: base.name, text: mutate(base.text, rng), original: false };
}
