// activation: shape rules (to be written).

export {};
