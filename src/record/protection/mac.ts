/**
 * Record MACs for MAC-then-encrypt, encrypt-then-MAC and the stream
 * suites: the interface, and TLS's HMAC (RFC 2246/4346/5246 6.2.3.1).
 * SSLv3's own construction is in ssl3.ts.
 *
 * Besides computing a MAC, each knows how many compression-function calls
 * that costs for a given data length and can spend extra calls on dummy
 * data. The CBC check uses this to make its hashing work independent of
 * the (secret) padding length: see constant-time.ts.
 *
 * @module
 */
import type { CryptoProvider, HashAlgorithm, HashName, HmacKey } from '../../crypto/provider.js';

/** A record MAC with its key bound. */
export interface RecordMac {
  /** MAC length in bytes. */
  readonly length: number;
  /**
   * The MAC of one record's data:
   * TLS:   HMAC(key, seq_num || type || version || length || data);
   * SSLv3: H(secret || pad_2 || H(secret || pad_1 || seq_num || type || length || data)).
   */
  compute(seq: Uint8Array, contentType: number, version: number, data: Uint8Array): Uint8Array;
  /**
   * The number of compression-function calls `compute()` makes for
   * `dataLength` bytes of data, up to a constant that does not depend on
   * the length.
   */
  compressions(dataLength: number): number;
  /** Makes `blocks` (plus a constant one) compression-function calls of the same hash on dummy data. */
  burn(blocks: number): void;
}

/**
 * Blocks a Merkle-Damgard hash compresses for a message of `length`
 * bytes: the message, the 0x80 byte and the length field (8 bytes for
 * 64-byte blocks, 16 for 128-byte blocks), rounded up to whole blocks.
 */
export function hashBlocks(length: number, blockLength: number): number {
  const lengthField = blockLength === 128 ? 16 : 8;
  return Math.floor((length + lengthField) / blockLength) + 1;
}

/** Zeros fed to the dummy hash; the most ever needed is a few blocks (the padding spans at most 256 bytes). */
const ZEROS = new Uint8Array(8 * 128);

export function burner(hash: HashAlgorithm): (blocks: number) => void {
  const b = hash.blockLength;
  return (blocks: number) => {
    // One digest call whatever the count, so the number of calls (and
    // their fixed cost) does not vary either.
    hash.digest(ZEROS.subarray(0, Math.min(blocks, 8) * b));
  };
}

/** TLS's record HMAC (RFC 5246 6.2.3.1; the same in TLS 1.0 and 1.1). */
class TlsHmac implements RecordMac {
  readonly length: number;
  readonly #key: HmacKey;
  readonly #header = new Uint8Array(13);
  readonly #blockLength: number;
  readonly burn: (blocks: number) => void;

  constructor(provider: CryptoProvider, hash: HashName, key: Uint8Array) {
    const alg = provider.hmacs[hash];
    this.length = alg.outputLength;
    this.#blockLength = alg.blockLength;
    this.#key = alg.key(key);
    this.burn = burner(provider.hashes[hash]);
  }

  compute(seq: Uint8Array, contentType: number, version: number, data: Uint8Array): Uint8Array {
    const h = this.#header;
    h.set(seq);
    h[8] = contentType;
    h[9] = version >>> 8;
    h[10] = version;
    h[11] = data.length >>> 8;
    h[12] = data.length;
    return this.#key.mac(h, data);
  }

  compressions(dataLength: number): number {
    // Inner hash: (key ^ ipad) block || 13-byte header || data. The outer
    // hash always takes two blocks and is left out.
    const b = this.#blockLength;
    return hashBlocks(b + 13 + dataLength, b);
  }
}

/** The TLS record HMAC with `hash` and `key`. */
export function tlsMac(provider: CryptoProvider, hash: HashName, key: Uint8Array): RecordMac {
  return new TlsHmac(provider, hash, key);
}
