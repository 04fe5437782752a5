/**
 * Number theory over native `bigint` for the pure RSA and finite-field DH
 * implementations: modular exponentiation, modular inverse, Miller–Rabin,
 * random numbers and RSA prime generation.
 *
 * Why our own code: no maintained, audited JavaScript library offers RSA
 * or arbitrary-group DH arithmetic (@noble/* covers curves only), and
 * V8's `bigint` already gives fast schoolbook/Karatsuba multiplication
 * and division, so a thin layer on top is both small and quick.
 *
 * Timing: V8's bigint operations are not constant time (their cost
 * follows the operands' lengths). The RSA code therefore blinds every
 * private operation, and exponentiations with secret exponents use a
 * fixed window (a sequence of squarings and multiplications that does
 * not depend on the exponent's bits) rather than a sliding window.
 *
 * Pure code: imports nothing from `node:`; randomness comes from
 * `globalThis.crypto.getRandomValues`.
 *
 * @module
 */

/*
 * Choice of reduction, measured (Node 20, 2-core shared machine, CPU
 * time, 1024-bit modulus and exponent, i.e. one half of an RSA-2048 CRT
 * signature; exponentiations per CPU-second, mean of 6 interleaved runs):
 *
 *   plain `%`, binary square-and-multiply   ~445
 *   plain `%`, sliding window 4 / 5 / 6     ~525 / ~575 / ~560
 *   plain `%`, fixed window 4 / 5           ~630 / ~620   (a second run)
 *   Barrett, sliding window 5               ~550
 *   Montgomery (REDC with & mask), window 5 ~575-600
 *   Montgomery (BigInt.asUintN), window 5   ~540-575
 *
 * Windowing gains ~25% over binary; Barrett and Montgomery do not beat
 * plain `%` beyond the noise (each costs two or three full products
 * where `%` costs one product and one division of similar cost, and the
 * extra bigint allocations eat the difference). So: plain `%` with a
 * window of 5 (or fewer bits for short exponents).
 */

/** Window size (bits) for an exponent of `bits` bits; larger windows pay only on long exponents. */
function windowBits(bits: number): number {
  if (bits <= 24) return 1;
  if (bits <= 96) return 3;
  if (bits <= 320) return 4;
  if (bits <= 2048) return 5;
  return 6;
}

function checkModulus(modulus: bigint, name = 'modulus'): void {
  if (typeof modulus !== 'bigint') throw new TypeError(`${name} must be a bigint`);
  if (modulus <= 0n) throw new RangeError(`${name} must be positive`);
}

function reduce(value: bigint, modulus: bigint): bigint {
  const r = value % modulus;
  return r < 0n ? r + modulus : r;
}

/**
 * `base^exponent mod modulus` with a sliding window. For public or
 * otherwise non-secret exponents (RSA public operation, verification).
 * @throws RangeError if the modulus is not positive or the exponent is negative.
 */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  checkModulus(modulus);
  if (typeof base !== 'bigint' || typeof exponent !== 'bigint') throw new TypeError('base and exponent must be bigints');
  if (exponent < 0n) throw new RangeError('exponent must not be negative');
  if (modulus === 1n) return 0n;
  const b = reduce(base, modulus);
  if (exponent === 0n) return 1n;
  const bits = exponent.toString(2);
  const w = windowBits(bits.length);
  if (w === 1) {
    let r = b;
    for (let i = 1; i < bits.length; i++) {
      r = (r * r) % modulus;
      if (bits.charCodeAt(i) === 49) r = (r * b) % modulus;
    }
    return r;
  }
  // Odd powers b^1, b^3, ..., b^(2^w - 1).
  const table: bigint[] = new Array<bigint>(1 << (w - 1));
  table[0] = b;
  const b2 = (b * b) % modulus;
  for (let i = 1; i < table.length; i++) table[i] = (table[i - 1]! * b2) % modulus;
  let r = 1n;
  let started = false;
  let i = 0;
  const length = bits.length;
  while (i < length) {
    if (bits.charCodeAt(i) === 48) {
      if (started) r = (r * r) % modulus;
      i++;
      continue;
    }
    // The longest window of at most w bits starting here and ending in a 1.
    let j = Math.min(i + w, length);
    while (bits.charCodeAt(j - 1) === 48) j--;
    const odd = table[(parseInt(bits.slice(i, j), 2) - 1) >> 1]!;
    if (started) {
      for (let k = i; k < j; k++) r = (r * r) % modulus;
      r = (r * odd) % modulus;
    } else {
      r = odd;
      started = true;
    }
    i = j;
  }
  return r;
}

