/**
 * SSLv3's record MAC (RFC 6101 5.2.3.1). SSLv3's CBC padding rule (the
 * padding length is less than the block length and the padding bytes are
 * not checked, RFC 6101 5.2.3.2) is applied by the CBC state, through
 * constant-time.ts, with its `ssl3` flag.
 *
 * @module
 */
import type { CryptoProvider, HashAlgorithm, HashName } from '../../crypto/provider.js';
import { burner, hashBlocks, type RecordMac } from './mac.js';

/**
 * SSLv3's MAC (RFC 6101 5.2.3.1), a precursor of HMAC: the secret is
 * hashed with 48 (MD5) or 40 (SHA-1) bytes of 0x36, then 0x5c, and the
 * version is not covered.
 */
class Ssl3Mac implements RecordMac {
  readonly length: number;
  readonly #hash: HashAlgorithm;
  readonly #secret: Uint8Array;
  readonly #pad1: Uint8Array;
  readonly #pad2: Uint8Array;
  readonly #header = new Uint8Array(11);
  readonly burn: (blocks: number) => void;

  constructor(provider: CryptoProvider, hash: 'md5' | 'sha1', secret: Uint8Array) {
    this.#hash = provider.hashes[hash];
    this.length = this.#hash.outputLength;
    this.#secret = secret.slice();
    const padLength = hash === 'md5' ? 48 : 40;
    this.#pad1 = new Uint8Array(padLength).fill(0x36);
    this.#pad2 = new Uint8Array(padLength).fill(0x5c);
    this.burn = burner(this.#hash);
  }

  compute(seq: Uint8Array, contentType: number, _version: number, data: Uint8Array): Uint8Array {
    const h = this.#header;
    h.set(seq);
    h[8] = contentType;
    h[9] = data.length >>> 8;
    h[10] = data.length;
    const inner = this.#hash.digest(this.#secret, this.#pad1, h, data);
    return this.#hash.digest(this.#secret, this.#pad2, inner);
  }

  compressions(dataLength: number): number {
    return hashBlocks(this.#secret.length + this.#pad1.length + 11 + dataLength, this.#hash.blockLength);
  }
}

/** The SSLv3 record MAC with `hash` (MD5 or SHA-1 only, RFC 6101 A.6) and `secret`. */
export function ssl3Mac(provider: CryptoProvider, hash: HashName, secret: Uint8Array): RecordMac {
  if (hash !== 'md5' && hash !== 'sha1') throw new RangeError(`SSLv3 has no MAC with ${hash}`);
  return new Ssl3Mac(provider, hash, secret);
}
