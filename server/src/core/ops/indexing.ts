// indexing: shape rules (to be written).

export {};
