/**
 * The raw AES block function (FIPS 197), for the modes @noble/ciphers
 * does not offer in the shape TLS needs: CBC whose IV chains across calls
 * (`cbc.ts`) and CCM (`ccm.ts`).
 *
 * It wraps `unsafe` from @noble/ciphers/aes.js: key expansion once per
 * key, and the block function on four 32-bit words. noble marks that
 * export as internal and liable to change, so it is used here and only
 * here; the known-answer tests of CBC and CCM fail loudly if it changes.
 *
 * Word layout (noble's): a 16-byte block is four little-endian 32-bit
 * words. `loadWord`/`storeWord` convert explicitly, so this works on
 * either byte order.
 *
 * @module
 */
import { unsafe } from '@noble/ciphers/aes.js';

/** An AES key schedule for one direction. */
export type AesSchedule = Uint32Array;

/** Expands `key` (16, 24 or 32 bytes, checked by the caller) for encryption. */
export function expandEncryptKey(key: Uint8Array): AesSchedule {
  return unsafe.expandKeyLE(key);
}

/** Expands `key` for decryption (the equivalent inverse cipher's schedule). */
export function expandDecryptKey(key: Uint8Array): AesSchedule {
  return unsafe.expandKeyDecLE(key);
}

/**
 * The block function on four words, returning the new words. Modes use
 * it directly so the state stays in local variables in their inner loop.
 */
export const encryptBlock: (xk: AesSchedule, s0: number, s1: number, s2: number, s3: number) => { s0: number; s1: number; s2: number; s3: number } =
  unsafe.encrypt;

/** The inverse block function (`xk` from expandDecryptKey). */
export const decryptBlock: (xk: AesSchedule, s0: number, s1: number, s2: number, s3: number) => { s0: number; s1: number; s2: number; s3: number } =
  unsafe.decrypt;

/** A four-word AES state, for callers that keep it in a typed array. */
export type AesState = Uint32Array;

/** Encrypts the block held in `s` (four little-endian words) in place. */
export function encryptWords(xk: AesSchedule, s: AesState): void {
  const r = unsafe.encrypt(xk, s[0]!, s[1]!, s[2]!, s[3]!);
  s[0] = r.s0;
  s[1] = r.s1;
  s[2] = r.s2;
  s[3] = r.s3;
}

/** Reads the little-endian 32-bit word at `bytes[offset..offset+4)`. */
export function loadWord(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>> 0;
}

/** Writes `word` little-endian at `bytes[offset..offset+4)`. */
export function storeWord(bytes: Uint8Array, offset: number, word: number): void {
  bytes[offset] = word;
  bytes[offset + 1] = word >>> 8;
  bytes[offset + 2] = word >>> 16;
  bytes[offset + 3] = word >>> 24;
}
