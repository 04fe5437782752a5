/**
 * Reassembly of handshake messages from handshake records (RFC 5246
 * 6.2.1, RFC 8446 5.1): one record may carry several messages, and one
 * message may span several records.
 *
 * A message that lies inside one record is handed out as a view of that
 * record's plaintext (no copy); a message split across records is copied
 * into a buffer of exactly its size, allocated only after its 24-bit
 * length has been checked against the cap, so a peer cannot make us
 * reserve more than `maxMessageLength` bytes.
 *
 * @module
 */
import { RecordLimits } from '../constants.js';
import { TLSIllegalParameterException } from '../errors.js';
import type { HandshakeMessage } from './types.js';

/** Handshake message header: msg_type(1) || length(3). */
export const HANDSHAKE_HEADER_LENGTH = 4;

/** Splits and joins handshake records into whole messages. */
export class HandshakeReassembler {
  /** Largest handshake message body accepted. */
  readonly maxMessageLength: number;

  /** Plaintext of the current record, and how far it has been read. */
  #record: Uint8Array | null = null;
  #pos = 0;
  /** A message header split across records. */
  readonly #header = new Uint8Array(HANDSHAKE_HEADER_LENGTH);
  #headerFilled = 0;
  /** A message body split across records: the whole message, and how much of it has arrived. */
  #message: Uint8Array | null = null;
  #messageFilled = 0;

  constructor(maxMessageLength: number = RecordLimits.maxHandshakeMessage) {
    this.maxMessageLength = maxMessageLength;
  }

  /**
   * True when part of a message has arrived and the rest has not: another
   * content type may not arrive now (RFC 8446 5.1), nor may keys change.
   */
  get hasPartialMessage(): boolean {
    return this.#headerFilled > 0 || this.#message !== null;
  }

  /** True when the current record still holds bytes not yet returned by `next()`. */
  get hasUnreadRecord(): boolean {
    return this.#record !== null;
  }

  /** True when any handshake bytes are held (partial message or unread record data). */
  get isEmpty(): boolean {
    return !this.hasPartialMessage && !this.hasUnreadRecord;
  }

  /**
   * Takes the plaintext of one handshake record. The previous record must
   * have been read to its end with `next()` first.
   */
  push(data: Uint8Array): void {
    if (this.#record !== null) throw new Error('HandshakeReassembler.push: the previous record is not consumed');
    if (data.length > 0) {
      this.#record = data;
      this.#pos = 0;
    }
  }

  /** The next complete message, or null when the current record is used up. */
  next(): HandshakeMessage | null {
    const record = this.#record;
    if (record === null) return null;
    let result: HandshakeMessage | null = null;
    if (this.#message !== null) result = this.#continueBody(record);
    else if (this.#headerFilled > 0) result = this.#continueHeader(record);
    else result = this.#fresh(record);
    if (this.#pos >= record.length) this.#record = null;
    return result;
  }

  /** At a message boundary. */
  #fresh(record: Uint8Array): HandshakeMessage | null {
    const pos = this.#pos;
    const left = record.length - pos;
    if (left < HANDSHAKE_HEADER_LENGTH) {
      this.#header.set(record.subarray(pos));
      this.#headerFilled = left;
      this.#pos = record.length;
      return null;
    }
    const length = this.#checkLength(record[pos + 1]!, record[pos + 2]!, record[pos + 3]!);
    const total = HANDSHAKE_HEADER_LENGTH + length;
    if (left >= total) {
      // The common case: the whole message is in this record; no copy.
      this.#pos = pos + total;
      return message(record.subarray(pos, pos + total));
    }
    this.#startBody(total);
    this.#message!.set(record.subarray(pos));
    this.#messageFilled = left;
    this.#pos = record.length;
    return null;
  }

  /** A header split across records. */
  #continueHeader(record: Uint8Array): HandshakeMessage | null {
    const need = HANDSHAKE_HEADER_LENGTH - this.#headerFilled;
    const n = Math.min(need, record.length - this.#pos);
    this.#header.set(record.subarray(this.#pos, this.#pos + n), this.#headerFilled);
    this.#headerFilled += n;
    this.#pos += n;
    if (this.#headerFilled < HANDSHAKE_HEADER_LENGTH) return null;
    const h = this.#header;
    const length = this.#checkLength(h[1]!, h[2]!, h[3]!);
    this.#headerFilled = 0;
    this.#startBody(HANDSHAKE_HEADER_LENGTH + length);
    this.#message!.set(h);
    this.#messageFilled = HANDSHAKE_HEADER_LENGTH;
    if (length === 0) return this.#finishBody();
    return this.#continueBody(record);
  }

  /** A body split across records. */
  #continueBody(record: Uint8Array): HandshakeMessage | null {
    const target = this.#message!;
    const n = Math.min(target.length - this.#messageFilled, record.length - this.#pos);
    target.set(record.subarray(this.#pos, this.#pos + n), this.#messageFilled);
    this.#messageFilled += n;
    this.#pos += n;
    return this.#messageFilled === target.length ? this.#finishBody() : null;
  }

  #startBody(total: number): void {
    this.#message = new Uint8Array(total);
    this.#messageFilled = 0;
  }

  #finishBody(): HandshakeMessage {
    const raw = this.#message!;
    this.#message = null;
    this.#messageFilled = 0;
    return message(raw);
  }

  /**
   * The 24-bit length, checked against the cap before anything is
   * buffered. Like OpenSSL ("excessive message size"), an oversized
   * message is an illegal_parameter.
   */
  #checkLength(b1: number, b2: number, b3: number): number {
    const length = (b1 << 16) | (b2 << 8) | b3;
    if (length > this.maxMessageLength) {
      throw new TLSIllegalParameterException(
        `handshake message of ${length} bytes exceeds the limit of ${this.maxMessageLength}`,
      );
    }
    return length;
  }
}

function message(raw: Uint8Array): HandshakeMessage {
  return { msgType: raw[0]!, body: raw.subarray(HANDSHAKE_HEADER_LENGTH), raw };
}
