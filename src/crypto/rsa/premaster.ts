/**
 * The TLS server's side of RSA key exchange: decrypting the
 * EncryptedPreMasterSecret without revealing, by error, timing or
 * result, whether the padding was valid (RFC 5246 7.4.7.1; Bleichenbacher
 * 1998, "Return Of Bleichenbacher's Oracle Threat" 2018, Marvin 2023).
 *
 * The rules, and why:
 * - Draw a random 48-byte R BEFORE anything else, so the work done does
 *   not depend on whether R ends up used (RFC 5246 7.4.7.1 step 1).
 * - Always perform the private operation, even on a ciphertext of the
 *   wrong length (with an all-zero input then): skipping it would make
 *   the bad case measurably faster. The length of what the client sent
 *   is public, so branching on it gives nothing away.
 * - Check the type-2 padding, the 48-byte length and the client_version
 *   with arithmetic on every byte, accumulating one mask; no branch and
 *   no early exit depends on the decrypted bytes.
 * - Select the result byte by byte between M and R with that mask, and
 *   always return 48 bytes. A bad ciphertext then yields a random
 *   premaster and the handshake fails later at Finished, exactly like a
 *   good ciphertext with a wrong key: the peer learns nothing new.
 * - Never throw for bad padding (an exception is an oracle too).
 *
 * JavaScript gives no hard guarantee that the JIT keeps arithmetic
 * branch-free, and the pure provider's bigint private operation takes
 * time that follows the size of the (blinded, then unblinded) result; the
 * native provider does the private operation in OpenSSL. What this file
 * controls, the checking and the selection, is written to be
 * data-independent.
 *
 * @module
 */
import type { RsaPrivateOps } from '../provider.js';
import { bytesToBigInt, checkBytes } from '../bytes.js';

/** Length of a TLS premaster secret (RFC 5246 7.4.7.1). */
export const PREMASTER_LENGTH = 48;

/** 1 if the byte `x` (0..255) is zero, else 0, without a branch. */
function isZero(x: number): number {
  return ((x - 1) >>> 31) & 1;
}

/**
 * Decrypts a TLS RSA EncryptedPreMasterSecret with `key` (its blinded
 * private operation; `modulus` is its n) and returns the 48-byte premaster secret: the
 * decrypted one if the PKCS#1 v1.5 type-2 padding is valid, the message
 * is 48 bytes and begins with `clientVersion`; otherwise the random R.
 *
 * `ciphertext` is the content of EncryptedPreMasterSecret (without the
 * two-byte length TLS adds from 1.0 on). `randomBytes` supplies R.
 *
 * @throws TypeError/RangeError only for API misuse (argument types, a
 *   clientVersion that is not 2 bytes), and Error if the private
 *   operation fails its own fault check (a computation error, not a
 *   property of the ciphertext); never for anything about the ciphertext.
 */
export async function decryptPremaster(
  key: RsaPrivateOps,
  modulus: bigint,
  ciphertext: Uint8Array,
  clientVersion: Uint8Array,
  randomBytes: (length: number) => Uint8Array,
): Promise<Uint8Array> {
  checkBytes(ciphertext, 'ciphertext');
  checkBytes(clientVersion, 'clientVersion', 2);
  if (typeof modulus !== 'bigint') throw new TypeError('modulus must be a bigint');
  const k = key.byteLength;
  // Step 1: R first.
  const fallback = randomBytes(PREMASTER_LENGTH);
  checkBytes(fallback, 'random premaster', PREMASTER_LENGTH);

  // Step 2: the private operation, always. A ciphertext of the wrong
  // length, or one not below n (RFC 8017 7.2.2 step 1 and 5.1.2 step 1),
  // is rejected by facts the attacker already knows; we still do the
  // operation (on zero) so that the time does not single it out.
  let inputOk = ciphertext.length === k ? 1 : 0;
  let input = ciphertext;
  if (inputOk === 1 && bytesToBigInt(ciphertext) >= modulus) inputOk = 0;
  if (inputOk === 0) input = new Uint8Array(k);
  const em = await key.privateOp(input);

  // Step 3: EM = 00 || 02 || PS (nonzero, k - 51 bytes) || 00 || M (48 bytes),
  // M = client_version (2 bytes) || random (46 bytes). With M's length fixed,
  // every byte has a fixed role, so one pass over all of EM checks them.
  const sep = k - PREMASTER_LENGTH - 1;
  let good = inputOk & (em.length === k ? 1 : 0) & (sep >= 10 ? 1 : 0); // PS of at least 8 bytes
  good &= isZero(em[0]!);
  good &= isZero(em[1]! ^ 0x02);
  for (let i = 2; i < sep; i++) good &= 1 - isZero(em[i]!);
  good &= isZero(em[sep]!);
  good &= isZero(em[sep + 1]! ^ clientVersion[0]!);
  good &= isZero(em[sep + 2]! ^ clientVersion[1]!);

  // Step 4: select M or R, byte by byte, under the mask.
  const mask = -good & 0xff; // 0xff if good, 0x00 if not
  const out = new Uint8Array(PREMASTER_LENGTH);
  for (let i = 0; i < PREMASTER_LENGTH; i++) {
    out[i] = (em[sep + 1 + i]! & mask) | (fallback[i]! & ~mask & 0xff);
  }
  em.fill(0);
  fallback.fill(0);
  return out;
}

