// embedding: shape rules (to be written).

export {};
