/**
 * The raw RSA permutation over `bigint`: key generation, the public
 * operation, and a blinded CRT private operation that checks its own
 * result. Padding lives above the provider, in `../rsa/`.
 *
 * Why our own code: no maintained pure-JavaScript RSA exists among the
 * libraries we trust (@noble/* has none); the arithmetic is in
 * `bigint-math.ts`.
 *
 * Pure code: imports nothing from `node:`.
 *
 * @module
 */
import type { RsaAlgorithm, RsaPrivateComponents, RsaPrivateOps, RsaPublicComponents, RsaPublicOps } from '../provider.js';
import { bigIntToBytes, bitLength, bytesToBigInt, checkBytes } from '../bytes.js';
import {
  bigIntToFixedBytes,
  gcd,
  generatePrimeAsync,
  lcm,
  modInverse,
  modPow,
  modPowSecret,
  randomInRange,
  yieldToEventLoop,
} from './bigint-math.js';

/** Smallest modulus `generate` accepts (the interface's floor). */
const MIN_GENERATED_BITS = 512;

/**
 * How many private operations reuse (by squaring) one blinding pair
 * before a fresh one is drawn. Squaring costs two multiplications; a
 * fresh pair costs a modular inverse (~10% of a signature), so a fresh
 * one every 32 calls costs well under 1%.
 */
const BLINDING_REFRESH = 32;

function checkPublic(key: RsaPublicComponents): void {
  if (key === null || typeof key !== 'object') throw new TypeError('key must be an object with n and e');
  if (typeof key.n !== 'bigint' || typeof key.e !== 'bigint') throw new TypeError('key.n and key.e must be bigints');
  // A modulus is odd and, for anything we could pad a message into, at least 2^256.
  if (key.n < 1n << 255n || (key.n & 1n) === 0n) throw new RangeError('key.n must be an odd modulus of at least 256 bits');
  if (key.e < 3n || (key.e & 1n) === 0n || key.e >= key.n) throw new RangeError('key.e must be odd, at least 3 and less than n');
}

class PurePublic implements RsaPublicOps {
  readonly n: bigint;
  readonly e: bigint;
  readonly bits: number;
  readonly byteLength: number;

  constructor(key: RsaPublicComponents) {
    checkPublic(key);
    this.n = key.n;
    this.e = key.e;
    this.bits = bitLength(key.n);
    this.byteLength = Math.ceil(this.bits / 8);
  }

  /** The integer in `input`, checked: k bytes and below n (RFC 8017 5.1.1/5.2.1 step 1). */
  protected toInteger(input: Uint8Array): bigint {
    checkBytes(input, 'input', this.byteLength);
    const value = bytesToBigInt(input);
    if (value >= this.n) throw new RangeError('input must be less than the modulus');
    return value;
  }

  publicOp(input: Uint8Array): Uint8Array {
    return bigIntToBytes(modPow(this.toInteger(input), this.e, this.n), this.byteLength);
  }
}

class PurePrivate extends PurePublic implements RsaPrivateOps {
  readonly #p: bigint;
  readonly #q: bigint;
  readonly #dP: bigint;
  readonly #dQ: bigint;
  readonly #qInv: bigint;
  readonly #pBits: number;
  readonly #qBits: number;
  // Blinding pair: r^e mod n and r^-1 mod n for a secret random r.
  #blind = 0n;
  #unblind = 0n;
  #uses = BLINDING_REFRESH;

  constructor(key: RsaPrivateComponents) {
    super(key);
    for (const name of ['d', 'p', 'q', 'dP', 'dQ', 'qInv'] as const) {
      if (typeof key[name] !== 'bigint') throw new TypeError(`key.${name} must be a bigint`);
    }
    const { p, q, dP, dQ, qInv } = key;
    // Cheap consistency checks; the e-check of every result catches the rest.
    if (p <= 1n || q <= 1n || p * q !== key.n) throw new RangeError('key.p and key.q must be the factors of key.n');
    if (dP <= 0n || dP >= p - 1n || dQ <= 0n || dQ >= q - 1n || qInv <= 0n || qInv >= p) {
      throw new RangeError('key.dP, key.dQ and key.qInv must be reduced CRT exponents and coefficient');
    }
    this.#p = p;
    this.#q = q;
    this.#dP = dP;
    this.#dQ = dQ;
    this.#qInv = qInv;
    this.#pBits = bitLength(p);
    this.#qBits = bitLength(q);
  }

