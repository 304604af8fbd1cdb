// Imported first by extension.ts: the moment the bundle started evaluating, to measure activation.
export const bundleStart = performance.now();
