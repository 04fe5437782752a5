// Placeholder until the pure FFDH work lands.
import type { FfdhAlgorithm } from '../provider.js';

export const pureFfdh = undefined as unknown as FfdhAlgorithm;
