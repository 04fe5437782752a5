/**
 * Pure CBC encryption and decryption without padding, for the TLS CBC
 * suites: AES-128, AES-256 (FIPS 197) and three-key 3DES (SP 800-67).
 *
 * The chaining value carries across `update()` calls: the last
 * ciphertext block of one call is the IV of the next. TLS 1.0 and SSLv3
 * depend on that (RFC 2246 6.2.3.2: the IV of a record is the last
 * ciphertext block of the previous one); TLS 1.1+ send an explicit IV
 * per record, which with a chaining cipher is simply one more block.
 * @noble/ciphers' cbc() takes a fresh IV per call and expands the key
 * each time, so the mode is written here over the raw block functions.
 * Padding is the record layer's job (it must check it in constant time,
 * which no generic unpadding does).
 *
 * @module
 */
import type { BlockCipher, BlockCipherAlgorithm, BlockCipherName } from '../provider.js';
import { checkBytes, outputBuffer } from '../bytes.js';
import { decryptBlock, encryptBlock, expandDecryptKey, expandEncryptKey, loadWord, storeWord, type AesSchedule } from './aes-block.js';
import { TripleDes } from './des.js';

/** Checks an update() argument pair and returns the buffer to write into. */
function prepare(data: Uint8Array, out: Uint8Array | undefined, blockLength: number): Uint8Array {
  checkBytes(data, 'data');
  if (data.length % blockLength !== 0) {
    throw new RangeError(`data must be a whole number of ${blockLength}-byte blocks, got ${data.length} bytes`);
  }
  return outputBuffer(out, data.length);
}

// ---------------------------------------------------------------- AES

class AesCbcEncryptor implements BlockCipher {
  readonly #xk: AesSchedule;
  /** The chaining value: the IV, then the last ciphertext block. */
  readonly #iv = new Uint32Array(4);

  constructor(key: Uint8Array, iv: Uint8Array) {
    this.#xk = expandEncryptKey(key);
    for (let i = 0; i < 4; i++) this.#iv[i] = loadWord(iv, 4 * i);
  }

  update(data: Uint8Array, out?: Uint8Array): Uint8Array {
    const dst = prepare(data, out, 16);
    const xk = this.#xk;
    const iv = this.#iv;
    // The state lives in locals across the loop (a typed-array round trip
    // per block costs about a fifth of the speed).
    let s0 = iv[0]!;
    let s1 = iv[1]!;
    let s2 = iv[2]!;
    let s3 = iv[3]!;
    for (let off = 0; off < data.length; off += 16) {
      // Read the whole plaintext block before writing: `dst` may be `data`.
      const r = encryptBlock(
        xk,
        s0 ^ loadWord(data, off),
        s1 ^ loadWord(data, off + 4),
        s2 ^ loadWord(data, off + 8),
        s3 ^ loadWord(data, off + 12),
      );
      s0 = r.s0;
      s1 = r.s1;
      s2 = r.s2;
      s3 = r.s3;
      storeWord(dst, off, s0);
      storeWord(dst, off + 4, s1);
      storeWord(dst, off + 8, s2);
      storeWord(dst, off + 12, s3);
    }
    iv[0] = s0;
    iv[1] = s1;
    iv[2] = s2;
    iv[3] = s3;
    return dst;
  }
}

class AesCbcDecryptor implements BlockCipher {
  readonly #xk: AesSchedule;
  /** The previous ciphertext block (the IV at first). */
  readonly #iv = new Uint32Array(4);

  constructor(key: Uint8Array, iv: Uint8Array) {
    this.#xk = expandDecryptKey(key);
    for (let i = 0; i < 4; i++) this.#iv[i] = loadWord(iv, 4 * i);
  }

  update(data: Uint8Array, out?: Uint8Array): Uint8Array {
    const dst = prepare(data, out, 16);
    const xk = this.#xk;
    const iv = this.#iv;
    let p0 = iv[0]!;
    let p1 = iv[1]!;
    let p2 = iv[2]!;
    let p3 = iv[3]!;
    for (let off = 0; off < data.length; off += 16) {
      const c0 = loadWord(data, off);
      const c1 = loadWord(data, off + 4);
      const c2 = loadWord(data, off + 8);
      const c3 = loadWord(data, off + 12);
      const r = decryptBlock(xk, c0, c1, c2, c3);
      storeWord(dst, off, r.s0 ^ p0);
      storeWord(dst, off + 4, r.s1 ^ p1);
      storeWord(dst, off + 8, r.s2 ^ p2);
      storeWord(dst, off + 12, r.s3 ^ p3);
      p0 = c0;
      p1 = c1;
      p2 = c2;
      p3 = c3;
    }
    iv[0] = p0;
    iv[1] = p1;
    iv[2] = p2;
    iv[3] = p3;
    return dst;
  }
}

