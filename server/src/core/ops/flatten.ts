// flatten: shape rules (to be written).

export {};
