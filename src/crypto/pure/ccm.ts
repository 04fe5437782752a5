/**
 * Pure AES-CCM (RFC 3610, NIST SP 800-38C) as TLS uses it: a 12-byte
 * nonce, hence a 3-byte length field (L = 3, RFC 6655 3), and a 16-byte
 * tag (AES_128_CCM, AES_256_CCM) or an 8-byte one (the CCM_8 suites).
 *
 * @noble/ciphers has no CCM, so the mode is written here over the raw
 * AES block function (`aes-block.ts`): CBC-MAC over B0 || encoded AAD ||
 * plaintext for the tag, CTR for the payload and the tag mask.
 *
 * @module
 */
import type { Aead, AeadAlgorithm, AeadName } from '../provider.js';
import { checkBytes, constantTimeEqual, outputBuffer } from '../bytes.js';
import { encryptBlock, encryptWords, expandEncryptKey, loadWord, storeWord, type AesSchedule } from './aes-block.js';

const NONCE_LENGTH = 12;
/** L, the size of the length field: 15 - nonce length (RFC 3610 2). */
const L = 15 - NONCE_LENGTH;
/** The longest message a 3-byte length field can describe. */
const MAX_MESSAGE = 2 ** (8 * L) - 1;

class PureCcm implements Aead {
  readonly #xk: AesSchedule;
  readonly #tagLength: number;
  /** Scratch AES states: the CBC-MAC chain and the CTR keystream. */
  readonly #mac = new Uint32Array(4);
  readonly #ks = new Uint32Array(4);
  /** Scratch bytes for the tag, so seal/open compare and mask without allocating. */
  readonly #tag: Uint8Array;

  constructor(key: Uint8Array, tagLength: number) {
    this.#xk = expandEncryptKey(key);
    this.#tagLength = tagLength;
    this.#tag = new Uint8Array(16);
  }

