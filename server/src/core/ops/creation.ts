// creation: shape rules (to be written).

export {};
