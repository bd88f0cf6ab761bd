// Known values of small tensors (see store.ts): loads the value-aware rules, then guards every
// other rule so that it drops values and invalidates them when it works in place. Import this
// after every other op family (ops/index.ts imports it last).

import "./arithRules";
import "./createRules";
import "./accessRules";
import "./reduceRules";
import { guardOtherRules } from "./extend";

guardOtherRules();

export { knownValues, invalidateValues, stripValues } from "./store";
export { tensorRows, tensorToScalar } from "./indexing";
