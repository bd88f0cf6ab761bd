// pixelshuffle: shape rules (to be written).

export {};
