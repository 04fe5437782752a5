/**
 * TLS 1.3 record protection (RFC 8446 5.2-5.4), so that the 1.3
 * handshake can slot into the same record layer: the real content type
 * travels inside the encryption (TLSInnerPlaintext = content || type ||
 * zeros), the outer header always says application_data with
 * legacy_record_version 0x0303, the nonce is the IV XOR the sequence
 * number, and the additional data is the outer header itself.
 *
 * @module
 */
import type { Aead } from '../../crypto/provider.js';
import { ContentType, ProtocolVersion, RecordLimits } from '../../constants.js';
import { TLSRecordOverflow, TLSUnexpectedMessage } from '../../errors.js';
import { SequenceNumber } from '../sequence.js';
import type { OpenedRecord, ProtectionState } from '../types.js';
import { badRecordMac, newRecord } from './common.js';

/**
 * How many zero bytes to add after the content type of an outgoing record
 * (RFC 8446 5.4), given the content length, its type and the most that
 * fits (the seed's padding_cb). Values outside 0..max are clamped.
 */
export type Tls13PaddingCallback = (size: number, contentType: number, max: number) => number;

/** How a TLS 1.3 state is set up. */
export interface Tls13AeadOptions {
  /** Record padding for the records this state seals (none by default). */
  readonly padding?: Tls13PaddingCallback | null;
  readonly aead: Aead;
  readonly tagLength: number;
  /** The 12-byte write IV from the key schedule (RFC 8446 7.3). */
  readonly iv: Uint8Array;
  readonly description: string;
}

/** A TLS 1.3 AEAD state for one direction (padding on sending only through `padding`). */
export class Tls13AeadProtection implements ProtectionState {
  readonly isNull = false;
  readonly implicitIv = false;
  readonly tls13 = true;
  readonly sequence = new SequenceNumber();
  readonly description: string;
  readonly #aead: Aead;
  readonly #tagLength: number;
  readonly #iv: Uint8Array;
  readonly #padding: Tls13PaddingCallback | null;
  readonly #nonce = new Uint8Array(12);
  /** The outer header of the record being opened: the additional data (RFC 8446 5.2). */
  readonly #aad = new Uint8Array(5);

  constructor(options: Tls13AeadOptions) {
    if (options.iv.length !== 12) throw new RangeError(`iv must be 12 bytes long, got ${options.iv.length}`);
    this.#aead = options.aead;
    this.#tagLength = options.tagLength;
    this.#iv = options.iv.slice();
    this.#padding = options.padding ?? null;
    this.description = options.description;
  }

  seal(contentType: number, _version: number, plaintext: Uint8Array, maxInnerLength?: number): Uint8Array {
    const nonce = this.#nonceFor(this.sequence.take());
    // RFC 8446 5.4: TLSInnerPlaintext (content, type, zeros) is at most
    // 2^14 + 1 bytes; RFC 8449 4: at most the peer's record_size_limit.
    const maxInner = Math.min(RecordLimits.maxPlaintext + 1, maxInnerLength ?? Infinity);
    let pad = 0;
    if (this.#padding !== null) {
      const max = Math.max(0, maxInner - 1 - plaintext.length);
      const wanted = Math.trunc(Number(this.#padding(plaintext.length, contentType, max)));
      pad = Number.isFinite(wanted) ? Math.min(max, Math.max(0, wanted)) : 0;
    }
    const inner = plaintext.length + 1 + pad;
    const record = newRecord(ContentType.application_data, ProtocolVersion.TLS1_2, inner + this.#tagLength);
    record.set(plaintext, 5);
    record[5 + plaintext.length] = contentType;
    if (pad > 0) record.fill(0, 6 + plaintext.length, 5 + inner);
    // Sealed in place: the inner plaintext is already where the ciphertext goes.
    this.#aead.seal(nonce, record.subarray(0, 5), record.subarray(5, 5 + inner), record.subarray(5));
    return record;
  }

  open(contentType: number, version: number, fragment: Uint8Array): OpenedRecord {
    const nonce = this.#nonceFor(this.sequence.take());
    // RFC 8446 5.2: protected records are application_data on the outside.
    if (contentType !== ContentType.application_data) {
      throw new TLSUnexpectedMessage(`protected record of type ${ContentType.nameOf(contentType)}`);
    }
    const innerLength = fragment.length - this.#tagLength;
    if (innerLength < 0) throw badRecordMac();
    const aad = this.#aad;
    aad[0] = contentType;
    aad[1] = version >>> 8;
    aad[2] = version;
    aad[3] = fragment.length >>> 8;
    aad[4] = fragment.length;
    const inner = this.#aead.open(nonce, aad, fragment, fragment.subarray(0, innerLength));
    if (inner === null) throw badRecordMac();
    // RFC 8446 5.4: TLSInnerPlaintext is at most 2^14 + 1 bytes.
    if (inner.length > RecordLimits.maxPlaintext + 1) throw new TLSRecordOverflow('inner plaintext too long');
    // The content type is the last non-zero byte; all zeros is unexpected_message.
    let end = inner.length - 1;
    while (end >= 0 && inner[end] === 0) end--;
    if (end < 0) throw new TLSUnexpectedMessage('protected record without a content type');
    return { contentType: inner[end]!, data: inner.subarray(0, end), innerLength: inner.length };
  }

  #nonceFor(seq: Uint8Array): Uint8Array {
    const nonce = this.#nonce;
    const iv = this.#iv;
    for (let i = 0; i < 4; i++) nonce[i] = iv[i]!;
    for (let i = 0; i < 8; i++) nonce[4 + i] = iv[4 + i]! ^ seq[i]!;
    return nonce;
  }
}
