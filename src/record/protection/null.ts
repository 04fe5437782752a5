/**
 * The initial protection state, TLS_NULL_WITH_NULL_NULL (RFC 5246 6.1):
 * records travel as plaintext until the first ChangeCipherSpec.
 *
 * @module
 */
import { SequenceNumber } from '../sequence.js';
import type { OpenedRecord, ProtectionState } from '../types.js';
import { newRecord } from './common.js';

/** No protection at all. */
export class NullProtection implements ProtectionState {
  readonly description = 'null';
  readonly isNull = true;
  readonly implicitIv = false;
  readonly tls13 = false;
  /** Counted for completeness; nothing uses it while records are unprotected. */
  readonly sequence = new SequenceNumber();

  seal(contentType: number, version: number, plaintext: Uint8Array): Uint8Array {
    const record = newRecord(contentType, version, plaintext.length);
    record.set(plaintext, 5);
    return record;
  }

  open(contentType: number, _version: number, fragment: Uint8Array): OpenedRecord {
    return { contentType, data: fragment };
  }
}