/**
 * `base^exponent mod modulus` for a SECRET exponent (RSA d mod p-1, a DH
 * private value): a fixed window, so the sequence of squarings and
 * multiplications depends only on `bitLength` (default: the exponent's
 * own length), not on the exponent's bits, unlike a sliding window whose
 * pattern reveals them (Bernstein et al., "Sliding right into disaster",
 * CHES 2017). Measured at the same speed as the sliding window. Pass
 * `bitLength` (e.g. the length a DH exponent was drawn with) so that
 * leading zero bits do not shorten the sequence either.
 */
export function modPowSecret(base: bigint, exponent: bigint, modulus: bigint, bitLength?: number): bigint {
  checkModulus(modulus);
  if (typeof base !== 'bigint' || typeof exponent !== 'bigint') throw new TypeError('base and exponent must be bigints');
  if (exponent < 0n) throw new RangeError('exponent must not be negative');
  if (modulus === 1n) return 0n;
  const b = reduce(base, modulus);
  let bits = exponent.toString(2);
  const length = Math.max(bits.length, bitLength ?? 0);
  const w = windowBits(length);
  const windows = Math.ceil(length / w);
  bits = bits.padStart(windows * w, '0');
  // All powers b^0 .. b^(2^w - 1): every window multiplies, zero or not.
  const table: bigint[] = new Array<bigint>(1 << w);
  table[0] = 1n;
  table[1] = b;
  for (let i = 2; i < table.length; i++) table[i] = (table[i - 1]! * b) % modulus;
  let r = table[parseInt(bits.slice(0, w), 2)]!;
  for (let i = w; i < bits.length; i += w) {
    for (let k = 0; k < w; k++) r = (r * r) % modulus;
    r = (r * table[parseInt(bits.slice(i, i + w), 2)]!) % modulus;
  }
  return r;
}

/** Greatest common divisor of two non-negative bigints. */
export function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** Least common multiple of two positive bigints. */
export function lcm(a: bigint, b: bigint): bigint {
  return (a / gcd(a, b)) * b;
}

/**
 * The inverse of `a` modulo `modulus` (extended Euclid).
 * @throws RangeError if `a` is not invertible modulo `modulus`.
 */
export function modInverse(a: bigint, modulus: bigint): bigint {
  checkModulus(modulus);
  let r0 = modulus;
  let r1 = reduce(a, modulus);
  let t0 = 0n;
  let t1 = 1n;
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [t0, t1] = [t1, t0 - q * t1];
  }
  if (r0 !== 1n) throw new RangeError('value is not invertible modulo the modulus');
  return t0 < 0n ? t0 + modulus : t0;
}

/**
 * `value` as exactly `length` big-endian bytes, with work that does not
 * depend on how many leading zero bytes it has. `bigIntToBytes` goes
 * through a hex string whose length follows the value's size; for a
 * secret (an RSA plaintext, a DH shared secret) that would time its
 * leading zeros, the very signal of Bleichenbacher/Marvin (is the first
 * byte of the plaintext zero?) and Raccoon (does the DH secret start with
 * zeros?). Adding 2^(8*length) fixes the string length; the hex digits
 * are decoded with arithmetic instead of a lookup by value.
 * @throws RangeError if the value is negative or does not fit.
 */
export function bigIntToFixedBytes(value: bigint, length: number): Uint8Array {
  const hex = (value + (1n << BigInt(8 * length))).toString(16);
  // value + 2^(8*length) is "1" followed by 2*length hex digits exactly when value fits.
  if (value < 0n || hex.length !== 2 * length + 1 || hex.charCodeAt(0) !== 0x31) throw new RangeError(`value does not fit in ${length} bytes`);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const hi = hex.charCodeAt(2 * i + 1);
    const lo = hex.charCodeAt(2 * i + 2);
    // '0'-'9' are 0x30-0x39, 'a'-'f' are 0x61-0x66: (c & 0xf) + 9 * (c >> 6).
    out[i] = (((hi & 0xf) + 9 * (hi >> 6)) << 4) | ((lo & 0xf) + 9 * (lo >> 6));
  }
  return out;
}

