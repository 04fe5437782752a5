/**
 * Pure randomness: the platform's CSPRNG through Web Crypto's
 * `crypto.getRandomValues`, present in Node 20+, browsers, Deno and Bun,
 * so no `node:` import is needed.
 *
 * @module
 */
import type { RandomSource } from '../provider.js';
import { checkCount } from '../bytes.js';

/** getRandomValues fills at most 65536 bytes per call (Web Crypto spec, QuotaExceededError). */
const MAX_CHUNK = 65536;

/** The pure random source. */
export const pureRandom: RandomSource = Object.freeze({
  name: 'random' as const,
  implementation: 'pure' as const,
  bytes(length: number): Uint8Array {
    checkCount(length, 'length');
    const out = new Uint8Array(length);
    for (let off = 0; off < length; off += MAX_CHUNK) {
      globalThis.crypto.getRandomValues(out.subarray(off, Math.min(length, off + MAX_CHUNK)));
    }
    return out;
  },
});
