// upsample: shape rules (to be written).

export {};
