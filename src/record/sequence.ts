/**
 * 64-bit record sequence numbers (RFC 5246 6.1, RFC 8446 5.3).
 *
 * Each protection state owns one, starting at zero when the state becomes
 * current. A sequence number must never wrap: "If a TLS implementation
 * would need to wrap a sequence number, it must renegotiate instead"
 * (RFC 5246 6.1); RFC 8446 5.3 says rekey or terminate. The record layer
 * cannot renegotiate on its own, so it refuses: using the number after
 * 2^64 - 1 throws, and the connection must close.
 *
 * @module
 */
import { TLSSequenceNumberExhausted } from '../errors.js';

const MAX_U32 = 0xffffffff;

/**
 * A 64-bit counter kept as two 32-bit halves (no bigint on the record
 * path) that writes itself big-endian into an 8-byte buffer.
 */
export { TLSSequenceNumberExhausted };

export class SequenceNumber {
  #hi = 0;
  #lo = 0;
  #exhausted = false;
  /** The current value, big-endian; valid after `take()` until the next call. */
  readonly bytes = new Uint8Array(8);

  /**
   * Writes the current value into `bytes` and advances. Throws
   * `TLSSequenceNumberExhausted` when 2^64 - 1 has already been used.
   */
  take(): Uint8Array {
    if (this.#exhausted) {
      throw new TLSSequenceNumberExhausted('record sequence number would wrap; the connection must be closed');
    }
    const b = this.bytes;
    const hi = this.#hi;
    const lo = this.#lo;
    b[0] = hi >>> 24;
    b[1] = hi >>> 16;
    b[2] = hi >>> 8;
    b[3] = hi;
    b[4] = lo >>> 24;
    b[5] = lo >>> 16;
    b[6] = lo >>> 8;
    b[7] = lo;
    if (lo === MAX_U32) {
      this.#lo = 0;
      if (hi === MAX_U32) this.#exhausted = true;
      else this.#hi = hi + 1;
    } else {
      this.#lo = lo + 1;
    }
    return b;
  }

  /** The next value `take()` will use (for tests and diagnostics). */
  get value(): bigint {
    if (this.#exhausted) return 1n << 64n;
    return (BigInt(this.#hi) << 32n) | BigInt(this.#lo);
  }

  /** Sets the next value (tests use this to reach the end of the range). */
  set value(next: bigint) {
    if (next < 0n || next > (1n << 64n)) throw new RangeError('sequence number must be in 0 .. 2^64');
    this.#exhausted = next === 1n << 64n;
    this.#hi = this.#exhausted ? 0 : Number(next >> 32n);
    this.#lo = this.#exhausted ? 0 : Number(next & 0xffffffffn);
  }
}
