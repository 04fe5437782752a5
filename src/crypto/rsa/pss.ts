/**
 * EMSA-PSS (RFC 8017 9.1) with MGF1 (RFC 8017 B.2.1) over a provider's
 * hash. TLS 1.2 (RFC 8446 4.2.3 for the rsa_pss_rsae/pss_pss schemes)
 * and TLS 1.3 use MGF1 with the message hash and a salt as long as the
 * hash; other salt lengths are accepted for completeness.
 *
 * Provider-independent: the raw RSA permutation is applied by the caller.
 *
 * @module
 */
import type { HashAlgorithm } from '../provider.js';
import { checkBytes } from '../bytes.js';

/** MGF1 (RFC 8017 B.2.1): Hash(seed || C) for C = 0, 1, ... (4-byte big-endian), truncated to `length`. */
export function mgf1(seed: Uint8Array, length: number, hash: HashAlgorithm): Uint8Array {
  const out = new Uint8Array(length);
  const counter = new Uint8Array(4);
  for (let offset = 0, c = 0; offset < length; offset += hash.outputLength, c++) {
    counter[0] = c >>> 24;
    counter[1] = (c >>> 16) & 0xff;
    counter[2] = (c >>> 8) & 0xff;
    counter[3] = c & 0xff;
    const block = hash.digest(seed, counter);
    out.set(block.subarray(0, Math.min(block.length, length - offset)), offset);
  }
  return out;
}

function checkSaltLength(saltLength: number): void {
  if (!Number.isSafeInteger(saltLength) || saltLength < 0) throw new RangeError('saltLength must be a non-negative integer');
}

/**
 * EMSA-PSS-ENCODE (RFC 8017 9.1.1) of a precomputed digest `mHash`, for
 * an encoded message of `emBits` bits (modBits - 1). Returns the
 * ceil(emBits / 8)-byte EM. `saltLength` defaults to the hash length;
 * `randomBytes` supplies the salt.
 * @throws RangeError if mHash has the wrong length, or the key is too
 *   small for this hash and salt ("encoding error").
 */
export function emsaPssEncode(
  mHash: Uint8Array,
  emBits: number,
  hash: HashAlgorithm,
  randomBytes: (length: number) => Uint8Array,
  saltLength: number = hash.outputLength,
): Uint8Array {
  const hLen = hash.outputLength;
  checkBytes(mHash, 'digest', hLen);
  checkSaltLength(saltLength);
  const emLen = Math.ceil(emBits / 8);
  // Step 3.
  if (emLen < hLen + saltLength + 2) throw new RangeError('the key is too small for this hash and salt length (encoding error)');
  const salt = saltLength > 0 ? randomBytes(saltLength) : new Uint8Array(0);
  // Steps 5-6: H = Hash(00*8 || mHash || salt).
  const h = hash.digest(new Uint8Array(8), mHash, salt);
  // Steps 7-12: maskedDB = (PS || 01 || salt) xor MGF(H), top bits cleared.
  const dbLen = emLen - hLen - 1;
  const em = new Uint8Array(emLen);
  em[dbLen - saltLength - 1] = 0x01;
  em.set(salt, dbLen - saltLength);
  const mask = mgf1(h, dbLen, hash);
  for (let i = 0; i < dbLen; i++) em[i]! ^= mask[i]!;
  em[0]! &= 0xff >>> (8 * emLen - emBits);
  em.set(h, dbLen);
  em[emLen - 1] = 0xbc;
  return em;
}

/**
 * EMSA-PSS-VERIFY (RFC 8017 9.1.2): whether `em` (ceil(emBits / 8)
 * bytes) is a PSS encoding of `mHash` with a salt of `saltLength` bytes
 * (default: the hash length).
 *
 * Every check runs to the end and the results are combined into one
 * flag, so the time taken does not say which check failed (a verifier's
 * inputs are public, but there is no reason to hand out an oracle).
 * @throws RangeError if mHash has the wrong length (API misuse).
 */
export function emsaPssVerify(
  mHash: Uint8Array,
  em: Uint8Array,
  emBits: number,
  hash: HashAlgorithm,
  saltLength: number = hash.outputLength,
): boolean {
  const hLen = hash.outputLength;
  checkBytes(mHash, 'digest', hLen);
  checkBytes(em, 'em');
  checkSaltLength(saltLength);
  const emLen = Math.ceil(emBits / 8);
  // Step 3: a size mismatch is public (key size and parameters), so it may decide at once.
  if (em.length !== emLen || emLen < hLen + saltLength + 2) return false;
  const dbLen = emLen - hLen - 1;
  const h = em.subarray(dbLen, dbLen + hLen);
  const topMask = 0xff >>> (8 * emLen - emBits);
  let bad = 0;
  // Step 4: rightmost byte 0xbc.
  bad |= em[emLen - 1]! ^ 0xbc;
  // Step 6: the bits above emBits are zero.
  bad |= em[0]! & ~topMask & 0xff;
  // Steps 7-9: DB = maskedDB xor MGF(H), top bits cleared.
  const db = mgf1(h, dbLen, hash);
  for (let i = 0; i < dbLen; i++) db[i]! ^= em[i]!;
  db[0]! &= topMask;
  // Step 10: DB = 00..00 || 01 || salt.
  const psEnd = dbLen - saltLength - 1;
  for (let i = 0; i < psEnd; i++) bad |= db[i]!;
  bad |= db[psEnd]! ^ 0x01;
  // Steps 11-14: H' = Hash(00*8 || mHash || salt) must equal H.
  const hPrime = hash.digest(new Uint8Array(8), mHash, db.subarray(dbLen - saltLength));
  for (let i = 0; i < hLen; i++) bad |= hPrime[i]! ^ h[i]!;
  return bad === 0;
}
