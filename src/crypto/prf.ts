/**
 * The key-derivation functions of SSLv3 to TLS 1.2, built once on top of
 * a provider's hashes and HMAC, so that every provider gets them.
 *
 * - SSLv3 (RFC 6101 6.1, 6.2.2): MD5(secret + SHA1("A"/"BB"/... + secret + seed)).
 * - TLS 1.0/1.1 (RFC 2246 5): P_MD5(S1, label + seed) XOR P_SHA1(S2, label + seed).
 * - TLS 1.2 (RFC 5246 5): P_hash(secret, label + seed), hash SHA-256 or SHA-384.
 *
 * @module
 */
import type { CryptoProvider, HashName } from './provider.js';
import { checkBytes, concatBytes } from './bytes.js';

/** The PRF a TLS version and suite use: `'ssl3'`, `'md5sha1'` (TLS 1.0/1.1), or a hash for TLS 1.2. */
export type PrfAlgorithm = 'ssl3' | 'md5sha1' | 'sha256' | 'sha384';

const encoder = new TextEncoder();

/** Labels are ASCII strings in the RFCs; bytes are accepted as they are. */
function labelBytes(label: string | Uint8Array): Uint8Array {
  if (typeof label === 'string') return encoder.encode(label);
  checkBytes(label, 'label');
  return label;
}

function checkLength(length: number): void {
  if (!Number.isInteger(length) || length < 0 || length > 0xffff * 64) {
    throw new RangeError(`length must be an integer in 0..${0xffff * 64}, got ${length}`);
  }
}

/** P_hash (RFC 5246 5): HMAC_hash(secret, A(i) + seed) with A(0) = seed, A(i) = HMAC_hash(secret, A(i-1)). */
export function pHash(provider: CryptoProvider, hash: HashName, secret: Uint8Array, seed: Uint8Array, length: number): Uint8Array {
  checkBytes(secret, 'secret');
  checkBytes(seed, 'seed');
  checkLength(length);
  const algorithm = provider.hmacs[hash];
  // Binding the key pays off only over many blocks: a handshake's outputs
  // (a master secret, a key block, a Finished) take one to three, and
  // binding cost several one-shot MACs.
  const blocks = Math.ceil(length / algorithm.outputLength);
  const key = blocks > 4 ? algorithm.key(secret) : { mac: (...parts: Uint8Array[]) => algorithm.mac(secret, ...parts) };
  const out = new Uint8Array(length);
  let a = seed;
  for (let offset = 0; offset < length; ) {
    a = key.mac(a);
    const block = key.mac(a, seed);
    out.set(block.subarray(0, Math.min(block.length, length - offset)), offset);
    offset += block.length;
  }
  return out;
}

/**
 * The TLS PRF: `PRF(secret, label, seed)` truncated to `length` bytes, for
 * TLS 1.0/1.1 (`'md5sha1'`) and TLS 1.2 (`'sha256'`, `'sha384'`). For
 * `'ssl3'` the label is ignored, as SSLv3's derivation has none.
 */
export function prf(
  provider: CryptoProvider,
  algorithm: PrfAlgorithm,
  secret: Uint8Array,
  label: string | Uint8Array,
  seed: Uint8Array,
  length: number,
): Uint8Array {
  if (algorithm === 'ssl3') return ssl3Prf(provider, secret, seed, length);
  const labelAndSeed = concatBytes(labelBytes(label), seed);
  if (algorithm === 'sha256' || algorithm === 'sha384') return pHash(provider, algorithm, secret, labelAndSeed, length);
  if (algorithm !== 'md5sha1') throw new RangeError(`algorithm must be ssl3, md5sha1, sha256 or sha384, got ${String(algorithm)}`);
  checkBytes(secret, 'secret');
  // RFC 2246 5: the halves overlap by one byte when the secret's length is odd.
  const half = Math.ceil(secret.length / 2);
  const md5 = pHash(provider, 'md5', secret.subarray(0, half), labelAndSeed, length);
  const sha1 = pHash(provider, 'sha1', secret.subarray(secret.length - half), labelAndSeed, length);
  for (let i = 0; i < length; i++) md5[i]! ^= sha1[i]!;
  return md5;
}

/**
 * SSLv3's derivation (RFC 6101 6.1 and 6.2.2), used both for the master
 * secret (seed = client_random + server_random) and the key block
 * (seed = server_random + client_random).
 */
export function ssl3Prf(provider: CryptoProvider, secret: Uint8Array, seed: Uint8Array, length: number): Uint8Array {
  checkBytes(secret, 'secret');
  checkBytes(seed, 'seed');
  // 26 rounds of 16 bytes ("A" to "ZZ...Z") is all SSLv3 defines.
  if (!Number.isInteger(length) || length < 0 || length > 26 * 16) {
    throw new RangeError(`length must be an integer in 0..416 for SSLv3, got ${length}`);
  }
  const md5 = provider.hashes.md5;
  const sha1 = provider.hashes.sha1;
  const out = new Uint8Array(length);
  for (let i = 0, offset = 0; offset < length; i++, offset += 16) {
    const salt = new Uint8Array(i + 1).fill(0x41 + i); // "A", "BB", "CCC", ...
    const block = md5.digest(secret, sha1.digest(salt, secret, seed));
    out.set(block.subarray(0, Math.min(16, length - offset)), offset);
  }
  return out;
}
