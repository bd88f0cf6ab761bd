// elementwise: shape rules (to be written).

export {};
