// padding: shape rules (to be written).

export {};
