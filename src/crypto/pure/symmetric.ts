// Placeholder until the pure symmetric work lands.
import type { CryptoProvider } from '../provider.js';

export const pureSymmetric = {} as Pick<CryptoProvider, 'hashes' | 'hmacs' | 'aeads' | 'blockCiphers' | 'streamCiphers' | 'random'>;
