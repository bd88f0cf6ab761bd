// fold: shape rules (to be written).

export {};
