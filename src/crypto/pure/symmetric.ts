/**
 * The symmetric half of the pure provider: hashes, HMAC, AEADs, CBC and
 * stream ciphers, and the random source.
 *
 * @module
 */
import type { CryptoProvider } from '../provider.js';
import { pureHashes } from './hash.js';
import { pureHmacs } from './hmac.js';
import { pureAeads } from './aead.js';
import { pureBlockCiphers } from './cbc.js';
import { pureRc4 } from './rc4.js';
import { pureNullCipher } from './null-cipher.js';
import { pureRandom } from './random.js';

/** Every symmetric algorithm of the pure provider, each with `implementation: 'pure'`. */
export const pureSymmetric: Pick<CryptoProvider, 'hashes' | 'hmacs' | 'aeads' | 'blockCiphers' | 'streamCiphers' | 'random'> =
  Object.freeze({
    hashes: pureHashes,
    hmacs: pureHmacs,
    aeads: pureAeads,
    blockCiphers: pureBlockCiphers,
    streamCiphers: Object.freeze({ rc4: pureRc4, null: pureNullCipher }),
    random: pureRandom,
  });
