/**
 * Stream-cipher protection (RFC 5246 6.2.3.1, RFC 6101 5.2.3.1): the MAC
 * is appended to the data and the whole is encrypted with RC4, or left as
 * it is for the NULL cipher (the TLS_*_WITH_NULL_* suites: integrity
 * without confidentiality).
 *
 * @module
 */
import type { StreamCipher } from '../../crypto/provider.js';
import { constantTimeEqual } from '../../crypto/bytes.js';
import { SequenceNumber } from '../sequence.js';
import type { OpenedRecord, ProtectionState } from '../types.js';
import { badRecordMac, newRecord } from './common.js';
import type { RecordMac } from './mac.js';

/** A stream cipher (RC4 or NULL) with a record MAC, for one direction. */
export class StreamProtection implements ProtectionState {
  readonly isNull = false;
  readonly implicitIv = false;
  readonly tls13 = false;
  readonly sequence = new SequenceNumber();
  readonly description: string;
  readonly #cipher: StreamCipher;
  readonly #mac: RecordMac;

  constructor(cipher: StreamCipher, mac: RecordMac, description: string) {
    this.#cipher = cipher;
    this.#mac = mac;
    this.description = description;
  }

  seal(contentType: number, version: number, plaintext: Uint8Array): Uint8Array {
    const mac = this.#mac.compute(this.sequence.take(), contentType, version, plaintext);
    const length = plaintext.length + mac.length;
    const record = newRecord(contentType, version, length);
    const body = record.subarray(5);
    body.set(plaintext);
    body.set(mac, plaintext.length);
    this.#cipher.update(body, body);
    return record;
  }

  open(contentType: number, version: number, fragment: Uint8Array): OpenedRecord {
    const seq = this.sequence.take();
    const macLength = this.#mac.length;
    this.#cipher.update(fragment, fragment);
    if (fragment.length < macLength) throw badRecordMac();
    const dataLength = fragment.length - macLength;
    const data = fragment.subarray(0, dataLength);
    const expected = this.#mac.compute(seq, contentType, version, data);
    if (!constantTimeEqual(expected, fragment.subarray(dataLength))) {
      throw badRecordMac();
    }
    return { contentType, data };
  }
}
