// reduce: shape rules (to be written).

export {};
