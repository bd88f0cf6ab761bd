// conv: shape rules (to be written).

export {};
