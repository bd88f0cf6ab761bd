// linear: shape rules (to be written).

export {};
