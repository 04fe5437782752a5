/**
 * Building TLS wire structures.
 *
 * The buffer grows by doubling, so writing n bytes costs O(n) however
 * they arrive. Length prefixes are reserved and back-patched when the
 * nested content is done (`w.prefixed(2, () => ...)`), never computed by
 * hand. Values that do not fit their field throw a RangeError: that is a
 * bug in the caller, not bad input from the network.
 *
 * @module
 */
import type { PrefixWidth } from './parser.js';

const MAX_FOR_WIDTH = [0, 0xff, 0xffff, 0xffffff] as const;

export class Writer {
  #buffer: Uint8Array;
  #length = 0;

  /** `capacity` is only a hint; the writer grows as needed. */
  constructor(capacity = 256) {
    this.#buffer = new Uint8Array(Math.max(16, capacity));
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#length;
  }

  #reserve(extra: number): number {
    const at = this.#length;
    const needed = at + extra;
    if (needed > this.#buffer.length) {
      let size = this.#buffer.length * 2;
      while (size < needed) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.#buffer.subarray(0, at));
      this.#buffer = grown;
    }
    this.#length = needed;
    return at;
  }

  #checkInt(value: number, max: number, what: string): void {
    if (!Number.isInteger(value) || value < 0 || value > max) {
      throw new RangeError(`${what} must be an integer in 0..${max}, got ${value}`);
    }
  }

  u8(value: number): this {
    this.#checkInt(value, 0xff, 'uint8');
    // Reserve first: it may replace the buffer.
    const at = this.#reserve(1);
    this.#buffer[at] = value;
    return this;
  }

  u16(value: number): this {
    this.#checkInt(value, 0xffff, 'uint16');
    const at = this.#reserve(2);
    this.#buffer[at] = value >>> 8;
    this.#buffer[at + 1] = value & 0xff;
    return this;
  }

  u24(value: number): this {
    this.#checkInt(value, 0xffffff, 'uint24');
    const at = this.#reserve(3);
    this.#buffer[at] = value >>> 16;
    this.#buffer[at + 1] = (value >>> 8) & 0xff;
    this.#buffer[at + 2] = value & 0xff;
    return this;
  }

  u32(value: number): this {
    this.#checkInt(value, 0xffffffff, 'uint32');
    const at = this.#reserve(4);
    this.#buffer[at] = value >>> 24;
    this.#buffer[at + 1] = (value >>> 16) & 0xff;
    this.#buffer[at + 2] = (value >>> 8) & 0xff;
    this.#buffer[at + 3] = value & 0xff;
    return this;
  }

  u64(value: bigint): this {
    if (typeof value !== 'bigint' || value < 0n || value > 0xffffffffffffffffn) {
      throw new RangeError(`uint64 must be a bigint in 0..2^64-1, got ${String(value)}`);
    }
    return this.u32(Number(value >> 32n)).u32(Number(value & 0xffffffffn));
  }

  /** Raw bytes, no prefix. */
  bytes(data: Uint8Array): this {
    if (!(data instanceof Uint8Array)) throw new TypeError('data must be a Uint8Array');
    const at = this.#reserve(data.length); // may replace the buffer
    this.#buffer.set(data, at);
    return this;
  }

  /** A byte vector with a `width`-byte length prefix. */
  vector(width: PrefixWidth, data: Uint8Array): this {
    if (!(data instanceof Uint8Array)) throw new TypeError('data must be a Uint8Array');
    this.#checkInt(data.length, MAX_FOR_WIDTH[width], `vector length (${width}-byte prefix)`);
    this.#writePrefix(width, data.length);
    return this.bytes(data);
  }

  vector8(data: Uint8Array): this {
    return this.vector(1, data);
  }

  vector16(data: Uint8Array): this {
    return this.vector(2, data);
  }

  vector24(data: Uint8Array): this {
    return this.vector(3, data);
  }

  #writePrefix(width: PrefixWidth, value: number): void {
    if (width === 1) this.u8(value);
    else if (width === 2) this.u16(value);
    else this.u24(value);
  }

  /**
   * Writes whatever `body` writes, preceded by its length in `width`
   * bytes (reserved now, filled in afterwards).
   */
  prefixed(width: PrefixWidth, body: (w: this) => void): this {
    const at = this.#reserve(width);
    body(this);
    const length = this.#length - at - width;
    this.#checkInt(length, MAX_FOR_WIDTH[width], `vector length (${width}-byte prefix)`);
    for (let i = width - 1, v = length; i >= 0; i--, v >>>= 8) this.#buffer[at + i] = v & 0xff;
    return this;
  }

  /** A vector of 16-bit values with a `width`-byte length prefix. */
  u16List(width: PrefixWidth, values: readonly number[]): this {
    return this.prefixed(width, (w) => {
      for (const v of values) w.u16(v);
    });
  }

  /** A vector of 8-bit values with a `width`-byte length prefix. */
  u8List(width: PrefixWidth, values: readonly number[]): this {
    return this.prefixed(width, (w) => {
      for (const v of values) w.u8(v);
    });
  }

  /** The bytes written: a view of the internal buffer, valid until the next write. */
  view(): Uint8Array {
    return this.#buffer.subarray(0, this.#length);
  }

  /** A copy of the bytes written. */
  finish(): Uint8Array {
    return this.#buffer.slice(0, this.#length);
  }

  /**
   * Empties the writer for reuse: what was written is wiped (it may have
   * been secret), and a buffer grown past `keep` bytes is let go.
   */
  clear(keep = 64 * 1024): this {
    this.#buffer.fill(0, 0, this.#length);
    if (this.#buffer.length > keep) this.#buffer = new Uint8Array(256);
    this.#length = 0;
    return this;
  }
}
