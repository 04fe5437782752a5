/**
 * The pure provider: TypeScript over @noble/* and BigInt, with nothing
 * from `node:`, so it runs in any JavaScript runtime.
 *
 * @module
 */
import type { CryptoProvider } from '../provider.js';
import { pureSymmetric } from './symmetric.js';
import { pureRsa } from './rsa.js';
import { pureFfdh } from './ffdh.js';
import { pureEcdh, pureEcdsa, pureEddsa, pureKems } from './curves.js';

/** The pure provider: every algorithm, no native code. */
export const pureProvider: CryptoProvider = {
  name: 'pure',
  ...pureSymmetric,
  rsa: pureRsa,
  ffdh: pureFfdh,
  ecdh: pureEcdh,
  ecdsa: pureEcdsa,
  eddsa: pureEddsa,
  kems: pureKems,
};
