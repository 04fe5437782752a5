/**
 * Small byte helpers shared by every crypto implementation: argument
 * checks that name the parameter, constant-time comparison, and
 * conversions between big-endian bytes and bigint.
 *
 * Pure code: imports nothing from `node:`.
 *
 * @module
 */

/** Throws a TypeError unless `value` is a Uint8Array (optionally of one of `lengths`). */
export function checkBytes(value: unknown, name: string, ...lengths: number[]): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new TypeError(`${name} must be a Uint8Array, got ${describe(value)}`);
  }
  if (lengths.length > 0 && !lengths.includes(value.length)) {
    const want = lengths.length === 1 ? `${lengths[0]}` : `one of ${lengths.join(', ')}`;
    throw new RangeError(`${name} must be ${want} bytes long, got ${value.length}`);
  }
}

/** Throws a TypeError unless `value` is a number, a RangeError unless it is a non-negative safe integer. */
export function checkCount(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${typeof value}`);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

/** Throws a RangeError unless `out` is absent or exactly `length` bytes; returns the buffer to write into. */
export function outputBuffer(out: Uint8Array | undefined, length: number, name = 'out'): Uint8Array {
  if (out === undefined) return new Uint8Array(length);
  checkBytes(out, name, length);
  return out;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? (value.constructor?.name ?? 'an object') : typeof value;
}

/**
 * Compares two byte strings in time that depends only on their lengths.
 * Use for MACs, Finished values and anything else secret.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Concatenates byte strings into a new array. */
/**
 * a < b for big-endian numbers of the same length. Variable time: only for
 * public values (an RSA signature against its modulus).
 */
export function publicLessThan(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]!;
  }
  return false;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lower-case hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]!];
  return s;
}

/** Bytes of a hex string (whitespace ignored). */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) {
    throw new TypeError('hex must be an even-length string of hex digits');
  }
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16);
  return out;
}

/** Big-endian unsigned bytes to bigint. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt('0x' + toHex(bytes));
}

/**
 * bigint to big-endian unsigned bytes, left-padded to `length` (or the
 * minimal length when omitted). Throws a RangeError if it does not fit.
 */
export function bigIntToBytes(value: bigint, length?: number): Uint8Array {
  if (value < 0n) throw new RangeError('value must not be negative');
  let hex = value.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  if (value === 0n) hex = '';
  const minimal = hex.length / 2;
  const size = length ?? Math.max(minimal, 1);
  if (minimal > size) throw new RangeError(`value does not fit in ${size} bytes`);
  const out = new Uint8Array(size);
  out.set(fromHex(hex), size - minimal);
  return out;
}

/** Number of bits in a non-negative bigint (0 for 0). */
export function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}
