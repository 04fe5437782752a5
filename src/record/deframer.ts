/**
 * Framing of the incoming byte stream into records (RFC 5246 6.2.1,
 * RFC 8446 5.1).
 *
 * Bytes arrive in chunks of any size. The deframer keeps the chunks in a
 * list instead of concatenating a growing buffer on every read: a record
 * that lies inside one chunk is handed out as a view of it (no copy), and
 * only a record that straddles chunks is copied, once, into a buffer of
 * exactly its size.
 *
 * The header is checked as soon as it is complete, before the body is
 * waited for, so a bogus length can never make us buffer more than one
 * maximal record: a caller that takes every record after each push never
 * holds more than `5 + maxFragmentLength - 1` bytes.
 *
 * Ownership: chunks passed to `push()` belong to the deframer; the records
 * it yields are views of them, and the protection states decrypt those in
 * place, so a caller must not reuse a chunk's memory afterwards.
 *
 * @module
 */
import { ContentType, RecordLimits } from '../constants.js';
import { TLSDecodeError, TLSProtocolVersionError, TLSRecordOverflow, TLSUnexpectedMessage } from '../errors.js';
import { RECORD_HEADER_LENGTH } from './types.js';

/** A framed record, still protected. */
export interface RawRecord {
  /** ContentType from the header (for an SSLv2 record: 0). */
  readonly contentType: number;
  /** The 16-bit version from the header. */
  readonly version: number;
  /** The fragment (without the header). */
  readonly fragment: Uint8Array;
  /** Present for an SSLv2-format record: the 2-byte header and the body together. */
  readonly ssl2Raw?: Uint8Array;
}

/**
 * The smallest SSLv2 CLIENT-HELLO body: msg_type(1), version(2),
 * cipher_spec_length(2), session_id_length(2), challenge_length(2)
 * (RFC 5246 E.2).
 */
const SSL2_MIN_HELLO = 9;

/** Options of a deframer. */
export interface DeframerOptions {
  /**
   * Accept an SSLv2-format ClientHello as the first record (RFC 5246
   * Appendix E.2; a server that accepts old clients must). Default false.
   */
  acceptSSLv2Hello?: boolean;
}

/** Splits a byte stream into records. */
export class Deframer {
  /** Largest fragment accepted in a header (2^14 + 2048; 2^14 + 256 for TLS 1.3). */
  maxFragmentLength: number = RecordLimits.maxCiphertext;

  readonly #chunks: Uint8Array[] = [];
  /** Index of the first live chunk in #chunks. */
  #head = 0;
  /** Bytes of the first live chunk already consumed. */
  #offset = 0;
  #buffered = 0;
  /** True until the first record has been framed (SSLv2 detection applies only then). */
  #first = true;
  readonly #acceptSSLv2: boolean;

  constructor(options: DeframerOptions = {}) {
    this.#acceptSSLv2 = options.acceptSSLv2Hello ?? false;
  }

  /** Bytes received and not yet framed into a record. */
  get bufferedBytes(): number {
    return this.#buffered;
  }

  /** Appends received bytes (the deframer takes ownership of `chunk`). */
  push(chunk: Uint8Array): void {
    if (!(chunk instanceof Uint8Array)) throw new TypeError('chunk must be a Uint8Array');
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
  }

