/**
 * Finite-field Diffie-Hellman over `bigint` for any (p, g): the RFC 7919
 * groups of TLS 1.2/1.3 and the arbitrary groups a TLS 1.2 server sends.
 *
 * Why our own code: @noble/* has no finite-field DH; the arithmetic is a
 * modular exponentiation (`bigint-math.ts`).
 *
 * Pure code: imports nothing from `node:`.
 *
 * @module
 */
import { FFDH_MAX_BITS, type FfdhAlgorithm, type KeyAgreementPair } from '../provider.js';
import { bigIntToBytes, bitLength, bytesToBigInt, checkBytes } from '../bytes.js';
import { TLSIllegalParameterException } from '../../errors.js';
import { bigIntToFixedBytes, modPowSecret, randomBits } from './bigint-math.js';

/** Smallest private exponent we draw (RFC 7919 5.2 asks at least 225 bits even for ffdhe2048). */
const MIN_EXPONENT_BITS = 256;

/**
 * Security strength in bits of a finite field of `bits` bits, by the
 * GNFS estimate of NIST SP 800-56B Rev. 2 Appendix D (the same formula
 * NIST uses to rate RSA moduli and FFC primes): 2048 -> ~110,
 * 3072 -> ~132, 4096 -> ~150, 6144 -> ~178, 8192 -> ~202.
 */
export function fieldStrength(bits: number): number {
  const nLn2 = bits * Math.LN2;
  const x = 1.923 * Math.cbrt(nLn2) * Math.cbrt(Math.log(nLn2)) ** 2 - 4.69;
  return x / Math.LN2;
}

/**
 * The default private-exponent size for a group with a `pBits`-bit
 * prime: twice the group's security strength (a private exponent of 2s
 * bits resists the square-root attacks on the exponent as well as the
 * field resists index calculus: NIST SP 800-56A Rev. 3 5.6.1.1.1,
 * RFC 7919 5.2), at least 256 bits, rounded up to whole bytes, and never
 * more than bitlen(p) - 1 (so that x < p - 1). ffdhe2048 -> 256,
 * ffdhe3072 -> 264, ffdhe4096 -> 304, ffdhe6144 -> 360, ffdhe8192 -> 408.
 */
export function defaultExponentBits(pBits: number): number {
  const wanted = Math.max(MIN_EXPONENT_BITS, Math.ceil((2 * fieldStrength(pBits)) / 8) * 8);
  return Math.min(wanted, pBits - 1);
}

/**
 * Checks the group. In TLS 1.2, p and g arrive from the peer in
 * ServerKeyExchange, so a nonsensical group is the peer's fault:
 * TLSIllegalParameterException, as for a bad public value.
 */
function checkGroup(p: bigint, g: bigint): void {
  if (typeof p !== 'bigint' || typeof g !== 'bigint') throw new TypeError('p and g must be bigints');
  // A prime modulus is odd; anything below 2^16 cannot be a real group.
  if (p < 1n << 16n || (p & 1n) === 0n) throw new TLSIllegalParameterException('DH modulus p is not a usable prime');
  if (bitLength(p) > FFDH_MAX_BITS) throw new TLSIllegalParameterException(`DH modulus p is larger than ${FFDH_MAX_BITS} bits`);
  // g = 1 and g = p - 1 generate subgroups of order 1 and 2 (RFC 7919 5.1 spirit).
  if (g <= 1n || g >= p - 1n) throw new TLSIllegalParameterException('DH generator g must satisfy 1 < g < p - 1');
}

class PureFfdhPair implements KeyAgreementPair {
  readonly publicKey: Uint8Array;
  readonly #p: bigint;
  readonly #x: bigint;
  readonly #xBits: number;
  readonly #length: number;

  constructor(p: bigint, g: bigint, x: bigint, xBits: number) {
    this.#p = p;
    this.#x = x;
    this.#xBits = xBits;
    this.#length = Math.ceil(bitLength(p) / 8);
    // y = g^x mod p, sent padded to the length of p (RFC 7919 5.1; RFC 8446 4.2.8.1).
    this.publicKey = bigIntToBytes(modPowSecret(g, x, p, xBits), this.#length);
  }

  computeSecret(peerPublic: Uint8Array): Uint8Array {
    checkBytes(peerPublic, 'peerPublic');
    // TLS 1.3 sends Y padded to len(p) (RFC 8446 4.2.8.1); TLS <= 1.2 sends
    // it as an opaque integer without leading zeros (RFC 5246 7.4.7.2), so
    // any length 1..len(p) is well-formed, nothing longer is.
    if (peerPublic.length === 0 || peerPublic.length > this.#length) {
      throw new TLSIllegalParameterException('DH public value has an invalid length');
    }
    const y = bytesToBigInt(peerPublic);
    // RFC 7919 5.1 / NIST SP 800-56A 5.6.2.3.1: 1 < y < p - 1, which rules out
    // 0, 1 and p - 1 (the elements of order 1 and 2) and unreduced values.
    if (y <= 1n || y >= this.#p - 1n) {
      throw new TLSIllegalParameterException('DH public value is out of range');
    }
    const z = modPowSecret(y, this.#x, this.#p, this.#xBits);
    // Only possible when y lies in a tiny subgroup of a non-safe prime;
    // a secret of 1 would be known to everyone.
    if (z <= 1n) throw new TLSIllegalParameterException('DH shared secret is degenerate');
    // Padded to len(p); TLS 1.2 strips leading zeros itself (RFC 5246 8.1.2).
    // Converted without timing its leading zeros (Raccoon, 2020).
    return bigIntToFixedBytes(z, this.#length);
  }

  /** Never print the private exponent. */
  toString(): string {
    return `[FFDH key pair, ${bitLength(this.#p)}-bit group]`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

function generate(p: bigint, g: bigint, exponentBits?: number): KeyAgreementPair {
  checkGroup(p, g);
  const pBits = bitLength(p);
  const bits = exponentBits ?? defaultExponentBits(pBits);
  if (!Number.isSafeInteger(bits) || bits < 2 || bits > pBits - 1) {
    throw new RangeError(`exponentBits must be an integer from 2 to ${pBits - 1} (bitlen(p) - 1)`);
  }
  // x uniform in [2, 2^bits); with bits <= bitlen(p) - 1, x < p - 1.
  let x: bigint;
  do x = randomBits(bits);
  while (x < 2n);
  return new PureFfdhPair(p, g, x, bits);
}

function fromPrivate(p: bigint, g: bigint, x: bigint): KeyAgreementPair {
  checkGroup(p, g);
  if (typeof x !== 'bigint') throw new TypeError('x must be a bigint');
  if (x < 1n || x >= p - 1n) throw new RangeError('x must satisfy 1 <= x < p - 1');
  return new PureFfdhPair(p, g, x, bitLength(x));
}

/** The pure finite-field DH algorithm of the pure provider. */
export const pureFfdh: FfdhAlgorithm = Object.freeze({
  name: 'ffdh' as const,
  implementation: 'pure' as const,
  generate,
  fromPrivate,
});
