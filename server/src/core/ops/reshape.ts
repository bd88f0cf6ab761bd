// reshape: shape rules (to be written).

export {};
