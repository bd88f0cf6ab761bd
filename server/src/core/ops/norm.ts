// norm: shape rules (to be written).

export {};
