/**
 * Pieces every protection state shares: the record header writer and the
 * single authentication-failure error.
 *
 * @module
 */
import { TLSBadRecordMAC } from '../../errors.js';
import { RECORD_HEADER_LENGTH } from '../types.js';

/**
 * Outgoing records are carved out of shared slabs rather than allocated one
 * by one: a fresh 16 KiB ArrayBuffer (zeroed, tracked as external memory
 * by the garbage collector) costs more than sealing the record with a
 * native AES-GCM. As with Node's own Buffer pool, a record is a view of a
 * larger ArrayBuffer, and keeping one record alive keeps its slab alive.
 */
// Below glibc's default mmap threshold (128 KiB): a larger slab would be
// fresh pages from the kernel each time, paying a page fault per 4 KiB,
// which measured slower than no slab at all for 16 KiB records.
const SLAB_SIZE = 96 * 1024;
let slab = new ArrayBuffer(0);
let slabOffset = 0;

function allocate(length: number): Uint8Array {
  if (length > SLAB_SIZE / 4) return new Uint8Array(length); // a maximal record (2^14 + 2048 + 5) still fits
  if (slabOffset + length > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_SIZE);
    slabOffset = 0;
  }
  const view = new Uint8Array(slab, slabOffset, length);
  slabOffset += (length + 7) & ~7; // keep views 8-byte aligned
  return view;
}

/**
 * A new buffer for a whole record with its header written: type ||
 * version || fragmentLength (RFC 5246 6.2.1). The rest is zero; the
 * memory is the caller's from now on (it is never handed out twice).
 */
export function newRecord(contentType: number, version: number, fragmentLength: number): Uint8Array {
  const record = allocate(RECORD_HEADER_LENGTH + fragmentLength);
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