// ---------------------------------------------------------------- randomness

/** `length` bytes from the platform's CSPRNG (getRandomValues caps one call at 65536 bytes). */
export function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let off = 0; off < length; off += 65536) {
    globalThis.crypto.getRandomValues(out.subarray(off, Math.min(length, off + 65536)));
  }
  return out;
}

function bytesToBig(bytes: Uint8Array): bigint {
  let hex = '';
  for (let i = 0; i < bytes.length; i++) hex += (bytes[i]! < 16 ? '0' : '') + bytes[i]!.toString(16);
  return hex === '' ? 0n : BigInt('0x' + hex);
}

/** A uniformly random bigint in [0, 2^bits). */
export function randomBits(bits: number): bigint {
  if (!Number.isSafeInteger(bits) || bits < 0) throw new RangeError('bits must be a non-negative integer');
  if (bits === 0) return 0n;
  const bytes = randomBytes(Math.ceil(bits / 8));
  const excess = bytes.length * 8 - bits;
  bytes[0]! &= 0xff >> excess;
  return bytesToBig(bytes);
}

/**
 * A uniformly random bigint in [min, max) (rejection sampling, so no
 * modulo bias).
 * @throws RangeError if the range is empty.
 */
export function randomInRange(min: bigint, max: bigint): bigint {
  if (typeof min !== 'bigint' || typeof max !== 'bigint') throw new TypeError('min and max must be bigints');
  if (max <= min) throw new RangeError('randomInRange: the range is empty');
  const span = max - min;
  const bits = (span - 1n).toString(2).length;
  for (;;) {
    const r = randomBits(bits);
    if (r < span) return min + r;
  }
}

// ---------------------------------------------------------------- primes

/** The odd primes below 2^14, for trial division and sieving. */
const SMALL_PRIMES: readonly number[] = (() => {
  const limit = 1 << 14;
  const composite = new Uint8Array(limit);
  const primes: number[] = [];
  for (let i = 3; i < limit; i += 2) {
    if (composite[i]) continue;
    primes.push(i);
    for (let j = i * i; j < limit; j += 2 * i) composite[j] = 1;
  }
  return primes;
})();

/** Trial division: true if `n` has an odd factor below 2^14 (n itself larger). */
function hasSmallFactor(n: bigint): boolean {
  for (const p of SMALL_PRIMES) {
    const bp = BigInt(p);
    if (bp * bp > n) return false;
    if (n % bp === 0n) return true;
  }
  return false;
}

/**
 * One Miller–Rabin round for odd n > 3 with base a; true when n passes
 * (is a probable prime to base a).
 */
function millerRabinRound(n: bigint, d: bigint, s: number, a: bigint): boolean {
  const nMinus1 = n - 1n;
  let x = modPow(a, d, n);
  if (x === 1n || x === nMinus1) return true;
  for (let i = 1; i < s; i++) {
    x = (x * x) % n;
    if (x === nMinus1) return true;
    if (x === 1n) return false;
  }
  return false;
}

/**
 * Miller–Rabin with `rounds` uniformly random bases in [2, n-2].
 * Returns false for composites with probability at least 1 - 4^-rounds
 * (for any input, adversarial ones included).
 */
export function millerRabin(n: bigint, rounds: number): boolean {
  if (n < 2n) return false;
  if (n < 4n) return true;
  if ((n & 1n) === 0n) return false;
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  for (let i = 0; i < rounds; i++) {
    if (!millerRabinRound(n, d, s, randomInRange(2n, n - 1n))) return false;
  }
  return true;
}

/**
 * Whether `n` is (very probably) prime: trial division by the primes
 * below 2^14, then Miller–Rabin with random bases. The default of 40
 * rounds bounds the error by 2^-80 even for adversarially chosen `n`.
 */
