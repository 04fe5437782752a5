/**
 * Bounds-checked reading of TLS wire structures (RFC 8446 3, RFC 5246 4).
 *
 * Every read checks the remaining length first; a length prefix is
 * checked against its container before it is trusted; nested vectors
 * are read through sub-parsers that cannot see past their own end.
 * Any violation throws `TLSDecodeError`, which the connection turns into
 * a `decode_error` alert.
 *
 * Byte strings are returned as views (`subarray`) into the input, not
 * copies: callers that keep them beyond the life of the input buffer
 * must copy (`slice`).
 *
 * @module
 */
import { TLSDecodeError } from '../errors.js';

/** Width of a length prefix in bytes. */
export type PrefixWidth = 1 | 2 | 3;

export class Parser {
  readonly #bytes: Uint8Array;
  #offset: number;
  readonly #end: number;

  /** Reads `bytes` (or the part of it from `start` to `end`). */
  constructor(bytes: Uint8Array, start = 0, end = bytes.length) {
    if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes must be a Uint8Array');
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > bytes.length || start > end) {
      throw new RangeError(`Parser range ${start}..${end} does not fit a buffer of ${bytes.length} bytes`);
    }
    this.#bytes = bytes;
    this.#offset = start;
    this.#end = end;
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.#end - this.#offset;
  }

  /** True when everything has been read. */
  get atEnd(): boolean {
    return this.#offset === this.#end;
  }

  #need(length: number, what: string): number {
    if (length > this.#end - this.#offset) {
      throw new TLSDecodeError(`${what}: needs ${length} bytes, only ${this.#end - this.#offset} left`);
    }
    const at = this.#offset;
    this.#offset += length;
    return at;
  }

  /** An 8-bit unsigned integer. */
  u8(what = 'uint8'): number {
    return this.#bytes[this.#need(1, what)]!;
  }

  /** A 16-bit big-endian unsigned integer. */
  u16(what = 'uint16'): number {
    const at = this.#need(2, what);
    const b = this.#bytes;
    return (b[at]! << 8) | b[at + 1]!;
  }

  /** A 24-bit big-endian unsigned integer. */
  u24(what = 'uint24'): number {
    const at = this.#need(3, what);
    const b = this.#bytes;
    return (b[at]! << 16) | (b[at + 1]! << 8) | b[at + 2]!;
  }

  /** A 32-bit big-endian unsigned integer. */
  u32(what = 'uint32'): number {
    const at = this.#need(4, what);
    const b = this.#bytes;
    return b[at]! * 0x1000000 + ((b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!);
  }

  /** A 64-bit big-endian unsigned integer. */
  u64(what = 'uint64'): bigint {
    const high = this.u32(what);
    const low = this.u32(what);
    return (BigInt(high) << 32n) | BigInt(low);
  }

  /** Exactly `length` bytes (a view). */
  bytes(length: number, what = 'opaque'): Uint8Array {
    if (!Number.isInteger(length) || length < 0) throw new RangeError('length must be a non-negative integer');
    const at = this.#need(length, what);
    return this.#bytes.subarray(at, at + length);
  }

  /** Everything that is left (a view). */
  rest(): Uint8Array {
    const at = this.#offset;
    this.#offset = this.#end;
    return this.#bytes.subarray(at, this.#end);
  }

  #prefix(width: PrefixWidth, what: string): number {
    return width === 1 ? this.u8(what) : width === 2 ? this.u16(what) : this.u24(what);
  }

  /**
   * A byte vector with a `width`-byte length prefix (`opaque x<a..b>`),
   * optionally bounded: a length outside [min, max] is a decode error.
   */
  vector(width: PrefixWidth, what = 'vector', min = 0, max = Infinity): Uint8Array {
    const length = this.#prefix(width, what);
    if (length < min || length > max) {
      throw new TLSDecodeError(`${what}: length ${length} outside ${min}..${max}`);
    }
    return this.bytes(length, what);
  }

  /** `opaque x<0..2^8-1>`. */
  vector8(what = 'vector'): Uint8Array {
    return this.vector(1, what);
  }

  /** `opaque x<0..2^16-1>`. */
  vector16(what = 'vector'): Uint8Array {
    return this.vector(2, what);
  }

  /** `opaque x<0..2^24-1>`. */
  vector24(what = 'vector'): Uint8Array {
    return this.vector(3, what);
  }

  /**
   * A parser over the next length-prefixed vector (for nested
   * structures). The outer parser moves past the whole vector.
   */
  sub(width: PrefixWidth, what = 'vector', min = 0, max = Infinity): Parser {
    const length = this.#prefix(width, what);
    if (length < min || length > max) {
      throw new TLSDecodeError(`${what}: length ${length} outside ${min}..${max}`);
    }
    const at = this.#need(length, what);
    return new Parser(this.#bytes, at, at + length);
  }

  /** A parser over the next `length` bytes, which the outer parser skips. */
  fixed(length: number, what = 'struct'): Parser {
    const at = this.#need(length, what);
    return new Parser(this.#bytes, at, at + length);
  }

  /**
   * A vector of fixed-size items read with `read` (e.g. `CipherSuite
   * cipher_suites<2..2^16-2>`): the vector's length must be a multiple
   * of `itemSize`.
   */
  list<T>(width: PrefixWidth, itemSize: number, read: (p: Parser) => T, what = 'list', min = 0, max = Infinity): T[] {
    const p = this.sub(width, what, min, max);
    if (p.remaining % itemSize !== 0) {
      throw new TLSDecodeError(`${what}: length ${p.remaining} is not a multiple of ${itemSize}`);
    }
    const items: T[] = [];
    while (!p.atEnd) items.push(read(p));
    return items;
  }

  /** A vector of 8-bit values. */
  u8List(width: PrefixWidth, what = 'list', min = 0, max = Infinity): number[] {
    return this.list(width, 1, (p) => p.u8(what), what, min, max);
  }

  /** A vector of 16-bit values. */
  u16List(width: PrefixWidth, what = 'list', min = 0, max = Infinity): number[] {
    return this.list(width, 2, (p) => p.u16(what), what, min, max);
  }

  /**
   * A vector of variable-size items: `read` is called until the vector is
   * consumed; each call must consume at least one byte.
   */
  items<T>(width: PrefixWidth, read: (p: Parser) => T, what = 'list', min = 0, max = Infinity): T[] {
    const p = this.sub(width, what, min, max);
    const items: T[] = [];
    while (!p.atEnd) {
      const before = p.remaining;
      items.push(read(p));
      if (p.remaining === before) throw new Error(`${what}: item reader consumed nothing`);
    }
    return items;
  }

  /** Asserts that everything was read: trailing bytes are a decode error. */
  end(what = 'message'): void {
    if (!this.atEnd) throw new TLSDecodeError(`${what}: ${this.remaining} trailing bytes`);
  }
}