  /**
   * Advances the blinding pair: squaring (r -> r^2 keeps r^e and r^-1
   * consistent) most of the time, a fresh random r every
   * BLINDING_REFRESH calls, so successive blinding factors are not
   * simply related for long.
   */
  #nextBlinding(): void {
    if (this.#uses >= BLINDING_REFRESH) {
      for (;;) {
        const r = randomInRange(2n, this.n - 1n);
        if (gcd(r, this.n) !== 1n) continue; // only if r hits a factor: never in practice
        this.#blind = modPow(r, this.e, this.n);
        this.#unblind = modInverse(r, this.n);
        break;
      }
      this.#uses = 0;
    } else {
      this.#blind = (this.#blind * this.#blind) % this.n;
      this.#unblind = (this.#unblind * this.#unblind) % this.n;
    }
    this.#uses++;
  }

  privateOpSync(input: Uint8Array): Uint8Array {
    const c = this.toInteger(input);
    this.#nextBlinding();
    const n = this.n;
    // Blinding (Kocher 1996; RFC 8017 5.1.2 note): the exponentiations see
    // c * r^e, unrelated to c, so their timing reveals nothing about it.
    const blinded = (c * this.#blind) % n;
    // CRT (RFC 8017 5.1.2 step 2.b, Garner's formula).
    const p = this.#p;
    const q = this.#q;
    const m1 = modPowSecret(blinded % p, this.#dP, p, this.#pBits);
    const m2 = modPowSecret(blinded % q, this.#dQ, q, this.#qBits);
    // h = qInv (m1 - m2) mod p, kept non-negative without a branch.
    const h = ((m1 - (m2 % p) + p) * this.#qInv) % p;
    const mBlinded = m2 + h * q;
    const m = (mBlinded * this.#unblind) % n;
    // Fault check (Boneh, DeMillo, Lipton 1997): one wrong CRT half would
    // let anyone who sees the result factor n, so it must never leave.
    if (modPow(m, this.e, n) !== c) {
      this.#uses = BLINDING_REFRESH; // start the next call from fresh state
      throw new Error('RSA private operation failed its consistency check');
    }
    // The result may be a PKCS#1 plaintext under attack: convert it without
    // timing its leading zeros (see bigIntToFixedBytes).
    return bigIntToFixedBytes(m, this.byteLength);
  }

  async privateOp(input: Uint8Array): Promise<Uint8Array> {
    return this.privateOpSync(input);
  }

  /** Never print private components. */
  override toString(): string {
    return `[RSA private key, ${this.bits} bits]`;
  }

  toJSON(): object {
    return { n: this.n.toString(16), e: this.e.toString(16) };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/**
 * Generates RSA components (FIPS 186-5 A.1.3-style constraints): p and q
 * of half the size each with their top two bits set, so n has exactly
 * `bits` bits; gcd(e, p-1) = gcd(e, q-1) = 1; |p - q| > 2^(bits/2 - 100);
 * d = e^-1 mod lcm(p-1, q-1) and d > 2^(bits/2).
 */
async function generate(bits: number, publicExponent: bigint = 65537n): Promise<RsaPrivateComponents> {
  if (!Number.isSafeInteger(bits) || bits < MIN_GENERATED_BITS) {
    throw new RangeError(`bits must be an integer of at least ${MIN_GENERATED_BITS}`);
  }
  if (typeof publicExponent !== 'bigint') throw new TypeError('publicExponent must be a bigint');
  if (publicExponent < 3n || (publicExponent & 1n) === 0n || bitLength(publicExponent) > 256) {
    throw new RangeError('publicExponent must be odd, at least 3 and at most 256 bits');
  }
  const e = publicExponent;
  const pBits = Math.ceil(bits / 2);
  const qBits = bits - pBits;
  const minDistance = 1n << BigInt(Math.max(0, Math.floor(bits / 2) - 100));
  for (;;) {
    const p = await generatePrimeAsync(pBits, { publicExponent: e });
    await yieldToEventLoop();
    let q: bigint;
    do {
      q = await generatePrimeAsync(qBits, { publicExponent: e });
    } while ((p > q ? p - q : q - p) <= minDistance);
    const n = p * q;
    if (bitLength(n) !== bits) continue; // cannot happen with the top two bits set; kept as a guard
    const d = modInverse(e, lcm(p - 1n, q - 1n));
    if (d <= 1n << BigInt(Math.floor(bits / 2))) continue;
    return { n, e, d, p, q, dP: d % (p - 1n), dQ: d % (q - 1n), qInv: modInverse(q, p) };
  }
}

/** The pure RSA algorithm of the pure provider. */
export const pureRsa: RsaAlgorithm = Object.freeze({
  name: 'rsa' as const,
  implementation: 'pure' as const,
  generate,
  publicKey: (key: RsaPublicComponents): RsaPublicOps => new PurePublic(key),
  privateKey: (key: RsaPrivateComponents): RsaPrivateOps => new PurePrivate(key),
});
