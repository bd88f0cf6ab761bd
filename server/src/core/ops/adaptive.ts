// adaptive: shape rules (to be written).

export {};
