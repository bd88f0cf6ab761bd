// matmul: shape rules (to be written).

export {};