  /**
   * The next whole record, or null when more bytes are needed. The header
   * is validated first:
   * - an unknown content type is unexpected_message (RFC 5246 6, RFC 8446 5);
   * - a major version other than 3 is protocol_version (no SSLv2 records
   *   after the first; SSLv3 and every TLS use major 3);
   * - a length above `maxFragmentLength` is record_overflow (RFC 5246
   *   6.2.3: 2^14 + 2048; RFC 8446 5.2: 2^14 + 256).
   */
  next(): RawRecord | null {
    if (this.#buffered === 0) return null;
    const b0 = this.#peek(0);
    if (this.#first && this.#acceptSSLv2 && (b0 & 0x80) !== 0) {
      if (this.#buffered < 3) return null;
      if (this.#peek(2) === 1) return this.#nextSSLv2(b0);
    }
    if (!ContentType.has(b0)) {
      throw new TLSUnexpectedMessage(`record of unknown content type ${ContentType.nameOf(b0)}`);
    }
    if (this.#buffered < RECORD_HEADER_LENGTH) return null;
    const major = this.#peek(1);
    const version = (major << 8) | this.#peek(2);
    if (major !== 3) {
      throw new TLSProtocolVersionError(`record with version 0x${version.toString(16).padStart(4, '0')}`);
    }
    const length = (this.#peek(3) << 8) | this.#peek(4);
    if (length > this.maxFragmentLength) {
      throw new TLSRecordOverflow(`record of ${length} bytes exceeds the limit of ${this.maxFragmentLength}`);
    }
    if (this.#buffered < RECORD_HEADER_LENGTH + length) return null;
    this.#skip(RECORD_HEADER_LENGTH);
    this.#first = false;
    return { contentType: b0, version, fragment: this.#take(length) };
  }

  /**
   * An SSLv2 record with a 2-byte header (RFC 5246 E.2: "the highest bit
   * MUST be 1") carrying a CLIENT-HELLO (msg_type 1).
   */
  #nextSSLv2(b0: number): RawRecord | null {
    const length = ((b0 & 0x7f) << 8) | this.#peek(1);
    if (length < SSL2_MIN_HELLO) throw new TLSDecodeError(`SSLv2 ClientHello of ${length} bytes is too short`);
    if (length > this.maxFragmentLength) {
      throw new TLSRecordOverflow(`SSLv2 record of ${length} bytes exceeds the limit of ${this.maxFragmentLength}`);
    }
    if (this.#buffered < 2 + length) return null;
    const raw = this.#take(2 + length);
    this.#first = false;
    const version = (raw[3]! << 8) | raw[4]!;
    return { contentType: 0, version, fragment: raw.subarray(2), ssl2Raw: raw };
  }

  /** Byte `index` of the unconsumed data (index < buffered). */
  #peek(index: number): number {
    let i = this.#head;
    let at = this.#offset + index;
    for (;;) {
      const chunk = this.#chunks[i]!;
      if (at < chunk.length) return chunk[at]!;
      at -= chunk.length;
      i++;
    }
  }

  /** Discards `count` bytes (count <= buffered). */
  #skip(count: number): void {
    this.#buffered -= count;
    while (count > 0) {
      const chunk = this.#chunks[this.#head]!;
      const left = chunk.length - this.#offset;
      if (count < left) {
        this.#offset += count;
        return;
      }
      count -= left;
      this.#dropHead();
    }
  }

  /** Removes `count` bytes (count <= buffered): a view when they lie in one chunk, else one copy. */
  #take(count: number): Uint8Array {
    const chunk = this.#chunks[this.#head];
    if (count === 0 || chunk === undefined) return new Uint8Array(0);
    const start = this.#offset;
    if (start + count <= chunk.length) {
      // A plain view (Buffer's subarray goes through a species lookup).
      const view = new Uint8Array(chunk.buffer, chunk.byteOffset + start, count);
      this.#buffered -= count;
      if (start + count === chunk.length) this.#dropHead();
      else this.#offset = start + count;
      return view;
    }
    // The record straddles chunks: assemble it once (every byte is copied
    // over, so the memory need not be zeroed first).
    const out = new Uint8Array(Buffer.allocUnsafeSlow(count).buffer, 0, count);
    let filled = 0;
    while (filled < count) {
      const c = this.#chunks[this.#head]!;
      const n = Math.min(c.length - this.#offset, count - filled);
      out.set(c.subarray(this.#offset, this.#offset + n), filled);
      filled += n;
      if (this.#offset + n === c.length) this.#dropHead();
      else this.#offset += n;
    }
    this.#buffered -= count;
    return out;
  }

  #dropHead(): void {
    this.#chunks[this.#head] = EMPTY;
    this.#head++;
    this.#offset = 0;
    // Compact now and then so the list does not grow without bound.
    if (this.#head === this.#chunks.length) {
      this.#chunks.length = 0;
      this.#head = 0;
    } else if (this.#head >= 64 && this.#head * 2 >= this.#chunks.length) {
      this.#chunks.splice(0, this.#head);
      this.#head = 0;
    }
  }
}

const EMPTY = new Uint8Array(0);