export function isProbablePrime(n: bigint, rounds = 40): boolean {
  if (typeof n !== 'bigint') throw new TypeError('n must be a bigint');
  if (n < 2n) return false;
  if (n === 2n) return true;
  if ((n & 1n) === 0n) return false;
  if (n < 1n << 28n) {
    // Small enough to decide exactly by trial division.
    const v = Number(n);
    for (let p = 3; p * p <= v; p += 2) if (v % p === 0) return false;
    return true;
  }
  if (hasSmallFactor(n)) return false;
  return millerRabin(n, rounds);
}

/**
 * Miller–Rabin rounds for a RANDOMLY generated candidate of `bits` bits,
 * as FIPS 186-5 Appendix B.3 / Table B.1 allows (the average-case error
 * for random candidates is far below the worst-case 4^-t): at most
 * 2^-100 error for RSA prime factors. Smaller sizes use more rounds.
 */
function roundsForRandomCandidate(bits: number): number {
  if (bits >= 1536) return 4;
  if (bits >= 1024) return 5;
  if (bits >= 512) return 7;
  if (bits >= 256) return 16;
  return 40;
}

/** Options of `generatePrime`. */
export interface PrimeOptions {
  /**
   * Set the two most significant bits, so that the product of two such
   * primes of b1 and b2 bits has exactly b1 + b2 bits (RSA key generation).
   * Default true.
   */
  readonly topTwoBits?: boolean;
  /** Require gcd(publicExponent, p - 1) = 1 (RSA: e must be invertible modulo p - 1). */
  readonly publicExponent?: bigint;
}

/** How far an incremental search runs from one random start before drawing a new one. */
const SEARCH_SPAN = 1 << 16;

/**
 * Searches for a prime from one random start: random odd candidate with
 * the top bits set, then candidate + 2i for i = 0, 1, ... with a sieve
 * over the small primes (kept as residues in plain numbers, so skipping
 * a composite costs no bigint work), Miller–Rabin on the survivors.
 * Returns null when the span is exhausted or the top bits were lost.
 */
function searchFrom(bits: number, opts: PrimeOptions): bigint | null {
  const top = opts.topTwoBits ?? true;
  let start = randomBits(bits) | (1n << BigInt(bits - 1)) | 1n;
  if (top && bits >= 2) start |= 1n << BigInt(bits - 2);
  const residues = new Int32Array(SMALL_PRIMES.length);
  for (let k = 0; k < SMALL_PRIMES.length; k++) residues[k] = Number(start % BigInt(SMALL_PRIMES[k]!));
  const e = opts.publicExponent;
  const rounds = roundsForRandomCandidate(bits);
  for (let delta = 0; delta < SEARCH_SPAN; delta += 2) {
    let composite = false;
    for (let k = 0; k < SMALL_PRIMES.length; k++) {
      if ((residues[k]! + delta) % SMALL_PRIMES[k]! === 0) {
        composite = true;
        break;
      }
    }
    if (composite) continue;
    const candidate = start + BigInt(delta);
    // A carry past the top bit would change the size (and the top bits): start over.
    if (candidate >> BigInt(bits) !== 0n) return null;
    if (e !== undefined && gcd(e, candidate - 1n) !== 1n) continue;
    if (millerRabin(candidate, rounds)) return candidate;
  }
  return null;
}

/**
 * A random prime of exactly `bits` bits (at least 16). Synchronous;
 * `generatePrimeAsync` does the same while letting the event loop run.
 */
export function generatePrime(bits: number, opts: PrimeOptions = {}): bigint {
  checkPrimeBits(bits);
  for (;;) {
    const p = searchFrom(bits, opts);
    if (p !== null) return p;
  }
}

/**
 * `generatePrime` that yields to the event loop between search spans and
 * Miller–Rabin batches, so a server generating a key keeps serving.
 */
export async function generatePrimeAsync(bits: number, opts: PrimeOptions = {}): Promise<bigint> {
  checkPrimeBits(bits);
  for (;;) {
    const p = searchFrom(bits, opts);
    if (p !== null) return p;
    await yieldToEventLoop();
  }
}

function checkPrimeBits(bits: number): void {
  if (!Number.isSafeInteger(bits) || bits < 16) throw new RangeError('bits must be an integer of at least 16');
}

/** Lets queued timers and I/O run (setTimeout is a global in every JavaScript runtime we target). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
