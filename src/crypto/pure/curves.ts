// Placeholder until the pure curve work lands.
import type { CryptoProvider } from '../provider.js';

export const pureEcdh = {} as CryptoProvider['ecdh'];
export const pureEcdsa = {} as CryptoProvider['ecdsa'];
export const pureEddsa = {} as CryptoProvider['eddsa'];
export const pureKems = {} as CryptoProvider['kems'];
