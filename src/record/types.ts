/**
 * Types shared by the pieces of the record layer: what a protection state
 * is, and what the record layer hands up.
 *
 * @module
 */
import type { SequenceNumber } from './sequence.js';

/** Length of a TLS record header: type(1) || version(2) || length(2) (RFC 5246 6.2.1). */
export const RECORD_HEADER_LENGTH = 5;

/** The content type and plaintext of an opened record. */
export interface OpenedRecord {
  /** The real content type (in TLS 1.3, the inner type of TLSInnerPlaintext). */
  readonly contentType: number;
  /** The plaintext; a view into the record's own memory (decrypted in place). */
  readonly data: Uint8Array;
  /**
   * TLS 1.3: the length of the whole TLSInnerPlaintext (content, type byte
   * and padding), which a record_size_limit bounds (RFC 8449 4).
   */
  readonly innerLength?: number;
}

/**
 * One direction's record protection (RFC 5246 6.1's "connection state"
 * minus compression): the null state, a stream cipher with a MAC, CBC with
 * MAC-then-encrypt or encrypt-then-MAC, or an AEAD.
 *
 * A state is used for one direction only, and owns that direction's
 * sequence number, which starts at 0 when the state becomes current.
 */
export interface ProtectionState {
  /** A readable description for logs and tests, e.g. `"aes128gcm"`. */
  readonly description: string;
  /** True only for the initial state, which protects nothing. */
  readonly isNull: boolean;
  /**
   * True for CBC with an implicit IV (SSLv3 and TLS 1.0), where the 1/n-1
   * record split defends against BEAST.
   */
  readonly implicitIv: boolean;
  /** True for the TLS 1.3 record format (inner content type, fixed outer header). */
  readonly tls13: boolean;
  /** This direction's sequence number (the next one to use). */
  readonly sequence: SequenceNumber;
  /**
   * Protects one record and returns it whole: the 5-byte header followed by
   * the protected fragment, in one new buffer. `plaintext` is not modified.
   * `maxInnerLength` (TLS 1.3 only; others ignore it) is the peer's
   * record_size_limit, which bounds content, type byte and padding together
   * (RFC 8449 4): padding is cut to fit it.
   */
  seal(contentType: number, version: number, plaintext: Uint8Array, maxInnerLength?: number): Uint8Array;
  /**
   * Authenticates and decrypts a record fragment. The fragment's memory is
   * overwritten (decryption happens in place) and the result is a view into it.
   * @throws TLSBadRecordMAC when authentication fails (or CBC padding is wrong;
   *   the two are indistinguishable by design).
   */
  open(contentType: number, version: number, fragment: Uint8Array): OpenedRecord;
}

/** A complete handshake message as the reassembler yields it. */
export interface HandshakeMessage {
  /** HandshakeType of the message. */
  readonly msgType: number;
  /** The body (without the 4-byte header). */
  readonly body: Uint8Array;
  /** The whole message, header included: what the transcript hash absorbs. */
  readonly raw: Uint8Array;
}

/** What the record layer hands up, one at a time. */
export type RecordEvent =
  | ({ readonly type: 'handshake' } & HandshakeMessage)
  | { readonly type: 'application_data'; readonly data: Uint8Array }
  | { readonly type: 'alert'; readonly level: number; readonly description: number }
  | { readonly type: 'change_cipher_spec' }
  | { readonly type: 'heartbeat'; readonly data: Uint8Array }
  | {
      /**
       * An SSLv2-format ClientHello (RFC 5246 Appendix E.2), seen as the
       * first record of the connection. `body` starts at msg_type and is
       * what the handshake hashes; `raw` includes the 2-byte header.
       */
      readonly type: 'ssl2_client_hello';
      readonly body: Uint8Array;
      readonly raw: Uint8Array;
    };
