// pool: shape rules (to be written).

export {};
