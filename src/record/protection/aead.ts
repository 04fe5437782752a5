/**
 * AEAD protection for TLS 1.2 (RFC 5246 6.2.3.3), with the three ways of
 * building the 12-byte nonce:
 * - `explicit` (AES-GCM, RFC 5288 3; AES-CCM, RFC 6655 3): a 4-byte salt
 *   from the key block || an 8-byte explicit part sent in front of the
 *   ciphertext. We send the sequence number as the explicit part (RFC 5288
 *   3 allows it, and it can never repeat); the receiver takes whatever the
 *   peer sent.
 * - `xor` (ChaCha20-Poly1305, RFC 7905 2): the 12-byte IV from the key
 *   block XOR the 64-bit sequence number, left-padded with zeros; nothing
 *   explicit on the wire.
 * - `prefix` (tlslite-ng's 'chacha20-poly1305_draft00', from
 *   draft-ietf-tls-chacha20-poly1305-00): a 4-byte fixed IV || the 8-byte
 *   sequence number; nothing explicit on the wire.
 *
 * The additional data is seq_num || type || version || length of the
 * plaintext (RFC 5246 6.2.3.3). Records are opened in place: the provider
 * writes the plaintext over the ciphertext it came from.
 *
 * @module
 */
import type { Aead } from '../../crypto/provider.js';
import { SequenceNumber } from '../sequence.js';
import type { OpenedRecord, ProtectionState } from '../types.js';
import { badRecordMac, newRecord } from './common.js';

/** How the nonce is built (see the module comment). */
export type NonceMode = 'explicit' | 'xor' | 'prefix';

/** Length of the explicit nonce part of the `explicit` mode (RFC 5288 3). */
export const EXPLICIT_NONCE_LENGTH = 8;

/** How an AEAD state is set up. */
export interface AeadOptions {
  readonly aead: Aead;
  readonly tagLength: number;
  readonly nonceMode: NonceMode;
  /** The fixed IV from the key block: 4 bytes for `explicit` and `prefix`, 12 for `xor`. */
  readonly iv: Uint8Array;
  readonly description: string;
}

/** A TLS 1.2 AEAD state for one direction. */
export class AeadProtection implements ProtectionState {
  readonly isNull = false;
  readonly implicitIv = false;
  readonly tls13 = false;
  readonly sequence = new SequenceNumber();
  readonly description: string;
  readonly #aead: Aead;
  readonly #tagLength: number;
  readonly #mode: NonceMode;
  readonly #iv: Uint8Array;
  readonly #explicitLength: number;
  readonly #nonce = new Uint8Array(12);
  readonly #aad = new Uint8Array(13);

  constructor(options: AeadOptions) {
    const want = options.nonceMode === 'xor' ? 12 : 4;
    if (options.iv.length !== want) throw new RangeError(`iv must be ${want} bytes long, got ${options.iv.length}`);
    this.#aead = options.aead;
    this.#tagLength = options.tagLength;
    this.#mode = options.nonceMode;
    this.#iv = options.iv.slice();
    this.#explicitLength = options.nonceMode === 'explicit' ? EXPLICIT_NONCE_LENGTH : 0;
    this.description = options.description;
    if (options.nonceMode !== 'xor') this.#nonce.set(this.#iv);
  }

  seal(contentType: number, version: number, plaintext: Uint8Array): Uint8Array {
    const seq = this.sequence.take();
    const nonce = this.#nonceFor(seq);
    const aad = this.#aadFor(seq, contentType, version, plaintext.length);
    const explicit = this.#explicitLength;
    const record = newRecord(contentType, version, explicit + plaintext.length + this.#tagLength);
    if (explicit > 0) record.set(seq, 5);
    this.#aead.seal(nonce, aad, plaintext, record.subarray(5 + explicit));
    return record;
  }

  open(contentType: number, version: number, fragment: Uint8Array): OpenedRecord {
    const seq = this.sequence.take();
    const explicit = this.#explicitLength;
    const dataLength = fragment.length - explicit - this.#tagLength;
    if (dataLength < 0) throw badRecordMac();
    let nonce: Uint8Array;
    if (explicit > 0) {
      nonce = this.#nonce;
      nonce.set(fragment.subarray(0, explicit), 4);
    } else {
      nonce = this.#nonceFor(seq);
    }
    const aad = this.#aadFor(seq, contentType, version, dataLength);
    const sealed = fragment.subarray(explicit);
    const data = this.#aead.open(nonce, aad, sealed, sealed.subarray(0, dataLength));
    if (data === null) throw badRecordMac();
    return { contentType, data };
  }

  #nonceFor(seq: Uint8Array): Uint8Array {
    const nonce = this.#nonce;
    if (this.#mode === 'xor') {
      const iv = this.#iv;
      for (let i = 0; i < 4; i++) nonce[i] = iv[i]!;
      for (let i = 0; i < 8; i++) nonce[4 + i] = iv[4 + i]! ^ seq[i]!;
    } else {
      nonce.set(seq, 4);
    }
    return nonce;
  }

  #aadFor(seq: Uint8Array, contentType: number, version: number, length: number): Uint8Array {
    const aad = this.#aad;
    aad.set(seq);
    aad[8] = contentType;
    aad[9] = version >>> 8;
    aad[10] = version;
    aad[11] = length >>> 8;
    aad[12] = length;
    return aad;
  }
}
