/**
 * Pure RC4 (the cipher of RFC 6229's test vectors; its TLS use is
 * prohibited by RFC 7465 but the seed can still be configured for it).
 *
 * Our own code: @noble/ciphers deliberately has no RC4, and RC4 is a
 * dozen lines. Its key schedule and output use secret-indexed table
 * reads, as every RC4 does; it is here only for legacy interoperability.
 *
 * @module
 */
import type { StreamCipher, StreamCipherAlgorithm } from '../provider.js';
import { checkBytes, outputBuffer } from '../bytes.js';

/** An RC4 keystream; the position carries across update() calls. */
class Rc4 implements StreamCipher {
  readonly #s = new Uint8Array(256);
  #i = 0;
  #j = 0;

  constructor(key: Uint8Array) {
    // The key-scheduling algorithm (KSA).
    const s = this.#s;
    for (let i = 0; i < 256; i++) s[i] = i;
    for (let i = 0, j = 0; i < 256; i++) {
      const t = s[i]!;
      j = (j + t + key[i % key.length]!) & 0xff;
      s[i] = s[j]!;
      s[j] = t;
    }
  }

  update(data: Uint8Array, out?: Uint8Array): Uint8Array {
    checkBytes(data, 'data');
    const dst = outputBuffer(out, data.length);
    const s = this.#s;
    let i = this.#i;
    let j = this.#j;
    // The pseudo-random generation algorithm (PRGA); dst may be data.
    for (let k = 0; k < data.length; k++) {
      i = (i + 1) & 0xff;
      const si = s[i]!;
      j = (j + si) & 0xff;
      const sj = s[j]!;
      s[i] = sj;
      s[j] = si;
      dst[k] = data[k]! ^ s[(si + sj) & 0xff]!;
    }
    this.#i = i;
    this.#j = j;
    return dst;
  }
}

/** RC4 (keys of 1 to 256 bytes; TLS uses 16). */
export const pureRc4: StreamCipherAlgorithm = Object.freeze({
  name: 'rc4' as const,
  implementation: 'pure' as const,
  keyLength: 16,
  key(key: Uint8Array): StreamCipher {
    checkBytes(key, 'key');
    if (key.length < 1 || key.length > 256) {
      throw new RangeError(`key must be 1 to 256 bytes long, got ${key.length}`);
    }
    return new Rc4(key);
  },
});
