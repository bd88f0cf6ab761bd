// Known values of small tensors (see store.ts): loads the value-aware rules, which the registry
// layers on the shape rules declared before them when it is built (every other rule is then guarded
// so that it drops values). Import this after every other op family (ops/index.ts imports it last).

import "./arithRules";
import "./createRules";
import "./accessRules";
import "./reduceRules";

export { knownValues, invalidateValues, stripValues } from "./store";
export { tensorRows, tensorToScalar } from "./indexing";