// ---------------------------------------------------------------- 3DES

function loadBE(bytes: Uint8Array, off: number): number {
  return ((bytes[off]! << 24) | (bytes[off + 1]! << 16) | (bytes[off + 2]! << 8) | bytes[off + 3]!) >>> 0;
}

function storeBE(bytes: Uint8Array, off: number, word: number): void {
  bytes[off] = word >>> 24;
  bytes[off + 1] = word >>> 16;
  bytes[off + 2] = word >>> 8;
  bytes[off + 3] = word;
}

class TripleDesCbcEncryptor implements BlockCipher {
  readonly #des: TripleDes;
  /** The chaining value, then the DES state, as big-endian halves. */
  readonly #s = new Uint32Array(2);

  constructor(key: Uint8Array, iv: Uint8Array) {
    this.#des = new TripleDes(key);
    this.#s[0] = loadBE(iv, 0);
    this.#s[1] = loadBE(iv, 4);
  }

  update(data: Uint8Array, out?: Uint8Array): Uint8Array {
    const dst = prepare(data, out, 8);
    const s = this.#s;
    for (let off = 0; off < data.length; off += 8) {
      s[0]! ^= loadBE(data, off);
      s[1]! ^= loadBE(data, off + 4);
      this.#des.encrypt(s);
      storeBE(dst, off, s[0]!);
      storeBE(dst, off + 4, s[1]!);
    }
    return dst;
  }
}

class TripleDesCbcDecryptor implements BlockCipher {
  readonly #des: TripleDes;
  readonly #prev = new Uint32Array(2);
  readonly #s = new Uint32Array(2);

  constructor(key: Uint8Array, iv: Uint8Array) {
    this.#des = new TripleDes(key);
    this.#prev[0] = loadBE(iv, 0);
    this.#prev[1] = loadBE(iv, 4);
  }

  update(data: Uint8Array, out?: Uint8Array): Uint8Array {
    const dst = prepare(data, out, 8);
    const s = this.#s;
    const prev = this.#prev;
    for (let off = 0; off < data.length; off += 8) {
      const c0 = loadBE(data, off);
      const c1 = loadBE(data, off + 4);
      s[0] = c0;
      s[1] = c1;
      this.#des.decrypt(s);
      storeBE(dst, off, s[0]! ^ prev[0]!);
      storeBE(dst, off + 4, s[1]! ^ prev[1]!);
      prev[0] = c0;
      prev[1] = c1;
    }
    return dst;
  }
}

// ---------------------------------------------------------------- algorithms

type CipherConstructor = new (key: Uint8Array, iv: Uint8Array) => BlockCipher;

function pureCbc(
  name: BlockCipherName,
  keyLength: number,
  blockLength: number,
  Encryptor: CipherConstructor,
  Decryptor: CipherConstructor,
): BlockCipherAlgorithm {
  const check = (key: Uint8Array, iv: Uint8Array) => {
    checkBytes(key, 'key', keyLength);
    checkBytes(iv, 'iv', blockLength);
  };
  return Object.freeze({
    name,
    implementation: 'pure' as const,
    keyLength,
    blockLength,
    ivLength: blockLength,
    encryptor(key: Uint8Array, iv: Uint8Array): BlockCipher {
      check(key, iv);
      return new Encryptor(key, iv);
    },
    decryptor(key: Uint8Array, iv: Uint8Array): BlockCipher {
      check(key, iv);
      return new Decryptor(key, iv);
    },
  });
}

/** The pure CBC ciphers, by name. */
export const pureBlockCiphers: { readonly [K in BlockCipherName]: BlockCipherAlgorithm } = Object.freeze({
  aes128: pureCbc('aes128', 16, 16, AesCbcEncryptor, AesCbcDecryptor),
  aes256: pureCbc('aes256', 32, 16, AesCbcEncryptor, AesCbcDecryptor),
  '3des': pureCbc('3des', 24, 8, TripleDesCbcEncryptor, TripleDesCbcDecryptor),
});
