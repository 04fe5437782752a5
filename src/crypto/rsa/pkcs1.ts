/**
 * PKCS#1 v1.5 encodings (RFC 8017): EMSA-PKCS1-v1_5 for signatures, with
 * the DigestInfo prefix or in TLS 1.0/1.1's bare MD5||SHA-1 form, and the
 * type-2 padding of RSAES-PKCS1-v1_5 encryption.
 *
 * Provider-independent: these build the blocks that the raw RSA
 * permutation (`RsaPublicOps`/`RsaPrivateOps`) then transforms.
 *
 * @module
 */
import type { HashName } from '../provider.js';
import { checkBytes, concatBytes } from '../bytes.js';

/**
 * Hashes a PKCS#1 v1.5 signature can cover: the provider's hashes, plus
 * `"md5sha1"`, the 36-byte MD5(m) || SHA-1(m) that TLS 1.0 and 1.1 sign
 * without a DigestInfo (RFC 4346 7.4.3, RFC 2246 7.4.3).
 */
export type Pkcs1HashName = HashName | 'md5sha1';

/**
 * DER of DigestInfo up to the digest itself, per hash (RFC 8017 9.2,
 * note 1): SEQUENCE { SEQUENCE { OID, NULL }, OCTET STRING (digest) }.
 */
const DIGEST_INFO_PREFIX: Readonly<Record<HashName, Uint8Array>> = {
  md5: Uint8Array.of(0x30, 0x20, 0x30, 0x0c, 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x05, 0x05, 0x00, 0x04, 0x10),
  sha1: Uint8Array.of(0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14),
  sha224: Uint8Array.of(0x30, 0x2d, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x04, 0x05, 0x00, 0x04, 0x1c),
  sha256: Uint8Array.of(0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20),
  sha384: Uint8Array.of(0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30),
  sha512: Uint8Array.of(0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40),
};

/** Digest length in bytes of each hash a PKCS#1 v1.5 signature can cover. */
export const PKCS1_DIGEST_LENGTHS: Readonly<Record<Pkcs1HashName, number>> = {
  md5: 16,
  sha1: 20,
  sha224: 28,
  sha256: 32,
  sha384: 48,
  sha512: 64,
  md5sha1: 36,
};

/** Whether `name` is a hash `emsaPkcs1v15Encode` accepts. */
export function isPkcs1HashName(name: unknown): name is Pkcs1HashName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(PKCS1_DIGEST_LENGTHS, name);
}

/**
 * EMSA-PKCS1-v1_5-ENCODE (RFC 8017 9.2) from a precomputed digest:
 * `00 01 FF..FF 00 || T`, where T is DigestInfo(hash, digest), or the
 * bare digest for `"md5sha1"`.
 * @throws TypeError for an unknown hash; RangeError if the digest has the
 *   wrong length or `emLength` is too short ("intended encoded message
 *   length too short": fewer than 8 bytes of FF padding would remain).
 */
export function emsaPkcs1v15Encode(digest: Uint8Array, hash: Pkcs1HashName, emLength: number): Uint8Array {
  if (!isPkcs1HashName(hash)) throw new TypeError(`hash must be one of ${Object.keys(PKCS1_DIGEST_LENGTHS).join(', ')}`);
  checkBytes(digest, 'digest', PKCS1_DIGEST_LENGTHS[hash]);
  const t = hash === 'md5sha1' ? digest : concatBytes(DIGEST_INFO_PREFIX[hash], digest);
  // Step 3: emLen >= tLen + 11 (00 01, at least 8 FF bytes, 00).
  if (!Number.isSafeInteger(emLength) || emLength < t.length + 11) {
    throw new RangeError('emLength is too short for this hash (intended encoded message length too short)');
  }
  const em = new Uint8Array(emLength);
  em[1] = 0x01;
  em.fill(0xff, 2, emLength - t.length - 1);
  em.set(t, emLength - t.length);
  return em;
}

/**
 * RSAES-PKCS1-v1_5 encryption padding (RFC 8017 7.2.1 step 2):
 * `00 02 PS 00 M`, with PS at least 8 bytes, all nonzero and random.
 * `randomBytes` supplies the randomness (a provider's `random.bytes`).
 * @throws RangeError if the message is longer than k - 11 ("message too long").
 */
export function pkcs1v15Type2Pad(message: Uint8Array, k: number, randomBytes: (length: number) => Uint8Array): Uint8Array {
  checkBytes(message, 'message');
  if (!Number.isSafeInteger(k) || k < 11) throw new RangeError('k must be the modulus length in bytes');
  if (message.length > k - 11) throw new RangeError(`message must be at most ${k - 11} bytes for this key (message too long)`);
  const psLength = k - message.length - 3;
  const em = new Uint8Array(k);
  em[1] = 0x02;
  // Nonzero random PS: draw, then redraw only the zero bytes (uniform over 1..255).
  const ps = em.subarray(2, 2 + psLength);
  ps.set(randomBytes(psLength));
  for (let i = 0; i < psLength; i++) {
    while (ps[i] === 0) ps[i] = randomBytes(1)[0]!;
  }
  em.set(message, k - message.length);
  return em;
}