  seal(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, out?: Uint8Array): Uint8Array {
    checkBytes(nonce, 'nonce', NONCE_LENGTH);
    checkBytes(aad, 'aad');
    checkBytes(plaintext, 'plaintext');
    if (plaintext.length > MAX_MESSAGE) {
      throw new RangeError(`plaintext must be at most ${MAX_MESSAGE} bytes with a ${NONCE_LENGTH}-byte CCM nonce`);
    }
    const n = plaintext.length;
    const dst = outputBuffer(out, n + this.#tagLength);
    // The MAC reads all of the plaintext before CTR writes to `dst`, which may alias it.
    const tag = this.#cbcMac(nonce, aad, plaintext);
    this.#ctr(nonce, plaintext, dst);
    this.#maskTag(nonce, tag);
    dst.set(tag.subarray(0, this.#tagLength), n);
    tag.fill(0);
    return dst;
  }

  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array, out?: Uint8Array): Uint8Array | null {
    checkBytes(nonce, 'nonce', NONCE_LENGTH);
    checkBytes(aad, 'aad');
    checkBytes(sealed, 'sealed');
    const tagLength = this.#tagLength;
    // A record too short to hold a tag, or too long for the length field,
    // cannot authenticate: that is a failure, not a programming error.
    if (sealed.length < tagLength || sealed.length - tagLength > MAX_MESSAGE) return null;
    const n = sealed.length - tagLength;
    const dst = outputBuffer(out, n);
    // Decrypt into a private buffer: on failure nothing is released and
    // `sealed` (which `out` may alias) is left as it was.
    const plain = this.#ctr(nonce, sealed.subarray(0, n), new Uint8Array(n));
    const tag = this.#cbcMac(nonce, aad, plain);
    this.#maskTag(nonce, tag);
    const ok = constantTimeEqual(tag.subarray(0, tagLength), sealed.subarray(n));
    tag.fill(0);
    if (!ok) {
      plain.fill(0);
      return null;
    }
    if (out === undefined) return plain;
    dst.set(plain);
    plain.fill(0);
    return dst;
  }

  /**
   * CBC-MAC of B0 || encoded AAD || message, RFC 3610 2.2 / SP 800-38C
   * A.2. Returns the full 16-byte MAC value in the scratch tag buffer.
   */
  #cbcMac(nonce: Uint8Array, aad: Uint8Array, message: Uint8Array): Uint8Array {
    const s = this.#mac;
    const xk = this.#xk;
    const m = message.length;
    // B0: flags (Adata, M' = (M-2)/2, L' = L-1) || nonce || l(m).
    const b0 = new Uint8Array(16);
    b0[0] = (aad.length > 0 ? 0x40 : 0) | (((this.#tagLength - 2) / 2) << 3) | (L - 1);
    b0.set(nonce, 1);
    b0[13] = m >>> 16;
    b0[14] = m >>> 8;
    b0[15] = m;
    for (let i = 0; i < 4; i++) s[i] = loadWord(b0, 4 * i);
    encryptWords(xk, s);
    if (aad.length > 0) this.#absorb(encodeAad(aad));
    this.#absorb(message);
    const tag = this.#tag;
    for (let i = 0; i < 4; i++) storeWord(tag, 4 * i, s[i]!);
    return tag;
  }

  /** Chains `data`, zero-padded to whole blocks, into the CBC-MAC state. */
  #absorb(data: Uint8Array): void {
    const mac = this.#mac;
    const xk = this.#xk;
    const whole = data.length - (data.length % 16);
    // The chain lives in locals across the loop, not in the typed array.
    let s0 = mac[0]!;
    let s1 = mac[1]!;
    let s2 = mac[2]!;
    let s3 = mac[3]!;
    for (let off = 0; off < whole; off += 16) {
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
    }
    mac[0] = s0;
    mac[1] = s1;
    mac[2] = s2;
    mac[3] = s3;
    if (whole < data.length) {
      const last = new Uint8Array(16);
      last.set(data.subarray(whole));
      for (let i = 0; i < 4; i++) mac[i]! ^= loadWord(last, 4 * i);
      encryptWords(xk, mac);
    }
  }

  /** Sets the keystream state to E(A_i), A_i = flags(L-1) || nonce || i (RFC 3610 2.3). */
  #keystream(nonce: Uint8Array, i: number): Uint32Array {
    const ks = this.#ks;
    ks[0] = counterWord0(nonce);
    ks[1] = loadWord(nonce, 3);
    ks[2] = loadWord(nonce, 7);
    ks[3] = counterWord3(nonce, i);
    encryptWords(this.#xk, ks);
    return ks;
  }

  /** CTR with counters 1, 2, ...: `dst` = `src` XOR keystream (dst may be src). */
  #ctr(nonce: Uint8Array, src: Uint8Array, dst: Uint8Array): Uint8Array {
    const n = src.length;
    const xk = this.#xk;
    const w0 = counterWord0(nonce);
    const w1 = loadWord(nonce, 3);
    const w2 = loadWord(nonce, 7);
    const whole = n - (n % 16);
    let i = 1;
    for (let off = 0; off < whole; off += 16, i++) {
      const r = encryptBlock(xk, w0, w1, w2, counterWord3(nonce, i));
      storeWord(dst, off, loadWord(src, off) ^ r.s0);
      storeWord(dst, off + 4, loadWord(src, off + 4) ^ r.s1);
      storeWord(dst, off + 8, loadWord(src, off + 8) ^ r.s2);
      storeWord(dst, off + 12, loadWord(src, off + 12) ^ r.s3);
    }
    if (whole < n) {
      const ks = this.#keystream(nonce, i);
      const block = new Uint8Array(16);
      for (let w = 0; w < 4; w++) storeWord(block, 4 * w, ks[w]!);
      for (let j = whole; j < n; j++) dst[j] = src[j]! ^ block[j - whole]!;
      block.fill(0);
    }
    return dst;
  }

  /** Encrypts the MAC value with S_0 = E(A_0) (RFC 3610 2.3). */
  #maskTag(nonce: Uint8Array, tag: Uint8Array): void {
    const ks = this.#keystream(nonce, 0);
    for (let w = 0; w < 4; w++) storeWord(tag, 4 * w, loadWord(tag, 4 * w) ^ ks[w]!);
  }
}

/** The first word of a counter block A_i: flags (L - 1) and nonce bytes 0-2, little-endian as the AES words are. */
function counterWord0(nonce: Uint8Array): number {
  return ((L - 1) | (nonce[0]! << 8) | (nonce[1]! << 16) | (nonce[2]! << 24)) >>> 0;
}

/** The last word of A_i: nonce byte 11, then the 3-byte big-endian counter i. */
function counterWord3(nonce: Uint8Array, i: number): number {
  return (nonce[11]! | (((i >>> 16) & 0xff) << 8) | (((i >>> 8) & 0xff) << 16) | ((i & 0xff) << 24)) >>> 0;
}

/**
 * l(a) || a, RFC 3610 2.2: two bytes for 0 < l(a) < 2^16 - 2^8, else
 * 0xff 0xfe and four bytes (2^32 and beyond cannot occur in a Uint8Array
 * a TLS record layer would pass).
 */
function encodeAad(aad: Uint8Array): Uint8Array {
  const a = aad.length;
  if (a < 0xff00) {
    const out = new Uint8Array(2 + a);
    out[0] = a >>> 8;
    out[1] = a;
    out.set(aad, 2);
    return out;
  }
  const out = new Uint8Array(6 + a);
  out[0] = 0xff;
  out[1] = 0xfe;
  out[2] = a >>> 24;
  out[3] = a >>> 16;
  out[4] = a >>> 8;
  out[5] = a;
  out.set(aad, 6);
  return out;
}

function pureCcm(name: AeadName, keyLength: number, tagLength: number): AeadAlgorithm {
  return Object.freeze({
    name,
    implementation: 'pure' as const,
    keyLength,
    nonceLength: NONCE_LENGTH,
    tagLength,
    key(key: Uint8Array): Aead {
      checkBytes(key, 'key', keyLength);
      return new PureCcm(key, tagLength);
    },
  });
}

/** AES-128-CCM (RFC 6655), 16-byte tag. */
export const aes128ccm = pureCcm('aes128ccm', 16, 16);
/** AES-256-CCM (RFC 6655), 16-byte tag. */
export const aes256ccm = pureCcm('aes256ccm', 32, 16);
/** AES-128-CCM_8 (RFC 6655), 8-byte tag. */
export const aes128ccm8 = pureCcm('aes128ccm_8', 16, 8);
/** AES-256-CCM_8 (RFC 6655), 8-byte tag. */
export const aes256ccm8 = pureCcm('aes256ccm_8', 32, 8);
