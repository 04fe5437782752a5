/**
 * CBC padding for the outgoing direction (RFC 5246 6.2.3.2, RFC 6101
 * 5.2.3.2): padding || padding_length, every byte equal to the padding
 * length, the total a multiple of the block length.
 *
 * @module
 */
import type { RandomPool } from './random-pool.js';

/**
 * The padding length (not counting the length byte) for `contentLength`
 * bytes of data and MAC. Minimal by default. With `random`, a random
 * number of extra blocks is added, up to the 255-byte maximum (RFC 5246
 * 6.2.3.2 allows any length up to 255 "to frustrate attacks on a protocol
 * that are based on analysis of the lengths of exchanged messages"); SSLv3
 * forbids that (its padding must be shorter than a block, RFC 6101
 * 5.2.3.2), so callers pass no `random` there.
 */
export function paddingLength(contentLength: number, blockLength: number, random?: RandomPool): number {
  const minimal = (blockLength - ((contentLength + 1) % blockLength)) % blockLength;
  if (random === undefined) return minimal;
  const maxExtraBlocks = Math.floor((255 - minimal) / blockLength);
  const extra = random.take(1)[0]! % (maxExtraBlocks + 1);
  return minimal + extra * blockLength;
}

/** Writes `padLength + 1` bytes of value `padLength` at the end of `body`. */
export function writePadding(body: Uint8Array, padLength: number): void {
  body.fill(padLength, body.length - padLength - 1);
}

/**
 * Checks the padding at the end of `plaintext` once the record's MAC has
 * already been verified (encrypt-then-MAC), so no timing care is needed
 * here: the attacker cannot produce a record that gets this far. Returns
 * the length of the data before the padding, or -1.
 */
export function checkPadding(plaintext: Uint8Array): number {
  const n = plaintext.length;
  if (n === 0) return -1;
  const padLength = plaintext[n - 1]!;
  if (padLength + 1 > n) return -1;
  for (let i = n - 1 - padLength; i < n - 1; i++) if (plaintext[i] !== padLength) return -1;
  return n - 1 - padLength;
}
