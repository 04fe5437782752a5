/**
 * Skipping the early data of a client whose 0-RTT the server rejected
 * (RFC 8446 4.2.10). The server has no (or does not use the) early
 * traffic keys, so it cannot read those records; it drops them, counting
 * their size against a limit, until the client's next flight:
 *
 * - `undecryptable` (the server answered with a ServerHello): records
 *   are opened with the handshake traffic keys; one that fails
 *   authentication is early data and is dropped, its sequence number
 *   given back (trial decryption). The first record that opens ends
 *   the skipping: it is the start of the client's second flight.
 * - `application_data` (the server answered with a HelloRetryRequest):
 *   every record whose outer type is application_data is dropped,
 *   unopened, until a record of another type (the second ClientHello)
 *   arrives.
 *
 * RFC 8446 4.6.1: a server receiving more than max_early_data_size bytes
 * of 0-RTT data should end the connection with unexpected_message. Only
 * the payload counts; an undecryptable record's payload is its length
 * less the inner content type and a 16-byte tag.
 *
 * @module
 */
import { ContentType } from '../constants.js';
import { TLSBadRecordMAC, TLSUnexpectedMessage } from '../errors.js';
import type { OpenedRecord, ProtectionState } from './types.js';

/** How the records of rejected early data are recognised. */
export type EarlyDataSkipMode = 'undecryptable' | 'application_data';

/** TLSInnerPlaintext's content type byte plus a 16-byte AEAD tag. */
const RECORD_OVERHEAD = 17;

/** One skipping run: from the server's answer to the client's next flight. */
export class EarlyDataSkipper {
  #skipped = 0;
  #done = false;

  constructor(
    readonly mode: EarlyDataSkipMode,
    /** Most payload bytes dropped before the connection fails. */
    readonly limit: number,
  ) {
    if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
  }

  /** True once the client's next flight started: the record layer drops this skipper. */
  get done(): boolean {
    return this.#done;
  }

  /** Bytes of early data dropped so far. */
  get skipped(): number {
    return this.#skipped;
  }

  /**
   * Opens a record with `state`, or drops it as early data (null).
   * @throws TLSUnexpectedMessage past the limit; whatever `state.open` throws for a record that is not skipped.
   */
  open(state: ProtectionState, contentType: number, version: number, fragment: Uint8Array): OpenedRecord | null {
    if (contentType !== ContentType.application_data) {
      if (this.mode === 'application_data') this.#done = true;
      return state.open(contentType, version, fragment);
    }
    if (this.mode === 'application_data') {
      this.#count(fragment.length);
      return null;
    }
    const sequence = state.sequence.value;
    try {
      const opened = state.open(contentType, version, fragment);
      this.#done = true;
      return opened;
    } catch (error) {
      if (!(error instanceof TLSBadRecordMAC)) throw error;
      // Not under these keys: early data. Its sequence number was never ours.
      state.sequence.value = sequence;
      this.#count(fragment.length);
      return null;
    }
  }

  #count(length: number): void {
    this.#skipped += Math.max(0, length - RECORD_OVERHEAD);
    if (this.#skipped > this.limit) {
      throw new TLSUnexpectedMessage(`more than ${this.limit} bytes of early data (RFC 8446 4.6.1)`);
    }
  }
}
