// Placeholder until the pure RSA work lands.
import type { RsaAlgorithm } from '../provider.js';

export const pureRsa = undefined as unknown as RsaAlgorithm;
