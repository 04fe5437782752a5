/**
 * `encode(write)`: runs a codec's `write` into a Writer sized exactly
 * for it.
 *
 * WHY: `Writer` (src/codec/writer.ts, at the time of writing) loses or
 * misplaces data when `u8()` or `bytes()` has to grow its buffer: the
 * buffer reference is read before `#reserve` replaces it
 * (`this.#buffer.set(data, this.#reserve(n))`). Until that is fixed,
 * measuring first and allocating once means the buffer never grows.
 * The measuring pass is a duck-typed Writer that only counts; it costs
 * one extra walk over the structure, no copies.
 *
 * @module
 */
import type { PrefixWidth } from '../codec/parser.js';
import { Writer } from '../codec/writer.js';

/** Counts what a Writer would write, checking nothing else. */
class CountingWriter {
  length = 0;
  u8(): this {
    this.length += 1;
    return this;
  }
  u16(): this {
    this.length += 2;
    return this;
  }
  u24(): this {
    this.length += 3;
    return this;
  }
  u32(): this {
    this.length += 4;
    return this;
  }
  u64(): this {
    this.length += 8;
    return this;
  }
  bytes(data: Uint8Array): this {
    this.length += data.length;
    return this;
  }
  vector(width: PrefixWidth, data: Uint8Array): this {
    this.length += width + data.length;
    return this;
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
  prefixed(width: PrefixWidth, body: (w: this) => void): this {
    this.length += width;
    body(this);
    return this;
  }
  u16List(width: PrefixWidth, values: readonly number[]): this {
    this.length += width + 2 * values.length;
    return this;
  }
  u8List(width: PrefixWidth, values: readonly number[]): this {
    this.length += width + values.length;
    return this;
  }
}

/** The bytes `write` produces. */
export function encode(write: (w: Writer) => void): Uint8Array {
  const counter = new CountingWriter();
  write(counter as unknown as Writer);
  const w = new Writer(counter.length);
  write(w);
  return w.finish();
}
