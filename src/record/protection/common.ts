/**
 * Pieces every protection state shares: the record header writer and the
 * single authentication-failure error.
 *
 * @module
 */
import { TLSBadRecordMAC } from '../../errors.js';
import { allocateOutput } from '../output-pool.js';
import { RECORD_HEADER_LENGTH } from '../types.js';

/**
 * A new buffer for a whole record with its header written: type ||
 * version || fragmentLength (RFC 5246 6.2.1). The rest is undefined
 * (see output-pool.ts): the caller writes every byte of the fragment.
 */
export function newRecord(contentType: number, version: number, fragmentLength: number): Uint8Array {
  const record = allocateOutput(RECORD_HEADER_LENGTH + fragmentLength);
  record[0] = contentType;
  record[1] = version >>> 8;
  record[2] = version;
  record[3] = fragmentLength >>> 8;
  record[4] = fragmentLength;
  return record;
}

/**
 * The error for every record that fails authentication: wrong MAC, wrong
 * tag, wrong CBC padding or an impossible length. One class and one
 * message, so that none of these can be told from another (RFC 5246
 * 6.2.3.2; bad_record_mac, never decryption_failed, RFC 5246 7.2.2).
 */
export function badRecordMac(): TLSBadRecordMAC {
  return new TLSBadRecordMAC('record authentication failed');
}
