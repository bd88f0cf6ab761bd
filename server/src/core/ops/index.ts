// Loads every op family so that each registers its rules. Import this once before evaluating.

import "./conv";
import "./pool";
import "./adaptive";
import "./upsample";
import "./linear";
import "./flatten";
import "./norm";
import "./activation";
import "./embedding";
import "./pixelshuffle";
import "./padding";
import "./fold";
import "./creation";
import "./reshape";
import "./join";
import "./elementwise";
import "./matmul";
import "./reduce";
import "./indexing";
import "./rnn";
import "./misc";
import "./meshgrid";
import "./einops";
import "./attention";
import "./rmsnorm";
import "./einopsPack";
import "./repeatInterleave";
import "./spectral";
// Must stay last: its value layers wrap the rules declared above.
import "./values";

export * from "./registry";
