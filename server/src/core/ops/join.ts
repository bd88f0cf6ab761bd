// join: shape rules (to be written).

export {};
